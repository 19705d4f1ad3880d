"""The rate limiter's schedule kept with the record: every `reviewdesk fetch` against one
record takes its turn from the same schedule, so together they stay within EDGAR's
requests-a-second limit. A PostgreSQL record keeps it in a row (locked for each change), shared
by fetches on any machine; a SQLite record, which only one machine's processes can share, in a
file beside the database (a row there would queue behind the record's own writes)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite

from reviewdesk.record import Store
from reviewdesk.record.schema import FetchSchedule
from reviewdesk.services.edgar.limiter import FileLedger, Ledger, Schedule, read_schedule

NAME = "edgar"
"""The one schedule of EDGAR's limit (a row per rate-limited service)."""


def record_ledger(store: Store) -> Ledger:
    """Where the fetches against `store` keep their shared schedule."""
    if store.dialect == "postgresql":
        return StoreLedger(store)
    database = store.engine.url.database
    if not database or database == ":memory:":
        return StoreLedger(store)
    path = Path(database)
    return FileLedger(path.with_name(path.name + ".rate-limit.json"))


class StoreLedger:
    """The schedule in the `fetch_schedules` row of the record; on PostgreSQL the times come
    from the database server's clock, so machines whose clocks differ still agree."""

    def __init__(self, store: Store, name: str = NAME) -> None:
        self.store = store
        self.name = name
        self._lock = threading.Lock()
        self._insert = (postgresql if store.dialect == "postgresql" else sqlite).insert

    @contextmanager
    def open(self) -> Iterator[Schedule]:
        """The schedule read under the row's lock (SQLite: the write lock), written back on exit."""
        with self._lock, self.store.write() as session:
            session.execute(
                self._insert(FetchSchedule)
                .values(name=self.name, schedule="")
                .on_conflict_do_nothing(index_elements=["name"])
            )
            row = session.scalars(
                select(FetchSchedule).where(FetchSchedule.name == self.name).with_for_update()
            ).one()
            schedule = read_schedule(row.schedule.encode())
            yield schedule
            row.schedule = json.dumps(schedule)

    def clock(self) -> float:
        """Seconds since the epoch: the PostgreSQL server's clock, or this machine's for SQLite
        (a SQLite record is only ever shared by the processes of one machine)."""
        if self.store.dialect != "postgresql":
            return time.time()
        with self.store.session() as session:
            now = session.scalar(text("SELECT extract(epoch FROM clock_timestamp())"))
        return float(now)

"""EDGAR's rate limit held by every fetch against one record, wherever it runs (issue 16):
the schedule lives in the record's database, so two fetches with separate state folders (as
on two machines) on one PostgreSQL record stay under ten requests a second together."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from edgar_support import LocalEdgar, replay_letters
from psycopg import sql
from sqlalchemy import select

from reviewdesk.record import open_store, schema
from reviewdesk.services.edgar.limiter import FileLedger, RateLimiter
from reviewdesk.services.edgar.store_ledger import StoreLedger, record_ledger

APPLOVIN, CASEYS = "1751008", "726958"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


@pytest.fixture
def pg_record() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped after it."""
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("REVIEWDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is unreachable: {exc}")
        pytest.skip(f"PostgreSQL is unreachable: {exc}")
    name = f"reviewdesk_fetch_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_two_fetches_with_their_own_state_on_one_postgres_record_share_the_limit(
    local_edgar: LocalEdgar, tmp_path: Path, pg_record: str
) -> None:
    def command(cik: str) -> list[str]:
        return [
            sys.executable, "-c", "from reviewdesk.cli import main; main()", "fetch",
            "--cik", cik, "--since", "2016-01-01", "--workers", "4", "--quiet", "--db", pg_record,
        ]  # fmt: skip

    open_store(pg_record).close()  # migrated once, before the two start
    running = [
        subprocess.Popen(
            command(cik),
            env={**os.environ, **local_edgar.env(), "REVIEWDESK_EDGAR_STATE": str(tmp_path / cik)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for cik in (APPLOVIN, CASEYS)
    ]
    outputs = [process.communicate(timeout=180) for process in running]

    assert [process.returncode for process in running] == [0, 0], outputs
    store = open_store(pg_record)
    with store.session() as session:
        stored = set(session.scalars(select(schema.Letter.accession)))
    store.close()
    assert stored == {letter.accession for letter in replay_letters([APPLOVIN, CASEYS])}
    hits = local_edgar.all_hits()
    spans = [
        [hit.at for hit in hits if f"/{int(cik)}/" in hit.path or f"CIK{int(cik):010d}" in hit.path]
        for cik in (APPLOVIN, CASEYS)
    ]
    assert min(spans[0]) < max(spans[1]) and min(spans[1]) < max(spans[0])  # they overlapped
    arrivals = [hit.at for hit in hits]
    busiest = max(
        sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals)
    )
    assert busiest <= 10


def test_a_request_another_machine_has_in_flight_is_waited_for_not_presumed_back(
    tmp_path: Path,
) -> None:
    store = open_store(str(tmp_path / "record.sqlite"))
    now = [1000.0]
    waits: list[float] = []
    limiter = RateLimiter(1, ledger=StoreLedger(store), clock=lambda: now[0], sleep=waits.append)
    with limiter.ledger.open() as schedule:
        schedule.update(issued=1, next=1000.0, flight=[[0, 999.5, None, 1, "another-host"]])
    with limiter.ledger.open() as schedule:
        floor_entry = schedule["flight"][0]
    assert limiter._start(schedule, now[0]) is None  # out on another machine: wait for it
    assert floor_entry[2] is None
    now[0] = 999.5 + 121
    assert limiter._start(schedule, now[0]) == 999.5 + 120 + 1.0  # stale after 120 s
    store.close()


def test_fetches_on_a_sqlite_record_share_a_file_beside_it_whatever_their_state_folder(
    tmp_path: Path,
) -> None:
    store = open_store(str(tmp_path / "record.sqlite"))
    ledger = record_ledger(store)
    store.close()
    assert isinstance(ledger, FileLedger)
    assert ledger.path == tmp_path / "record.sqlite.rate-limit.json"

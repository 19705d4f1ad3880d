"""A request-rate limit shared by every worker thread and, through a file, by every fetch
process that runs against the same record.

Two rules, both needed to keep EDGAR's count (at the server) at `rate` requests in any second:
requests start at least 1/rate seconds apart (plus a little slack), and a request starts only a
full second after the request `rate` places before it (and every one before that) has come
back. The second rule is what holds on a busy machine, where a request that left late could
otherwise arrive bunched up with the ones after it: whatever the delays, the 11th request
cannot reach the server within a second of the 1st, because it leaves a second after the 1st's
answer came back.

The schedule (next free start, tickets in flight, when they came back) lives in a ledger: in
memory for one process, in a JSON file under an exclusive `flock` for all processes sharing
a state folder, or in the record's database for every fetch against that record, on any
machine (services/edgar/store_ledger.py); a shared ledger's clock is one every sharer reads
alike (the wall clock, or the database server's).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

SLACK = 0.005
"""Seconds added to each interval between starts."""
WINDOW = 1.0
STALE = 120.0
"""Seconds after which a request still marked in flight counts as back (its process hung)."""
POLL = 0.01
"""Seconds between looks at the ledger while an earlier request is still out."""
LEDGER_FILE = "rate-limit.json"

Schedule = dict[str, Any]
"""{"next": earliest next start, "issued": tickets handed out, "settled": time by which every
pruned ticket was back, "flight": [[ticket, start, back or None, pid, host], ...] oldest first}."""


def _fresh() -> Schedule:
    return {"next": None, "issued": 0, "settled": None, "flight": []}


class Ledger(Protocol):
    """Where the schedule is kept; `open` gives exclusive use of it and keeps what changed."""

    def open(self) -> Any:
        """A context manager yielding the schedule, exclusively, saved on exit."""
        ...


class MemoryLedger:
    """The schedule of one process's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._schedule = _fresh()

    @contextmanager
    def open(self) -> Iterator[Schedule]:
        """The schedule, under the process's lock."""
        with self._lock:
            yield self._schedule


class FileLedger:
    """The schedule of every process that names the same file (a fetch's state folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @contextmanager
    def open(self) -> Iterator[Schedule]:
        """The schedule read under an exclusive file lock, written back before the lock goes."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.seek(0)
                schedule = read_schedule(handle.read())
                yield schedule
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(schedule).encode())
                handle.flush()


def read_schedule(raw: bytes) -> Schedule:
    """The schedule kept as JSON; anything unreadable starts a fresh one."""
    try:
        loaded = json.loads(raw) if raw.strip() else None
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("flight"), list):
        return _fresh()
    return loaded


class RateLimiter:
    """Hands out tickets to start a request; `acquire` blocks until the ticket may start and
    `done` says its answer came back. Thread-safe; with `shared_in` (a state folder) the limit
    holds across the processes of a machine, with `ledger` (the record's) across machines."""

    def __init__(
        self,
        rate: float,
        *,
        shared_in: Path | None = None,
        ledger: Ledger | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate}")
        self.interval = 1.0 / rate + SLACK
        self.capacity = max(1, int(rate))
        if ledger is None:
            ledger = MemoryLedger() if shared_in is None else FileLedger(shared_in / LEDGER_FILE)
        self.ledger = ledger
        shared_clock = getattr(ledger, "clock", None)
        fallback = time.monotonic if isinstance(ledger, MemoryLedger) else time.time
        self._clock = clock or shared_clock or fallback
        self._sleep = sleep
        self._pid = os.getpid()
        self._host = socket.gethostname()

    def acquire(self) -> int:
        """Wait until this caller may start a request; the ticket goes back through `done`."""
        while True:
            with self.ledger.open() as schedule:
                now = self._clock()
                start = self._start(schedule, now)
                if start is not None:
                    ticket = int(schedule["issued"])
                    schedule["issued"] = ticket + 1
                    schedule["next"] = start + self.interval
                    schedule["flight"].append([ticket, start, None, self._pid, self._host])
                    self._prune(schedule)
                    break
            time.sleep(POLL)
        delay = start - self._clock()
        if delay > 0:
            self._sleep(delay)
        return ticket

    def done(self, ticket: int) -> None:
        """The request of `ticket` has its answer (or failed): it counts as arrived."""
        with self.ledger.open() as schedule:
            for entry in schedule["flight"]:
                if entry[0] == ticket and entry[2] is None:
                    entry[2] = self._clock()
            self._prune(schedule)

    def _start(self, schedule: Schedule, now: float) -> float | None:
        """When the next ticket may start, or None while a request it must wait for is out."""
        start = now if schedule["next"] is None else max(now, float(schedule["next"]))
        floor = int(schedule["issued"]) - self.capacity
        if floor < 0:
            return start
        back_by = schedule["settled"]
        for entry in schedule["flight"]:
            if entry[0] > floor:
                break
            if entry[2] is None:
                entry[2] = self._lost(entry, now)
            if entry[2] is None:
                return None
            back_by = entry[2] if back_by is None else max(back_by, entry[2])
        if back_by is None:
            return start
        return max(start, float(back_by) + WINDOW)

    def _lost(self, entry: list[Any], now: float) -> float | None:
        """When a request still in flight counts as back because nobody will report it: its
        process (on this machine) is gone, or it has been out longer than STALE; else None."""
        started, pid = float(entry[1]), int(entry[3])
        if now - started > STALE:
            return started + STALE
        if pid == self._pid or (len(entry) > 4 and entry[4] != self._host):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return now
        except PermissionError:
            return None
        return None

    def _prune(self, schedule: Schedule) -> None:
        """Fold the oldest answered tickets that no future floor can reach into `settled`."""
        flight = schedule["flight"]
        reach = int(schedule["issued"]) - self.capacity
        while flight and flight[0][0] <= reach and flight[0][2] is not None:
            back = flight.pop(0)[2]
            settled = schedule["settled"]
            schedule["settled"] = back if settled is None else max(settled, back)

"""Back-off on wrong passwords, per account and per client address: after a few failures in
a row sign-in is refused for a time that doubles with each further failure (kept in the
record, so every worker of the desk counts the same failures)."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.accounts.schema import LoginFailures
from reviewdesk.record.audit import now
from reviewdesk.record.dialects import insert_for

FREE_FAILURES = {"user": 5, "address": 20}
"""Failures in a row before the back-off starts: an address may be shared by a whole office."""
MAX_WAIT_SECONDS = 15 * 60
FORGET_AFTER = dt.timedelta(days=1)
"""A count untouched for this long is dropped."""


def keys(username: str, address: str) -> list[str]:
    """The counters a sign-in attempt touches: its account and its client address."""
    return [f"user:{username[:64]}", f"address:{address[:64]}"]


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def wait_seconds(session: Session, counters: list[str]) -> int:
    """Seconds until sign-in may be tried again for these counters (0: now)."""
    at = now()
    locks = session.scalars(
        select(LoginFailures.locked_until).where(
            LoginFailures.key.in_(counters), LoginFailures.locked_until.is_not(None)
        )
    )
    waits = [(_aware(until) - at).total_seconds() for until in locks if until is not None]
    return max([0, *(math.ceil(w) for w in waits if w > 0)])


def record_failure(session: Session, counters: list[str]) -> None:
    """Count one more wrong password on each counter and set its lock when past the free
    failures (1 s, then doubling, at most 15 minutes)."""
    at = now()
    session.execute(delete(LoginFailures).where(LoginFailures.last_at < at - FORGET_AFTER))
    for key in counters:
        statement = insert_for(session, LoginFailures).values(key=key, failures=1, last_at=at)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[LoginFailures.key],
                set_={"failures": LoginFailures.failures + 1, "last_at": at},
            )
        )
        row = session.get(LoginFailures, key, populate_existing=True)
        free = FREE_FAILURES[key.split(":", 1)[0]]
        if row is not None and row.failures >= free:
            wait = min(MAX_WAIT_SECONDS, 2 ** min(row.failures - free, 20))
            row.locked_until = at + dt.timedelta(seconds=wait)


def clear(session: Session, counter: str) -> None:
    """Forget the failures of a counter (a right password for the account)."""
    session.execute(delete(LoginFailures).where(LoginFailures.key == counter))

"""The audit log's hash chain: each entry carries the SHA-256 of its content and of the entry
before it, so any entry changed, removed or replaced afterwards breaks the chain where it
happened (`reviewdesk audit --verify`). Entries are chained as they are flushed, whoever
writes them; on PostgreSQL writers of the log take turns (an advisory lock) so the chain
never forks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, insert, select, text
from sqlalchemy.orm import Session

from reviewdesk.record.schema import AuditEntry

GENESIS = "0" * 64
"""The `prev_hash` of the first entry."""
_PG_AUDIT_LOCK = 727_310_015
_HELD_IN = "reviewdesk.audit_chain.held_in"
"""The session.info key of the transaction that holds the chain's lock (taken once per
transaction)."""


def _instant(at: dt.datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    prev_hash: str, at: dt.datetime, actor: str, action: str, subject: str, detail: Any
) -> str:
    """The hash of one entry after `prev_hash` (SHA-256 of a canonical JSON of its fields)."""
    content = json.dumps(
        [prev_hash, _instant(at), actor, action, subject, detail],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


_LOG = cast(Table, AuditEntry.__table__)
_NEWEST_HASH = select(_LOG.c.hash).order_by(_LOG.c.id.desc()).limit(1)
"""The newest entry's hash, as a Core statement (no ORM compilation each time)."""


def last_hash(session: Session) -> str:
    """The hash of the newest entry (GENESIS for an empty log)."""
    found = session.execute(_NEWEST_HASH).scalar()
    return found or GENESIS


def append(session: Session, entries: list[dict[str, Any]]) -> None:
    """Write `entries` (the audit_log columns at, actor, action, subject, detail) at the end
    of the chain in one statement, without ORM objects: for a writer of many entries at a
    time (the store stage, one per document). Entries added to the session and not yet
    flushed are written first, so the log keeps the order they were made in."""
    if not entries:
        return
    if any(isinstance(o, AuditEntry) for o in session.new):
        session.flush()
    hold_chain(session)
    previous = last_hash(session)
    rows = []
    for entry in entries:
        chained = {**entry, "prev_hash": previous}
        chained["hash"] = previous = entry_hash(
            previous,
            entry["at"],
            entry["actor"],
            entry["action"],
            entry["subject"],
            entry["detail"],
        )
        rows.append(chained)
    session.execute(insert(_LOG), rows)


def hold_chain(session: Session) -> None:
    """Take the audit chain's lock for the rest of the transaction (PostgreSQL; SQLite has one
    writer anyway). A writer that reads what it will write (companies, filings) before its
    audit entries are flushed takes it first, so two writers never work from the same reads."""
    if session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_HELD_IN) is transaction:
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_AUDIT_LOCK})
    session.info[_HELD_IN] = session.get_transaction()


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session: Session, _context: Any, _instances: Any) -> None:
    """Give the entries about to be written their place in the chain, in the order added."""
    fresh = [o for o in session.new if isinstance(o, AuditEntry) and o.hash is None]
    if not fresh:
        return
    hold_chain(session)
    previous = last_hash(session)
    for entry in fresh:
        entry.detail = entry.detail if entry.detail is not None else {}
        entry.prev_hash = previous
        entry.hash = entry_hash(
            previous, entry.at, entry.actor, entry.action, entry.subject, entry.detail
        )
        previous = entry.hash


@dataclass(frozen=True, slots=True)
class Break:
    """Where the chain does not hold: the entry id and what is wrong there."""

    entry_id: int
    problem: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """What checking the whole log found."""

    entries: int
    head: str
    breaks: list[Break]


def verify(rows: Iterable[AuditEntry]) -> Verdict:
    """Check every entry, oldest first: its hash matches its content and it follows the
    entry before it."""
    breaks: list[Break] = []
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        if row.prev_hash != previous:
            breaks.append(Break(row.id, "does not follow the entry before it (one removed?)"))
        expected = entry_hash(
            row.prev_hash or "", row.at, row.actor, row.action, row.subject, row.detail
        )
        if row.hash != expected:
            breaks.append(Break(row.id, "its content does not match its hash (changed?)"))
        previous = row.hash or ""
    return Verdict(count, previous, breaks)


def verify_log(session: Session) -> Verdict:
    """Check the record's whole audit log."""
    rows = session.execute(
        select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
    )
    return verify(rows.scalars())

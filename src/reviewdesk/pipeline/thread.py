"""Thread stage: re-thread into reviews and rounds the letters of the companies a batch
touched, plus any stored since the last threading that never got threaded (a run killed
between storing and threading), read each comment the run linked or re-read together with
its answers (reviews/stored_conversations.py), and recount those companies' trend facts, in
one write transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.letters.classify import shipped_reader
from reviewdesk.record import audit, schema
from reviewdesk.record.reading import classifier_version
from reviewdesk.record.store import Store
from reviewdesk.record.trend_upkeep import (
    facts_missing,
    rebuild_trend_facts,
    refresh_trend_facts,
)
from reviewdesk.reviews import Companies, RebuildSummary, companies_of, rebuild
from reviewdesk.reviews.stored_conversations import JointReading, read_stored_together

THREADED = "thread"
"""Audit action of a threading run; entries after the newest one are not threaded yet."""
STORED = ("ingest", "reparse")
"""Audit actions of the store stage that change a letter threading reads."""


def unthreaded(session: Session) -> set[int]:
    """Letters stored or re-read since the newest threading run."""
    entry = schema.AuditEntry
    last = session.scalar(
        select(entry.id).where(entry.action == THREADED).order_by(entry.id.desc()).limit(1)
    )
    subjects = session.scalars(
        select(entry.subject).where(entry.id > (last or 0), entry.action.in_(STORED))
    )
    return {int(s.partition(":")[2]) for s in subjects if s.startswith("letter:")}


def thread(store: Store, letter_ids: Collection[int] = ()) -> RebuildSummary | None:
    """Re-thread the companies of `letter_ids` and of every unthreaded letter and recount
    their trend facts (all of them when the record has none yet: a record from before them);
    None when there was nothing to thread."""
    with store.write() as session:
        touched = set(letter_ids) | unthreaded(session)
        missing = facts_missing(session)
        if not touched:
            if missing:
                rebuild_trend_facts(session)
            return None
        companies = companies_of(session, touched)
        summary = rebuild(session, companies)
        joint = _read_together(session, summary, touched)
        if missing:
            rebuild_trend_facts(session)
        else:
            refresh_trend_facts(session, _fact_scope(companies))
        _log(session, companies, summary, joint)
        return summary


def _read_together(
    session: Session, summary: RebuildSummary, letter_ids: Collection[int] | None
) -> JointReading:
    """Give the conversations the run changed (all: None) their joint topics, as the
    shipped classifier reads them, before the trend facts count them (none without the
    model: the classify stage read nothing either, and threading must still be written)."""
    try:
        reader = shipped_reader()
    except FileNotFoundError:
        return JointReading(0, 0, 0)
    return read_stored_together(
        session, summary, letter_ids, reader, classifier_version(), audit.now()
    )


def _fact_scope(companies: Companies) -> set[int | None]:
    """The companies whose trend facts a threading run changed (None: letters of no company,
    which threading keeps apart by name)."""
    scope: set[int | None] = set(companies.ids)
    if companies.names:
        scope.add(None)
    return scope


def thread_all(store: Store) -> RebuildSummary:
    """Re-thread every letter of the record (after a threading rule changed) and recount
    every trend fact."""
    with store.write() as session:
        summary = rebuild(session)
        joint = _read_together(session, summary, None)
        rebuild_trend_facts(session)
        _log(session, None, summary, joint)
        return summary


def _log(
    session: Session, companies: Companies | None, summary: RebuildSummary, joint: JointReading
) -> None:
    audit.log(
        session,
        THREADED,
        "reviews",
        companies="all" if companies is None else len(companies.ids) + len(companies.names),
        letters=summary.letters_threaded + summary.letters_unthreaded,
        reviews=summary.reviews,
        conversations=joint.conversations,
    )

"""Thread stage: re-thread into reviews and rounds the letters of the companies a batch
touched, plus any stored since the last threading that never got threaded (a run killed
between storing and threading), read each comment the run linked or re-read together with
its answers (reviews/stored_conversations.py), and recount those companies' trend facts, in
one write transaction with its audit entry. A batch that stores many documents threads the
companies it has stored every letter of while it is still reading the rest (`thread_ahead`),
so its closing run threads only what is left."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.letters.classify import shipped_reader
from reviewdesk.record import audit, schema
from reviewdesk.record.batch import ItemOdds
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
THREADED_AHEAD = "thread.ahead"
"""Audit action of a threading run made while its batch was still storing: of the letters
stored since the newest THREADED entry, those it names (`letter_ids`) are threaded, and the
next THREADED run recounts their companies' trend facts."""
STORED = ("ingest", "reparse")
"""Audit actions of the store stage that change a letter threading reads."""


@dataclass(frozen=True, slots=True)
class Unsettled:
    """What the entries since the newest threading run leave to do: letters stored or re-read
    and not threaded, and letters threaded ahead whose companies' trend facts are not
    recounted yet."""

    unthreaded: set[int]
    uncounted: set[int]


def unsettled(session: Session) -> Unsettled:
    """The letters stored or re-read since the newest threading run, less those a run ahead
    threaded after they were stored (which are left to count)."""
    entry = schema.AuditEntry
    last = session.scalar(
        select(entry.id).where(entry.action == THREADED).order_by(entry.id.desc()).limit(1)
    )
    unthreaded: set[int] = set()
    uncounted: set[int] = set()
    for action, subject, detail in session.execute(
        select(entry.action, entry.subject, entry.detail)
        .where(entry.id > (last or 0), entry.action.in_((*STORED, THREADED_AHEAD)))
        .order_by(entry.id)
    ):
        if action == THREADED_AHEAD:
            ahead = set(detail.get("letter_ids", ()))
            uncounted |= ahead & unthreaded
            unthreaded -= ahead
        elif subject.startswith("letter:"):
            unthreaded.add(int(subject.partition(":")[2]))
    return Unsettled(unthreaded, uncounted - unthreaded)


def unthreaded(session: Session) -> set[int]:
    """Letters stored or re-read since the newest threading run and not threaded since."""
    return unsettled(session).unthreaded


def thread(
    store: Store, letter_ids: Collection[int] = (), odds: ItemOdds | None = None
) -> RebuildSummary | None:
    """Re-thread the companies of `letter_ids` and of every unthreaded letter and recount
    their trend facts and those of the companies threaded ahead since the last run (all of
    them when the record has none yet: a record from before them); None when there was
    nothing to thread. `odds` spare the joint reading the passages the read stage read."""
    with store.write() as session:
        left = unsettled(session)
        touched = set(letter_ids) | left.unthreaded
        missing = facts_missing(session)
        counted = companies_of(session, left.uncounted) if left.uncounted else Companies()
        if not touched:
            if missing:
                rebuild_trend_facts(session)
            elif counted:
                refresh_trend_facts(session, _fact_scope(counted))
                audit.log(
                    session, THREADED, "reviews", companies=0, letters=0, reviews=0, conversations=0
                )
            return None
        companies = companies_of(session, touched)
        summary = rebuild(session, companies)
        joint = _read_together(session, summary, touched, odds)
        if missing:
            rebuild_trend_facts(session)
        else:
            refresh_trend_facts(session, _fact_scope(companies | counted))
        _log(session, companies, summary, joint)
        return summary


def thread_ahead(
    store: Store, letter_ids: Collection[int], odds: ItemOdds | None = None
) -> RebuildSummary:
    """Re-thread the companies of `letter_ids` while their batch is still storing (it has
    stored every letter of those companies it holds), logged as THREADED_AHEAD naming the
    letters: a run killed before its closing threading knows they are threaded, and the
    closing run leaves them out and recounts their companies' trend facts with the rest (a
    recount per run ahead would read the sums again each time)."""
    with store.write() as session:
        companies = companies_of(session, letter_ids)
        summary = rebuild(session, companies)
        joint = _read_together(session, summary, letter_ids, odds)
        _log(session, companies, summary, joint, THREADED_AHEAD, sorted(letter_ids))
        return summary


def _read_together(
    session: Session,
    summary: RebuildSummary,
    letter_ids: Collection[int] | None,
    odds: ItemOdds | None = None,
) -> JointReading:
    """Give the conversations the run changed (all: None) their joint topics, as the
    shipped classifier reads them, before the trend facts count them (none without the
    model: the classify stage read nothing either, and threading must still be written)."""
    try:
        reader = shipped_reader()
    except FileNotFoundError:
        return JointReading(0, 0, 0)
    return read_stored_together(
        session, summary, letter_ids, reader, classifier_version(), audit.now(), odds
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
    session: Session,
    companies: Companies | None,
    summary: RebuildSummary,
    joint: JointReading,
    action: str = THREADED,
    letter_ids: list[int] | None = None,
) -> None:
    named = {} if letter_ids is None else {"letter_ids": letter_ids}
    audit.log(
        session,
        action,
        "reviews",
        companies="all" if companies is None else len(companies.ids) + len(companies.names),
        letters=summary.letters_threaded + summary.letters_unthreaded,
        reviews=summary.reviews,
        conversations=joint.conversations,
        **named,
    )

"""The pipeline's store stage for a reparse: re-read stored documents with the current
reader and update their letters in place, so the ids of letters, comments and responses (and
what people linked to them) stay stable."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.record import audit, schema
from reviewdesk.record.entry import fill_letter
from reviewdesk.record.labels import read_by_another_classifier
from reviewdesk.record.pool import Reader, read_in_order
from reviewdesk.record.reading import classifier_version, fill, parser_version, self_description
from reviewdesk.record.store import Store


@dataclass(frozen=True, slots=True)
class Reparsed:
    """What a reparse did to one letter."""

    letter_id: int
    source: str
    changed: bool
    error: str | None
    failed: bool = False


@dataclass
class ReparseSummary:
    """Counts of a reparse, and the letters that still have (or newly have) an error."""

    letters: int = 0
    changed: int = 0
    errors: int = 0
    failed: int = 0
    problems: list[Reparsed] = field(default_factory=list)
    letter_ids: list[int] = field(default_factory=list)
    """Letters whose reading changed (what threading takes)."""
    reviews_rebuilt: bool = False

    def add(self, result: Reparsed) -> None:
        """Count one letter's result."""
        self.letters += 1
        if result.changed:
            self.letter_ids.append(result.letter_id)
        self.changed += result.changed
        self.errors += result.error is not None and not result.failed
        self.failed += result.failed
        if result.error is not None:
            self.problems.append(result)


@dataclass(frozen=True, slots=True)
class _Stored:
    letter_id: int
    source: str


def stale() -> ColumnElement[bool]:
    """A condition on letters: read by another parser version, or labelled by another
    classifier (a new topic model makes every letter it did not read stale)."""
    return or_(
        schema.Letter.parser_version != parser_version(),
        read_by_another_classifier(classifier_version()),
    )


def stale_count(store: Store) -> tuple[int, int]:
    """How many letters there are, and how many are stale (`stale`)."""
    with store.session() as session:
        total = len(session.scalars(select(schema.Letter.id)).all())
        old = len(session.scalars(select(schema.Letter.id).where(stale())).all())
    return total, old


def reparse(
    store: Store,
    *,
    jobs: int | None = None,
    stale_only: bool = False,
    progress: Callable[[Reparsed], None] | None = None,
    reader: Reader,
) -> ReparseSummary:
    """Re-read (with `reader`) every stored document, or only the stale ones (read by another
    parser or labelled by another classifier), and update its letter in place."""
    jobs = max(1, jobs if jobs is not None else os.cpu_count() or 1)
    summary = ReparseSummary()
    with store.session() as session:
        query = select(schema.Letter.id, schema.Letter.source).order_by(schema.Letter.id)
        if stale_only:
            query = query.where(stale())
        stored = [_Stored(row.id, row.source) for row in session.execute(query)]
    contents = _contents(store, stored)
    for item, reading in read_in_order(contents, jobs, source=_source, reader=reader):
        assert reading is not None
        result = _apply(store, item, reading)
        summary.add(result)
        if progress is not None:
            progress(result)
    with store.write() as session:
        session.execute(
            delete(schema.Filing).where(
                schema.Filing.id.not_in(
                    select(schema.LetterFiling.filing_id).where(
                        schema.LetterFiling.filing_id.is_not(None)
                    )
                )
            )
        )
    return summary


def _source(item: _Stored) -> str:
    return item.source


def _contents(store: Store, stored: list[_Stored]) -> Iterator[tuple[_Stored, bytes]]:
    for item in stored:
        with store.session() as session:
            content = session.scalar(
                select(schema.RawDocument.content)
                .join(schema.Letter, schema.Letter.raw_document_sha256 == schema.RawDocument.sha256)
                .where(schema.Letter.id == item.letter_id)
            )
        yield item, content or b""


def _apply(store: Store, item: _Stored, reading: letters.Letter) -> Reparsed:
    try:
        with store.write() as session:
            return _update(session, item, reading)
    except IntegrityError as exc:
        return Reparsed(
            item.letter_id,
            item.source,
            changed=False,
            error=f"the new reading conflicts with another letter ({exc.orig}); left as it was",
            failed=True,
        )


def _update(session: Session, item: _Stored, reading: letters.Letter) -> Reparsed:
    row = session.get_one(schema.Letter, item.letter_id)
    raw = row.raw_document
    given = SubmissionHeader(**raw.given)
    before = _snapshot(row)
    now = audit.now()
    fill_letter(
        session,
        row,
        reading,
        fill(given, self_description(raw.content, row.source)),
        parser_version(),
        now,
    )
    session.flush()
    _track_error(session, row, reading.error, now)
    changed = _snapshot(row) != before
    audit.log(
        session,
        "reparse",
        f"letter:{row.id}",
        parser_version=row.parser_version,
        changed=changed,
        error=reading.error,
    )
    return Reparsed(row.id, row.source, changed, reading.error)


def _track_error(session: Session, row: schema.Letter, error: str | None, now: dt.datetime) -> None:
    """Resolve the letter's open ingest errors that no longer hold; open one for a new error."""
    open_errors = session.scalars(
        select(schema.IngestError).where(
            schema.IngestError.raw_document_sha256 == row.raw_document_sha256,
            schema.IngestError.resolved_at.is_(None),
        )
    ).all()
    for open_error in open_errors:
        if open_error.message != error:
            open_error.resolved_at = now
    if error is not None and all(e.message != error for e in open_errors):
        session.add(
            schema.IngestError(
                raw_document_sha256=row.raw_document_sha256,
                letter_id=row.id,
                source=row.source,
                message=error,
                occurred_at=now,
            )
        )


def _snapshot(row: schema.Letter) -> tuple[Any, ...]:
    scalars = tuple(
        getattr(row, column.key)
        for column in schema.Letter.__table__.columns
        if column.key not in ("parsed_at", "parser_version")
    )
    children = tuple(
        tuple(
            tuple(getattr(child, c.key) for c in type(child).__table__.columns)
            for child in collection
        )
        for collection in (row.filings, row.contacts, row.comments, row.responses)
    )
    return scalars, children

"""The pipeline's store stage for one document or a group of them: keep their bytes,
readings and any errors in one transaction (the group's rows a statement per table:
`record.new_letters`); the same accession or the same bytes a second time is recognised, not
re-stored. (Reading, threading and indexing are the other stages: `reviewdesk.pipeline`.)"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, insert, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.record import audit, schema
from reviewdesk.record.audit_chain import append, hold_chain
from reviewdesk.record.dialects import among
from reviewdesk.record.new_letters import NewLetter, insert_letters
from reviewdesk.record.reading import (
    classifier_version,
    fill,
    media_type,
    parser_version,
    self_description,
)
from reviewdesk.record.store import Store

ATTEMPTS = 3
"""Tries per document when a concurrent writer got there first or held the lock too long."""


class Status(StrEnum):
    """What became of a document given to ingest."""

    stored = "stored"
    duplicate = "duplicate"
    stored_with_error = "stored_with_error"
    failed = "failed"


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """The result of ingesting one document: its status, its letter id, and any error."""

    status: Status
    source: str
    sha256: str | None = None
    letter_id: int | None = None
    accession: str | None = None
    error: str | None = None

    @property
    def kept(self) -> bool:
        """The document is in the record (new or already there)."""
        return self.status in (Status.stored, Status.duplicate, Status.stored_with_error)

    @property
    def new_letter(self) -> int | None:
        """The id of the letter this ingest stored anew (None: it stored none)."""
        return self.letter_id if self.status in (Status.stored, Status.stored_with_error) else None


def digest(data: bytes) -> str:
    """The SHA-256 of the bytes, in hex: the address of a raw document."""
    return hashlib.sha256(data).hexdigest()


def find_duplicate(
    store: Store, sha256: str, given: SubmissionHeader, source: str
) -> IngestOutcome | None:
    """The outcome for a document already in the record (same bytes, or same accession as
    given or as its file name says), without parsing it; None when it is new."""
    return find_duplicates(store, [(sha256, given, source)])[0]


def find_duplicates(
    store: Store, documents: list[tuple[str, SubmissionHeader, str]]
) -> list[IngestOutcome | None]:
    """`find_duplicate` for many documents (sha256, given, source) in one query: a batch
    asks the database once per chunk of documents rather than once per document."""
    if not documents:
        return []
    accessions = [
        fill(given, self_description(b"", source)).accession for _, given, source in documents
    ]
    with store.session() as session:
        stored = _stored(session, [sha256 for sha256, _, _ in documents], accessions)
    found: list[IngestOutcome | None] = []
    for (sha256, _, source), accession in zip(documents, accessions, strict=True):
        hits = [stored.get(sha256), stored.get(accession) if accession else None]
        known = min((hit for hit in hits if hit is not None), default=None)
        found.append(
            None
            if known is None
            else IngestOutcome(Status.duplicate, source, known[1], known[0], known[2])
        )
    return found


def record_reading(
    store: Store,
    data: bytes,
    reading: letters.Letter,
    *,
    source: str,
    given: SubmissionHeader,
    sha256: str | None = None,
) -> IngestOutcome:
    """Store the bytes, the reading and its error (if any) in one transaction (`sha256`:
    the bytes' digest when the caller has it already)."""
    document = (data, sha256 or digest(data), reading, source, given)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with store.write() as session:
                return _record(session, [document])[0]
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def record_readings(
    store: Store, documents: list[tuple[bytes, str, letters.Letter, str, SubmissionHeader]]
) -> list[IngestOutcome]:
    """Store many readings (bytes, sha256, reading, source, given) in one transaction, in
    order, at a few statements per table for the whole group: a batch pays one commit and
    one round trip per table for each group rather than some twenty per document. On an
    error nothing of the group is kept (the caller stores them one by one instead)."""
    with store.write() as session:
        return _record(session, documents)


def _record(
    session: Session, documents: list[tuple[bytes, str, letters.Letter, str, SubmissionHeader]]
) -> list[IngestOutcome]:
    """Write the documents not yet in the record (same bytes or accession as a stored letter
    or as one earlier in the group: a duplicate) with their letters, errors and audit
    entries; each document's outcome, in order. The audit chain's lock is taken first: the
    companies, names and filings read here are written back before any entry is flushed, so a
    second ingest must not read them in between (lost name dates, a filing stored twice)."""
    hold_chain(session)
    described = [
        fill(given, self_description(data, source)) for data, _, _, source, given in documents
    ]
    accessions = [
        reading.accession or told.accession
        for (_, _, reading, _, _), told in zip(documents, described, strict=True)
    ]
    stored = _stored(session, [sha for _, sha, _, _, _ in documents], accessions)
    known: list[tuple[int, str, str | None] | int] = []
    """Per document: the stored letter it repeats, else the index in `fresh` of its letter
    (its own, or the earlier one of the group it repeats)."""
    repeats: list[bool] = []
    claimed: dict[str, int] = {}
    fresh: list[NewLetter] = []
    raws: list[dict[str, Any]] = []
    for (data, sha256, reading, source, given), told, accession in zip(
        documents, described, accessions, strict=True
    ):
        hits = [stored.get(sha256), stored.get(accession) if accession else None]
        hit = min((h for h in hits if h is not None), default=None)
        earlier = [claimed[key] for key in (sha256, accession) if key and key in claimed]
        repeats.append(hit is not None or bool(earlier))
        if hit is not None or earlier:
            known.append(hit if hit is not None else min(earlier))
            continue
        known.append(len(fresh))
        claimed[sha256] = len(fresh)
        if accession:
            claimed.setdefault(accession, len(fresh))
        now = audit.now()
        fresh.append(NewLetter(sha256, source, reading, told, now))
        raws.append(
            {
                "sha256": sha256,
                "content": data,
                "size": len(data),
                "media_type": media_type(data, source),
                "original_name": Path(source).name or source,
                "given": {
                    key: getattr(given, key) for key in SubmissionHeader.__dataclass_fields__
                },
                "received_at": now,
            }
        )
    if raws:
        session.execute(insert(schema.RawDocument), raws)
    letter_ids = insert_letters(session, fresh, parser_version(), classifier_version())
    errors = [
        {
            "raw_document_sha256": new.sha256,
            "letter_id": letter_id,
            "source": new.source,
            "message": new.reading.error,
            "occurred_at": new.now,
        }
        for new, letter_id in zip(fresh, letter_ids, strict=True)
        if new.reading.error is not None
    ]
    if errors:
        session.execute(insert(schema.IngestError), errors)
    written: list[IngestOutcome] = []
    entries = []
    for new, letter_id in zip(fresh, letter_ids, strict=True):
        status = Status.stored if new.reading.error is None else Status.stored_with_error
        accession = new.reading.accession or new.described.accession
        written.append(
            IngestOutcome(status, new.source, new.sha256, letter_id, accession, new.reading.error)
        )
        entries.append(
            audit.entry(
                "ingest",
                f"letter:{letter_id}",
                sha256=new.sha256,
                source=new.source,
                accession=accession,
                status=status.value,
                error=new.reading.error,
            )
        )
    append(session, entries)
    return [
        _outcome(found, repeat, source, written)
        for found, repeat, (_, _, _, source, _) in zip(known, repeats, documents, strict=True)
    ]


def _outcome(
    found: tuple[int, str, str | None] | int,
    repeat: bool,
    source: str,
    written: list[IngestOutcome],
) -> IngestOutcome:
    """A document's outcome: written now, or a duplicate of a stored letter (id, sha256,
    accession) or of the group's letter written at that index."""
    if isinstance(found, tuple):
        return IngestOutcome(Status.duplicate, source, found[1], found[0], found[2])
    first = written[found]
    if not repeat:
        return first
    return IngestOutcome(Status.duplicate, source, first.sha256, first.letter_id, first.accession)


def _stored(
    session: Session, shas: list[str], accessions: list[str | None]
) -> dict[str, tuple[int, str, str | None]]:
    """Stored letters with any of these sha256s or accessions (id, sha256, accession), by
    each (the oldest letter where two match), in one query."""
    postgres = session.get_bind().dialect.name == "postgresql"
    match: ColumnElement[bool] = among(schema.Letter.raw_document_sha256, set(shas), postgres)
    named = {accession for accession in accessions if accession}
    if named:
        match = or_(match, among(schema.Letter.accession, named, postgres))
    rows = session.execute(
        select(schema.Letter.id, schema.Letter.raw_document_sha256, schema.Letter.accession)
        .where(match)
        .order_by(schema.Letter.id)
    ).all()
    found: dict[str, tuple[int, str, str | None]] = {}
    for letter_id, sha256, accession in rows:
        found.setdefault(sha256, (letter_id, sha256, accession))
        if accession:
            found.setdefault(accession, (letter_id, sha256, accession))
    return found

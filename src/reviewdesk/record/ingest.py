"""The pipeline's store stage for one document: keep its bytes, its reading and any error,
in one transaction; the same accession or the same bytes a second time is recognised, not
re-stored. (Reading, threading and indexing are the other stages: `reviewdesk.pipeline`.)"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.record import audit, schema
from reviewdesk.record.entry import fill_letter
from reviewdesk.record.reading import fill, media_type, parser_version, self_description
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


def digest(data: bytes) -> str:
    """The SHA-256 of the bytes, in hex: the address of a raw document."""
    return hashlib.sha256(data).hexdigest()


def find_duplicate(
    store: Store, sha256: str, given: SubmissionHeader, source: str
) -> IngestOutcome | None:
    """The outcome for a document already in the record (same bytes, or same accession as
    given or as its file name says), without parsing it; None when it is new."""
    accession = fill(given, self_description(b"", source)).accession
    with store.session() as session:
        row = _existing(session, sha256, accession)
        if row is None:
            return None
        return IngestOutcome(
            Status.duplicate, source, row.raw_document_sha256, row.id, row.accession
        )


def find_duplicates(
    store: Store, documents: list[tuple[str, SubmissionHeader, str]]
) -> list[IngestOutcome | None]:
    """`find_duplicate` for many documents (sha256, given, source) in one query: a batch
    asks the database once per chunk of documents rather than once per document."""
    accessions = [
        fill(given, self_description(b"", source)).accession for _, given, source in documents
    ]
    shas = {sha256 for sha256, _, _ in documents}
    named = {accession for accession in accessions if accession}
    if not documents:
        return []
    match: ColumnElement[bool] = schema.Letter.raw_document_sha256.in_(shas)
    if named:
        match = or_(match, schema.Letter.accession.in_(named))
    with store.session() as session:
        rows = session.execute(
            select(schema.Letter.id, schema.Letter.raw_document_sha256, schema.Letter.accession)
            .where(match)
            .order_by(schema.Letter.id)
        ).all()
    by_sha: dict[str, tuple[int, str, str | None]] = {}
    by_accession: dict[str, tuple[int, str, str | None]] = {}
    for letter_id, sha256, accession in rows:
        by_sha.setdefault(sha256, (letter_id, sha256, accession))
        if accession:
            by_accession.setdefault(accession, (letter_id, sha256, accession))
    found: list[IngestOutcome | None] = []
    for (sha256, _, source), accession in zip(documents, accessions, strict=True):
        hits = [by_sha.get(sha256), by_accession.get(accession) if accession else None]
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
    sha256 = sha256 or digest(data)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with store.write() as session:
                return _record(session, data, sha256, reading, source, given)
        except (IntegrityError, OperationalError):
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def record_readings(
    store: Store, documents: list[tuple[bytes, str, letters.Letter, str, SubmissionHeader]]
) -> list[IngestOutcome]:
    """Store many readings (bytes, sha256, reading, source, given) in one transaction, in
    order: a batch pays one commit per group rather than one per document. On an error
    nothing of the group is kept (the caller stores them one by one instead)."""
    with store.write() as session:
        return [
            _record(session, data, sha256, reading, source, given)
            for data, sha256, reading, source, given in documents
        ]


def _record(
    session: Session,
    data: bytes,
    sha256: str,
    reading: letters.Letter,
    source: str,
    given: SubmissionHeader,
) -> IngestOutcome:
    described = fill(given, self_description(data, source))
    accession = reading.accession or described.accession
    existing = _existing(session, sha256, accession)
    if existing is not None:
        return IngestOutcome(
            Status.duplicate, source, existing.raw_document_sha256, existing.id, existing.accession
        )
    now = audit.now()
    raw = schema.RawDocument(
        sha256=sha256,
        content=data,
        size=len(data),
        media_type=media_type(data, source),
        original_name=Path(source).name or source,
        given={key: getattr(given, key) for key in SubmissionHeader.__dataclass_fields__},
        received_at=now,
    )
    session.add(raw)
    row = schema.Letter(
        raw_document=raw, source=source, filings=[], contacts=[], comments=[], responses=[]
    )
    session.add(row)
    fill_letter(session, row, reading, described, parser_version(), now)
    session.flush()
    if reading.error is not None:
        session.add(
            schema.IngestError(
                raw_document_sha256=sha256,
                letter_id=row.id,
                source=source,
                message=reading.error,
                occurred_at=now,
            )
        )
    status = Status.stored if reading.error is None else Status.stored_with_error
    audit.log(
        session,
        "ingest",
        f"letter:{row.id}",
        sha256=sha256,
        source=source,
        accession=row.accession,
        status=status.value,
        error=reading.error,
    )
    return IngestOutcome(status, source, sha256, row.id, row.accession, reading.error)


def _existing(session: Session, sha256: str, accession: str | None) -> schema.Letter | None:
    match = schema.Letter.raw_document_sha256 == sha256
    if accession:
        match = or_(match, schema.Letter.accession == accession)
    return session.scalars(select(schema.Letter).where(match).limit(1)).first()

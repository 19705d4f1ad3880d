"""Where fetched letters go: the `DocumentSink` interface the runner writes to, and its
implementation over the record (the ingest pipeline, one batch per run; stored letters looked
up by accession; a filing's other documents attached to its letter, those that are letters
read as such)."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from sqlalchemy import select

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.pipeline import Batch
from reviewdesk.pipeline.read import read_bounded
from reviewdesk.record import schema
from reviewdesk.record.attachments import (
    FiledDocument,
    attach_documents,
    held_documents,
    is_complete,
)
from reviewdesk.record.companies import CompanyProfile, keep_profiles
from reviewdesk.record.ingest import IngestOutcome
from reviewdesk.record.store import Store
from reviewdesk.services.edgar.filings import Filing


class DocumentSink(Protocol):
    """Keeps fetched letters, and says which filings it already holds."""

    def has(self, accession: str) -> bool:
        """True when the letter of filing `accession` is already kept."""
        ...

    def put(self, filing: Filing, data: bytes, source: str) -> IngestOutcome:
        """Keep the letter `data` of `filing`, fetched from `source`."""
        ...

    def complete(self, accession: str) -> bool:
        """True when every document of filing `accession` is kept."""
        ...

    def held(self, accession: str) -> set[str]:
        """File names of the filing's documents already kept."""
        ...

    def letter_id(self, accession: str) -> int | None:
        """The id of the kept letter of filing `accession`."""
        ...

    def attach(
        self, filing: Filing, letter_id: int, primary: str, documents: list[FiledDocument]
    ) -> int:
        """Keep the filing's other documents attached to its letter, and mark the filing
        complete; returns how many of them were read as letters."""
        ...

    def finish(self) -> None:
        """Called once after a run stored something (e.g. to thread letters into reviews)."""
        ...


class StoreSink:
    """A `DocumentSink` over the record: `has` asks the letters table by accession, `put`
    ingests with the filing's accession, CIK, company, form and filed date."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.batch = Batch(store)

    def has(self, accession: str) -> bool:
        """True when a letter with that accession is in the record."""
        query = select(schema.Letter.id).where(schema.Letter.accession == accession).limit(1)
        with self.store.session() as session:
            return session.scalars(query).first() is not None

    def stored_accessions(self) -> set[str]:
        """Every accession the record holds a letter for (one query, for planning)."""
        query = select(schema.Letter.accession).where(schema.Letter.accession.is_not(None))
        with self.store.session() as session:
            return {str(value) for value in session.scalars(query)}

    def put(self, filing: Filing, data: bytes, source: str) -> IngestOutcome:
        """Read, classify and store the letter; idempotent by accession or SHA-256."""
        return self.batch.add(
            data,
            source=source,
            accession=filing.accession,
            cik=filing.cik,
            company=filing.company,
            form=filing.form,
            filed=filing.filed,
        )

    def keep_companies(self, profiles: list[CompanyProfile]) -> int:
        """Keep what EDGAR's submissions files said of the companies (ticker, industry ...)."""
        return keep_profiles(self.store, profiles)

    def complete(self, accession: str) -> bool:
        """True when the record holds the filing's documents, not only its letter."""
        return is_complete(self.store, accession)

    def held(self, accession: str) -> set[str]:
        """File names of the filing's documents in the record."""
        return held_documents(self.store, accession)

    def letter_id(self, accession: str) -> int | None:
        """The id of the letter stored under `accession`."""
        query = select(schema.Letter.id).where(schema.Letter.accession == accession).limit(1)
        with self.store.session() as session:
            return session.scalars(query).first()

    def attach(
        self, filing: Filing, letter_id: int, primary: str, documents: list[FiledDocument]
    ) -> int:
        """Read each document; those that read as letters are ingested as letters of their
        own (no accession: the filing's is its primary letter's), then every document is
        attached to the filing's letter in one transaction."""
        given = SubmissionHeader(
            cik=filing.cik, company=filing.company, form=filing.form, filed=filing.filed
        )
        kept = []
        letters = 0
        for document in documents:
            outcome = self._as_letter(document, given)
            letters += outcome is not None
            kept.append(replace(document, letter_id=outcome))
        fields = {key: getattr(given, key) for key in SubmissionHeader.__dataclass_fields__}
        attach_documents(self.store, filing.accession, letter_id, primary, kept, fields)
        return letters

    def _as_letter(self, document: FiledDocument, given: SubmissionHeader) -> int | None:
        """The id of the letter `document` is, stored now or before; None when it is not a
        letter (marked pages, tables, exhibits read as no kind of correspondence)."""
        known = self.batch.known(document.data, document.source, given)
        if known is not None:
            return known.letter_id
        reading = read_bounded(document.data, document.source)
        if not is_letter(reading):
            return None
        return self.batch.keep(
            document.data, reading, source=document.source, given=given
        ).letter_id

    def finish(self) -> None:
        """Thread and index, once, the companies of the letters this run stored."""
        self.batch.finish()


LETTER_KINDS = frozenset(
    {"comments", "completion", "no_review", "response", "acceleration_request"}
)


def is_letter(reading: letters.Letter) -> bool:
    """True when a filing's other document reads as a dated letter of a known kind."""
    return reading.error is None and reading.date is not None and reading.kind in LETTER_KINDS

"""Where fetched letters go: the `DocumentSink` interface the runner writes to, and its
implementation over the record (idempotent ingest; stored letters looked up by accession)."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from reviewdesk.record import schema
from reviewdesk.record.ingest import IngestOutcome, ingest_bytes, rebuild_reviews
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

    def finish(self) -> None:
        """Called once after a run stored something (e.g. to thread letters into reviews)."""
        ...


class StoreSink:
    """A `DocumentSink` over the record: `has` asks the letters table by accession, `put`
    ingests with the filing's accession, CIK, company, form and filed date."""

    def __init__(self, store: Store) -> None:
        self.store = store

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
        """Ingest the letter; idempotent by accession or SHA-256."""
        return ingest_bytes(
            self.store,
            data,
            source=source,
            accession=filing.accession,
            cik=filing.cik,
            company=filing.company,
            form=filing.form,
            filed=filing.filed,
        )

    def finish(self) -> None:
        """Thread the new letters into reviews (when the reviews layer is installed)."""
        rebuild_reviews(self.store)

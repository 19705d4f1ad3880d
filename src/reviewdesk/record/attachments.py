"""Every document of an EDGAR filing beside its letter: the bytes of each (kept like any raw
document, by SHA-256), which filing and file name it is, the letter it is attached to, and the
letter read from it when it is one. The rows of a filing are written together, last, so a
filing with rows is complete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record import audit, schema
from reviewdesk.record.ingest import digest
from reviewdesk.record.reading import media_type
from reviewdesk.record.store import Store


@dataclass(frozen=True)
class FiledDocument:
    """A document of a filing as fetched: its file name in the folder, bytes and address, and
    the id of the letter read from it (None when it is not a letter)."""

    name: str
    data: bytes
    source: str
    letter_id: int | None = None


def held_documents(store: Store, accession: str) -> set[str]:
    """File names of the filing's documents the record holds: its attached documents and the
    letter stored under the accession (named by the last part of its source)."""
    with store.session() as session:
        names = set(
            session.scalars(
                select(schema.FilingDocument.name).where(
                    schema.FilingDocument.accession == accession
                )
            )
        )
        source = session.scalars(
            select(schema.Letter.source).where(schema.Letter.accession == accession).limit(1)
        ).first()
    if source:
        names.add(source.rsplit("/", 1)[-1])
    return names


def is_complete(store: Store, accession: str) -> bool:
    """True when every document of the filing was stored (its rows are written last)."""
    query = select(schema.FilingDocument.id).where(schema.FilingDocument.accession == accession)
    with store.session() as session:
        return session.scalars(query.limit(1)).first() is not None


def attach_documents(
    store: Store,
    accession: str,
    letter_id: int,
    primary: str,
    documents: list[FiledDocument],
    given: dict[str, Any],
) -> int:
    """Record the filing's documents: the primary one (the letter `letter_id`, already stored)
    and `documents`, each attached to that letter; returns how many rows were new."""
    with store.write() as session:
        letter = session.get(schema.Letter, letter_id)
        if letter is None:
            raise ValueError(f"no letter with id {letter_id} to attach {accession}'s documents to")
        known = {
            row.name: row
            for row in session.scalars(
                select(schema.FilingDocument).where(schema.FilingDocument.accession == accession)
            )
        }
        added = 0
        rows: list[tuple[str, str, int | None, bool]] = [
            (primary, letter.raw_document_sha256, letter_id, True)
        ]
        for document in documents:
            sha256 = _keep_raw(session, document, given)
            rows.append((document.name, sha256, document.letter_id, False))
        for position, (name, sha256, read_as, primary_row) in enumerate(rows):
            if name in known:
                continue
            session.add(
                schema.FilingDocument(
                    accession=accession,
                    name=name,
                    position=position,
                    primary=primary_row,
                    raw_document_sha256=sha256,
                    attached_to_id=letter_id,
                    letter_id=read_as,
                )
            )
            added += 1
        audit.log(
            session,
            "attach",
            f"letter:{letter_id}",
            accession=accession,
            documents=[name for name, *_ in rows if name not in known],
        )
    return added


def _keep_raw(session: Session, document: FiledDocument, given: dict[str, Any]) -> str:
    """The SHA-256 of the document's bytes, stored as a raw document if they are new."""
    sha256 = digest(document.data)
    if session.get(schema.RawDocument, sha256) is None:
        session.add(
            schema.RawDocument(
                sha256=sha256,
                content=document.data,
                size=len(document.data),
                media_type=media_type(document.data, document.source),
                original_name=Path(document.name).name,
                given=given,
                received_at=audit.now(),
            )
        )
        session.flush()
    return sha256


def attachments_of(session: Session, letter_id: int) -> list[schema.FilingDocument]:
    """The documents attached to a letter (not its own primary document), in folder order."""
    query = (
        select(schema.FilingDocument)
        .where(
            schema.FilingDocument.attached_to_id == letter_id,
            schema.FilingDocument.primary.is_(False),
        )
        .order_by(schema.FilingDocument.position)
    )
    return list(session.scalars(query))


def filed_with(session: Session, letter_id: int) -> int | None:
    """The letter whose filing this letter came in as an attached document, if it did."""
    query = select(schema.FilingDocument.attached_to_id).where(
        schema.FilingDocument.letter_id == letter_id, schema.FilingDocument.primary.is_(False)
    )
    return session.scalars(query.limit(1)).first()

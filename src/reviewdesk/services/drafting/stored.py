"""Find a staff letter in the record by its id or EDGAR accession, as a parsed reading plus
the text of its stored document (for the acknowledgement request)."""

from __future__ import annotations

from sqlalchemy import select

from reviewdesk.documents import DocumentError, read_bytes
from reviewdesk.letters import Comment, Contact, FilingRef, Letter
from reviewdesk.letters.identifiers import is_accession
from reviewdesk.record import Store, schema


class LetterNotFound(Exception):
    """No letter in the record has the id or accession given."""


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def stored_letter(store: Store, key: str) -> tuple[Letter, str]:
    """The letter with id or accession `key`, and its document's text ('' if unreadable)."""
    key = key.strip()
    if key.isdigit():
        query = select(schema.Letter).where(schema.Letter.id == int(key))
    elif is_accession(key):
        query = select(schema.Letter).where(schema.Letter.accession == key)
    else:
        raise LetterNotFound(
            f"{key}: not a file, a letter id or an EDGAR accession (0000000000-20-012345)"
        )
    with store.session() as session:
        row = session.scalars(query).first()
        if row is None:
            raise LetterNotFound(f"{key}: no letter with this id or accession in {store.url}")
        letter = Letter(
            source=row.source,
            accession=row.accession,
            error=row.parse_error,
            role=row.role,  # type: ignore[arg-type]
            kind=row.kind,  # type: ignore[arg-type]
            date=_iso(row.date),
            company=row.company_name,
            filings=[
                FilingRef(f.form, f.amendment, _iso(f.period), _iso(f.filed), f.file_number)
                for f in row.filings
            ],
            contacts=[Contact(c.name, c.phone) for c in row.contacts],
            signatory=row.signatory,
            office=row.office,
            comments=[Comment(c.number, c.heading, c.page, c.text) for c in row.comments],
        )
        raw = row.raw_document
        try:
            text = read_bytes(raw.content, raw.original_name).text
        except DocumentError:
            text = ""
    return letter, text

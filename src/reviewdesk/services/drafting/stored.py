"""Find a staff letter in the record by its id or EDGAR accession, as a parsed reading plus
the text of its stored document (for the acknowledgement request)."""

from __future__ import annotations

from sqlalchemy import select

from reviewdesk.documents import DocumentError, read_bytes
from reviewdesk.errors import NotFound
from reviewdesk.letters import Letter
from reviewdesk.letters.identifiers import is_accession
from reviewdesk.record import Store, schema
from reviewdesk.record.entry import letter_of


class LetterNotFound(NotFound):
    """No letter in the record has the id or accession given."""


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
        letter = letter_of(row)
        raw = row.raw_document
        try:
            text = read_bytes(raw.content, raw.original_name).text
        except DocumentError:
            text = ""
    return letter, text

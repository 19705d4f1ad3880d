"""Read a letter: document in, structured reading out (filled in by the letter readers)."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.documents import Document, DocumentError, read_bytes, read_path
from reviewdesk.letters.model import Letter


def parse_document(document: Document) -> Letter:
    """The reading of an already-read document."""
    return Letter(source=document.source, accession=document.header.accession)


def parse_path(path: str | Path, *, source: str | None = None) -> Letter:
    """Read and parse the document at `path`; a bad document gives a Letter with `error` set."""
    name = source if source is not None else str(path)
    try:
        return parse_document(read_path(path, source=name))
    except DocumentError as exc:
        return Letter(source=name, error=exc.reason)


def parse_bytes(data: bytes, source: str) -> Letter:
    """Parse a document from its bytes; a bad document gives a Letter with `error` set."""
    try:
        return parse_document(read_bytes(data, source))
    except DocumentError as exc:
        return Letter(source=source, error=exc.reason)

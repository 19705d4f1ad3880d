"""Reading a document for the record: the parser's Letter, what the bytes say about
themselves (EDGAR header, accession in the file name), and which parser read them."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

import reviewdesk
from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.documents.sgml import merge, parse_header
from reviewdesk.letters import Letter
from reviewdesk.letters.classify import CLASSIFIER_VERSION
from reviewdesk.letters.identifiers import accession_in, accession_of_name

PARSER_PACKAGES = ("documents", "letters")


def read_letter(data: bytes, source: str) -> Letter:
    """The parser's reading of `data`; a parser crash becomes a reading with `error` set, so a
    batch always gets a Letter back and the document is still kept."""
    try:
        return letters.parse_bytes(data, source)
    except Exception as exc:  # the parser promises not to raise; if it does, keep the document
        return Letter(source=source, error=f"the parser failed: {type(exc).__name__}: {exc}")


@cache
def parser_version() -> str:
    """The parser's version as this process loaded it (see `parser_fingerprint`)."""
    return parser_fingerprint()


def classifier_version() -> str:
    """The classifier that fills a reading's topics, asks and answers (name and version)."""
    return CLASSIFIER_VERSION


def parser_fingerprint() -> str:
    """`reviewdesk.letters.PARSER_VERSION` when the parser declares one, else the package
    version plus a digest of the documents and letters source files as they are on disk."""
    declared = getattr(letters, "PARSER_VERSION", None)
    if isinstance(declared, str) and declared:
        return declared
    root = Path(reviewdesk.__file__).resolve().parent
    digest = hashlib.sha256()
    for package in PARSER_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{reviewdesk.__version__}+{digest.hexdigest()[:12]}"


def self_description(data: bytes, source: str) -> SubmissionHeader:
    """What the bytes say about themselves: an EDGAR `<SEC-HEADER>`, else the accession in
    the file name."""
    header = parse_header(data) if b"<SEC-HEADER>" in data[:4096].upper() else SubmissionHeader()
    return replace(header, accession=accession_in(header.accession) or accession_of_name(source))


def fill(first: SubmissionHeader, then: SubmissionHeader) -> SubmissionHeader:
    """`first`, with its missing fields taken from `then` (the documents layer's rule)."""
    return merge(first, then)


def media_type(data: bytes, source: str) -> str:
    """The media type of the bytes as received (EDGAR SGML is named as such)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head[:20].upper().startswith((b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<DOCUMENT>")):
        return "application/x-edgar-sgml"
    suffix = Path(source).suffix.lower()
    return {
        ".htm": "text/html",
        ".html": "text/html",
        ".txt": "text/plain",
        ".xml": "application/xml",
    }.get(suffix, "application/octet-stream")

"""Read any letter document: sniff what the bytes are, hand them to the right reader."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.documents import html, pdf, sgml, text
from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import Document, SubmissionHeader

MAX_BYTES = 50 * 1024 * 1024
"""Largest document read by default; letters are kilobytes, a full submission a few MB."""

MAX_WRAPPERS = 8
"""Nested EDGAR `<DOCUMENT>` wrappers taken off before a document is refused."""

_EXTENSIONS = {".pdf": "pdf", ".htm": "html", ".html": "html", ".txt": "text", ".xml": "html"}


def read_path(
    path: str | Path,
    *,
    max_bytes: int = MAX_BYTES,
    source: str | None = None,
    header: SubmissionHeader | None = None,
) -> Document:
    """Read the document at `path`; raise DocumentError naming it if it cannot be read.
    `header` is what is known of it from outside (a manifest), for fields it does not say."""
    path = Path(path)
    name = source if source is not None else str(path)
    if not path.exists():
        raise DocumentError(name, "no such file; check the path")
    if not path.is_file():
        raise DocumentError(name, "not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(
            name, f"{size:,} bytes is over the {max_bytes:,}-byte limit; raise the limit to read it"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror})") from exc
    return read_bytes(data, name, max_bytes=max_bytes, header=header)


def sniff(data: bytes) -> str:
    """What the bytes are: 'pdf', 'sgml', 'html', 'text' or 'binary'."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    upper = head[:512].upper()
    if upper.startswith((b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<IMS-DOCUMENT>", b"<DOCUMENT>")):
        return "sgml"
    if b"\x00" in data[:8192]:
        return "binary"
    lower = head.lower()
    if any(
        tag in lower for tag in (b"<html", b"<body", b"<!doctype html", b"<p", b"<div", b"<table")
    ):
        return "html"
    controls = sum(1 for byte in data[:8192] if byte < 9 or 13 < byte < 32)
    if controls > 0.05 * min(len(data), 8192):
        return "binary"
    return "text"


def read_bytes(
    data: bytes,
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    header: SubmissionHeader | None = None,
    depth: int = 0,
) -> Document:
    """Read a document from its bytes; `source` names it in errors and in the result
    (`depth`: how many SGML wrappers were already taken off)."""
    if len(data) > max_bytes:
        raise DocumentError(
            source,
            f"{len(data):,} bytes is over the {max_bytes:,}-byte limit; raise the limit to read it",
        )
    if not data.strip():
        raise DocumentError(source, "the document is empty")
    kind = sniff(data)
    expected = _EXTENSIONS.get(Path(source).suffix.lower())
    if expected == "pdf" and kind != "pdf":
        raise DocumentError(
            source, f"named .pdf but the bytes are {_describe(kind)}, not a PDF; check the file"
        )
    if expected in ("html", "text") and kind in ("pdf", "binary"):
        raise DocumentError(
            source,
            f"named {Path(source).suffix} but the bytes are {_describe(kind)}; check the file",
        )
    if kind == "binary":
        raise DocumentError(source, "not a PDF, HTML or text document (binary bytes)")
    if kind == "pdf":
        return pdf.read_pdf(data, source, header=header)
    if kind == "sgml":
        if depth >= MAX_WRAPPERS:
            raise DocumentError(
                source,
                f"more than {MAX_WRAPPERS} nested <DOCUMENT> wrappers (a real submission has one "
                "or two); the file is damaged or crafted",
            )
        inner, found = sgml.unwrap(data, source)
        merged = sgml.merge(header, found)
        return read_bytes(
            inner, _inner_name(source, inner), max_bytes=max_bytes, header=merged, depth=depth + 1
        )
    decoded = text.decode(data, source)
    if kind == "html":
        return html.read_html(decoded, source, header=header)
    return text.read_text(decoded, source, header=header)


def _inner_name(source: str, inner: bytes) -> str:
    """Keep the outer name, but let the inner bytes be sniffed rather than trusted by suffix."""
    return (
        source
        if Path(source).suffix.lower() not in _EXTENSIONS
        else str(Path(source).with_suffix(""))
    )


def _describe(kind: str) -> str:
    return {
        "html": "HTML",
        "text": "plain text",
        "sgml": "an EDGAR submission",
        "pdf": "a PDF",
    }.get(kind, "binary data")

"""Plain-text letters: decode, split into lines, mark page breaks, drop running headers."""

from __future__ import annotations

import re

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import Document, Line, Run, SubmissionHeader
from reviewdesk.documents.running import strip_running_headers


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252, which EDGAR text often is."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("latin-1")
    except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 decodes every byte
        raise DocumentError(source, "the text cannot be decoded as UTF-8 or Windows-1252") from exc


_BLANK = re.compile(r"^\s*$")


def read_text(decoded: str, source: str, *, header: SubmissionHeader | None = None) -> Document:
    """A text letter: one Line per non-blank line; a form feed starts a new page."""
    lines: list[Line] = []
    page = 1
    gap = 0.0
    for chunk_index, chunk in enumerate(
        decoded.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    ):
        if chunk_index:
            page += 1
            gap = 1.0
        for raw in chunk.split("\n"):
            if _BLANK.match(raw):
                gap = 1.0
                continue
            stripped = raw.rstrip()
            indent = float(len(stripped) - len(stripped.lstrip()))
            lines.append(Line([Run(stripped.strip())], page=page, indent=indent, gap_before=gap))
            gap = 0.0
    lines, pages = strip_running_headers(lines, paged=page > 1)
    return Document(source, "text/plain", lines, max(pages, page), header or SubmissionHeader())

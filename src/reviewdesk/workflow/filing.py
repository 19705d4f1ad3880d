"""Read an uploaded filing (HTML or PDF) into the captions and pages comments are keyed to.

A caption is a short heading line of the filing: set in bold, italics or underline, or a
title-cased line that does not end a sentence ("Risk Factors", "Item 7. Management's
Discussion and Analysis"). Its page is the page it appears on (PDF pages; HTML page breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewdesk.documents import DocumentError, Line, read_bytes
from reviewdesk.documents.bounded import shared_readers
from reviewdesk.letters.captions import is_title_like
from reviewdesk.workflow.errors import WorkflowInputError

MAX_CAPTION = 120
_SENTENCE_END = re.compile(r"[.;:,]$")
_NOT_CAPTION = re.compile(r"^(?:\d+|page \d+|table of contents|\(?continued\)?)$", re.I)


@dataclass(frozen=True, slots=True)
class Caption:
    """A section caption of the filing and the page it starts on."""

    text: str
    page: int

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "page": self.page}


@dataclass(frozen=True, slots=True)
class FilingReading:
    """What the desk keeps of a filing: its kind, page count and captions in order."""

    media_type: str
    pages: int
    captions: list[Caption]


def read_filing(data: bytes, name: str) -> FilingReading:
    """Read the filing named `name` in a bounded reader; WorkflowInputError when it is not a
    readable HTML or PDF, or exceeds the per-document memory or time limit."""
    try:
        document = shared_readers().call(read_bytes, data, name, source=name)
    except DocumentError as exc:
        raise WorkflowInputError(f"{name}: {exc.reason}") from exc
    if document.media_type not in ("text/html", "application/pdf"):
        raise WorkflowInputError(
            f"{name}: read as {document.media_type}; upload the filing as HTML or PDF"
        )
    seen: set[tuple[str, int]] = set()
    captions: list[Caption] = []
    for line in document.lines:
        if _is_caption(line):
            text = " ".join(line.text.split())
            key = (text.lower(), line.page)
            if key not in seen:
                seen.add(key)
                captions.append(Caption(text, line.page))
    return FilingReading(document.media_type, document.pages, captions)


def _is_caption(line: Line) -> bool:
    text = line.text.strip()
    if not text or len(text) > MAX_CAPTION or _NOT_CAPTION.match(text):
        return False
    if _SENTENCE_END.search(text) or not text[0].isalpha() or not text[0].isupper():
        return text.lower().startswith(("item ", "note ")) and line.emphasised
    if line.emphasised:
        return True
    return is_title_like(text) and len(text.split()) <= 12 and line.gap_before >= 0.5

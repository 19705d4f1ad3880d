"""Lines to paragraphs ("blocks"), using the layout signals the documents layer keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewdesk.documents import Document, Line

_SENTENCE_END = re.compile(r"[.:?!;\"”’)\]]\s*$")
_NUMBERED = re.compile(r"^\s*\(?\d{1,3}\s*[.)]")
_BULLET = re.compile(r"^\s*(?:[•●◦▪■\-–—*]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s")


@dataclass(slots=True)
class Block:
    """A paragraph: consecutive lines with no paragraph break between them."""

    lines: list[Line]
    index: int

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def emphasised(self) -> bool:
        return all(line.emphasised for line in self.lines)

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def italic(self) -> bool:
        return all(line.italic for line in self.lines)

    def leading_emphasis(self) -> str:
        return self.lines[0].leading_emphasis()


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines with single spaces."""
    return re.sub(r"\s+", " ", " ".join(t.strip() for t in texts)).strip()


def paragraph_break(document: Document) -> float:
    """The gap above a line that starts a new paragraph, for this document's kind."""
    return 0.38 if document.media_type == "application/pdf" else 0.5


def blocks_of(document: Document) -> list[Block]:
    """Group a document's lines into paragraphs."""
    threshold = paragraph_break(document)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in document.lines:
        if current and _starts_paragraph(current[-1], line, threshold):
            blocks.append(Block(current, len(blocks)))
            current = []
        current.append(line)
    if current:
        blocks.append(Block(current, len(blocks)))
    return blocks


_OPENING = re.compile(r"^\s*(?:Dear\b|Ladies and Gentlemen|Gentlemen|To Whom|Re:|RE:)", re.I)


_LABEL_LINE = re.compile(
    r"^\s*(?:[\w’'.]+\s+){0,3}(?:Responses?|Comments?|Answer)(?:\s+(?:No\.?\s*)?\d+)?\s*[:.]?\s*$",
    re.I,
)


def _is_label(text: str) -> bool:
    """A line that is only a label ("Response:", "Company Response No. 2."); a line that
    starts in lower case ("following in your response:", "your response.") ends a sentence
    wrapped from the line above, and is no label."""
    return bool(_LABEL_LINE.match(text)) and not text.lstrip()[:1].islower()


_LIST_MARK = re.compile(r"^\s*[a-z]{1,4}[.)]\s")


def _continues_sentence(previous: Line, line: Line) -> bool:
    """The line goes on with the sentence of the line above though a block boundary falls
    between them: the line above ends in a word (no sentence end), this one starts with a
    lower-case word that is no list mark ("c. Other ..."), in the same style. A comment pasted
    into an HTML response one line per paragraph, or a PDF line set a little lower, would
    otherwise be split into paragraphs mid-sentence."""
    text = line.text.lstrip()
    return (
        text[:1].islower()
        and not _LIST_MARK.match(text)
        and bool(re.search(r"[\w,]$", previous.text.rstrip()))
        and previous.emphasised == line.emphasised
    )


def _starts_paragraph(previous: Line, line: Line, threshold: float) -> bool:
    if _OPENING.match(line.text) or (
        _OPENING.match(previous.text) and previous.text.rstrip().endswith((":", ","))
    ):
        return True
    if _is_label(line.text) or _is_label(previous.text):
        return True
    if line.page != previous.page:
        if _NUMBERED.match(line.text):
            return True
        return bool(_SENTENCE_END.search(previous.text)) and line.text[:1].isupper()
    if line.gap_before >= threshold:
        return not _continues_sentence(previous, line)
    if line.emphasised != previous.emphasised and _SENTENCE_END.search(previous.text):
        return True
    return bool(_NUMBERED.match(line.text) or _BULLET.match(line.text)) and bool(
        _SENTENCE_END.search(previous.text)
        or previous.emphasised
        or re.search(r"\bpages?\s+[\w-]+$", previous.text, re.I)
    )

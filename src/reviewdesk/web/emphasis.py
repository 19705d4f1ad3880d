"""Italics and underlines in the reading of an HTML letter: the parsed comments and answers
are plain text, so the letter page finds each one in the document as read (which keeps each
run's style) and sets the italic and underlined stretches in `<em>` and `<u>`. Company
letters underline revised disclosure ("added text is underlined") and italicise defined
terms and titles; a reading without them loses what the answer says it changed.

Texts are matched with white space runs made one space; a text not found whole is matched
line by line, and what is still not found is shown plain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from reviewdesk.documents import Document, DocumentError, read_bytes

PLAIN, ITALIC, UNDERLINE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class StyledText:
    """A document's text with white space runs made one space, and each character's style
    (a bit set of ITALIC and UNDERLINE)."""

    text: str
    styles: bytes

    def find(self, flat: str, start: int = 0) -> int:
        return self.text.find(flat, start) if flat else -1


def styled_text(document: Document) -> StyledText | None:
    """The document's text and styles, or None when nothing in it is italic or underlined."""
    chars: list[str] = []
    styles = bytearray()
    for line in document.lines:
        for run in line.runs:
            style = (ITALIC if run.italic else 0) | (UNDERLINE if run.underline else 0)
            for char in run.text:
                if char.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        styles.append(style)
                    continue
                chars.append(char)
                styles.append(style)
        if chars and chars[-1] != " ":
            chars.append(" ")
            styles.append(PLAIN)
    if not any(styles):
        return None
    return StyledText("".join(chars), bytes(styles))


def _flat(text: str) -> tuple[str, list[int]]:
    """`text` with white space runs made one space (none leading), and for each character
    of `text` its index in the flat text (-1 for white space folded away)."""
    flat: list[str] = []
    where: list[int] = []
    for char in text:
        if char.isspace():
            if flat and flat[-1] != " ":
                flat.append(" ")
                where.append(len(flat) - 1)
            else:
                where.append(-1)
            continue
        flat.append(char)
        where.append(len(flat) - 1)
    return "".join(flat), where


def _styles_of(text: str, document: StyledText) -> list[int]:
    """Each character's style in `text`, as found in the document (PLAIN where not found):
    the whole text if the document has it, else each of its lines in turn."""
    flat, where = _flat(text)
    found = [PLAIN] * len(flat)
    whole = flat.rstrip()
    at = document.find(whole)
    if at >= 0:
        found[: len(whole)] = document.styles[at : at + len(whole)]
    else:
        offset = cursor = 0
        for line in text.split("\n"):
            piece = " ".join(line.split())
            position = flat.find(piece, offset) if piece else -1
            if position < 0:
                continue
            offset = position + len(piece)
            at = document.find(piece, cursor)
            if at >= 0:
                cursor = at + len(piece)
                found[position:offset] = document.styles[at:cursor]
    return [found[i] if i >= 0 else PLAIN for i in where]


def emphasised(text: str | None, document: StyledText | None) -> Markup | None:
    """`text` escaped, with its italic stretches in `<em>` and underlined ones in `<u>`;
    None when there is no text or nothing of it is emphasised in the document."""
    if not text or document is None:
        return None
    styles = _styles_of(text, document)
    if not any(styles):
        return None
    out: list[str] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and styles[index] == styles[start]:
            continue
        piece = str(escape(text[start:index]))
        style = styles[start] if piece.strip() else PLAIN
        if style & UNDERLINE:
            piece = f"<u>{piece}</u>"
        if style & ITALIC:
            piece = f"<em>{piece}</em>"
        out.append(piece)
        start = index
    return Markup("".join(out))


def letter_emphasis(letter: dict[str, Any], data: bytes, name: str) -> None:
    """Add to a letter's reading (as `reading.letter` gives it) the emphasised HTML of each
    comment (`text_html`) and response (`response_html`, `comment_html`) read from its
    original; an original that cannot be read adds nothing."""
    try:
        document = styled_text(read_bytes(data, name))
    except DocumentError:
        return
    for comment in letter["comments"]:
        comment["text_html"] = emphasised(comment["text"], document)
    for response in letter["responses"]:
        response["response_html"] = emphasised(response["response_text"], document)
        response["comment_html"] = emphasised(response["comment_text"], document)

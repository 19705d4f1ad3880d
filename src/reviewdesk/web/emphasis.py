"""Italics and underlines in the reading of an HTML letter: the parsed comments and answers
are plain text, so the letter page finds each one in the document as read (which keeps each
run's style) and sets the italic and underlined stretches in `<em>` and `<u>`. Company
letters underline revised disclosure ("added text is underlined") and italicise defined
terms and titles; a reading without them loses what the answer says it changed.

Texts are matched with white space runs made one space; a text not found whole is matched
line by line, and what is still not found is shown plain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from reviewdesk.documents import Document, DocumentError, read_bytes
from reviewdesk.views.letters import LetterReading
from reviewdesk.views.reviews import ReviewReading

PLAIN, ITALIC, UNDERLINE = 0, 1, 2
LARGEST = 1024 * 1024
"""Originals larger than this (1 MiB) are not read again for a page; their reading is plain."""
Original = tuple[bytes, str, str]
"""A letter's document: bytes, media type, file name."""


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


def _styled_original(original: Original | None) -> StyledText | None:
    """The styled text of an HTML (or SGML) original of at most LARGEST bytes, else None."""
    if original is None:
        return None
    data, media_type, name = original
    if media_type == "application/pdf" or len(data) > LARGEST:
        return None
    try:
        return styled_text(read_bytes(data, name))
    except DocumentError:
        return None


@dataclass(frozen=True, slots=True)
class Emphasis:
    """The emphasised HTML of a page's texts, by comment or response id: each comment's text,
    each response's answer and its restated comment (None where nothing is emphasised)."""

    comments: dict[int, Markup | None] = field(default_factory=dict)
    responses: dict[int, Markup | None] = field(default_factory=dict)
    restated: dict[int, Markup | None] = field(default_factory=dict)


def letter_emphasis(letter: LetterReading, original: Original) -> Emphasis:
    """The emphasised HTML of each comment and response of a letter's reading, read from its
    original; a PDF, or an original that is too large or cannot be read, gives none."""
    document = _styled_original(original)
    if document is None:
        return Emphasis()
    return Emphasis(
        comments={c.id: emphasised(c.text, document) for c in letter.comments},
        responses={r.id: emphasised(r.response_text, document) for r in letter.responses},
        restated={r.id: emphasised(r.comment_text, document) for r in letter.responses},
    )


def review_emphasis(review: ReviewReading, original: Callable[[int], Original | None]) -> Emphasis:
    """The emphasised HTML of each comment of a review's rounds (from its staff letter) and
    each answer (from its response letter), reading each letter's original
    (`original(letter_id)`) once."""
    documents: dict[int, StyledText | None] = {}

    def of(letter_id: int | None) -> StyledText | None:
        if letter_id is None:
            return None
        if letter_id not in documents:
            documents[letter_id] = _styled_original(original(letter_id))
        return documents[letter_id]

    shown = Emphasis()
    for round_ in review.rounds:
        staff = round_.staff_letter.id if round_.staff_letter else None
        for item in round_.items:
            shown.comments[item.comment.id] = emphasised(item.comment.text, of(staff))
            if item.answer is not None:
                shown.responses[item.answer.id] = emphasised(
                    item.answer.text, of(item.answer.letter_id)
                )
    return shown

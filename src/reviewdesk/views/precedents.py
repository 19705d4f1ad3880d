"""Precedents as a letter page and /api show them: for a staff comment, similar comments from
other companies' letters, the answer each gave and how its thread ended."""

from __future__ import annotations

import datetime as dt

from reviewdesk.services.precedents import Precedent
from reviewdesk.views.model import ReadModel

EXCERPT_CHARS = 600
"""Longest excerpt of a precedent's comment or answer on the page (the API gives them whole)."""


class PrecedentAnswer(ReadModel):
    """The answer the other company gave, and its letter."""

    text: str
    letter_id: int
    accession: str | None


class PrecedentView(ReadModel):
    """A similar comment of another company's letter, its answer and its outcome."""

    comment_id: int
    letter_id: int
    accession: str | None
    letter_date: dt.date | None
    company: str | None
    number: int | None
    heading: str | None
    text: str
    score: float
    answer: PrecedentAnswer | None
    outcome: str


class CommentPrecedents(ReadModel):
    """A comment of the letter and its precedents, most similar first."""

    comment_id: int
    number: int | None
    precedents: list[PrecedentView]


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text cut at a word before `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def precedent_view(found: Precedent, limit: int | None = None) -> PrecedentView:
    """A precedent as shown (texts cut to `limit` characters when given)."""
    comment = found.comment
    answer = found.answer

    def cut(text: str) -> str:
        return excerpt(text, limit) if limit else text

    return PrecedentView(
        comment_id=comment.id,
        letter_id=comment.letter_id,
        accession=comment.accession,
        letter_date=comment.letter_date,
        company=comment.company,
        number=comment.number,
        heading=comment.heading,
        text=cut(comment.text),
        score=round(found.score, 3),
        answer=None
        if answer is None
        else PrecedentAnswer(
            text=cut(answer.text), letter_id=answer.letter_id, accession=answer.accession
        ),
        outcome=found.outcome.summary,
    )

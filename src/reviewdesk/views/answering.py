"""Answering a staff comment letter as its page and /api show it: the deadline on a day, and
what the response letter restates (every comment in order) with where its drafts are."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.reviews.deadlines import letter_deadline
from reviewdesk.services.drafting import ResponseLetter
from reviewdesk.views.model import ReadModel


class Deadline(ReadModel):
    """When the answer is due, when the record shows it answered, else the business days
    left (negative when overdue)."""

    due: dt.date | None
    answered: dt.date | None
    business_days_left: int | None


class RestatedComment(ReadModel):
    """A comment as the response letter restates it, under its caption."""

    number: int | None
    caption: str | None
    comment: str


class ResponseOutline(Deadline):
    """What the response letter to a staff comment letter restates, when it is due, whether
    it asks for the acknowledgement, and where its DOCX and Markdown drafts are."""

    letter_id: int
    acknowledgement: bool
    company: str | None
    items: list[RestatedComment]
    docx: str
    markdown: str


def deadline(session: Session, row: schema.Letter, today: dt.date) -> Deadline:
    """The letter's deadline on `today` (reviews' one rule)."""
    found = letter_deadline(session, row, today)
    return Deadline(
        due=found.due, answered=found.answered, business_days_left=found.business_days_left
    )


def response_outline(
    session: Session, row: schema.Letter, draft: ResponseLetter, today: dt.date
) -> ResponseOutline:
    """The response letter's outline: deadline, acknowledgement, company, restated comments."""
    return ResponseOutline(
        letter_id=row.id,
        **deadline(session, row, today).model_dump(),
        acknowledgement=draft.acknowledgement,
        company=draft.company,
        items=[
            RestatedComment(number=i.number, caption=i.caption, comment=i.comment)
            for i in draft.items
        ],
        docx=f"/api/letters/{row.id}/response.docx",
        markdown=f"/api/letters/{row.id}/response.md",
    )

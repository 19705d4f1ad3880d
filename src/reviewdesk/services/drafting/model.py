"""A response letter: the staff letter it answers, and each comment with its answer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reviewdesk.letters import FilingRef, Letter
from reviewdesk.letters.identifiers import iso_date
from reviewdesk.reviews.calendar import response_due
from reviewdesk.services.drafting.wording import caption

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text as one paragraph (runs of whitespace, such as a page break inside a comment, made
    one space) without the control characters XML, and so DOCX, cannot hold."""
    return " ".join(_XML_UNSAFE.sub("", text).split())


@dataclass(slots=True)
class ResponseItem:
    """One staff comment restated, under its caption, with the company's answer (or None)."""

    number: int | None
    caption: str | None
    comment: str
    answer: str | None = None


@dataclass(slots=True)
class ResponseLetter:
    """Everything a response letter says, before it is written as DOCX or Markdown."""

    source: str
    company: str | None
    date: dt.date
    staff_letter_date: dt.date | None
    office: str | None
    contacts: list[str]
    filings: list[FilingRef]
    items: list[ResponseItem] = field(default_factory=list)
    acknowledgement: bool = False
    due: dt.date | None = None
    signer: str | None = None
    """Who signs: the signed-in user drafting from the desk; None leaves [Name] to fill."""

    def days_left(self, today: dt.date) -> int | None:
        """Calendar days from `today` to the due date (negative when overdue)."""
        return None if self.due is None else (self.due - today).days


def build_response(
    letter: Letter,
    answers: Mapping[int, str] | None = None,
    *,
    acknowledgement: bool = False,
    today: dt.date | None = None,
    signer: str | None = None,
) -> ResponseLetter:
    """The response letter to a staff comment letter, with the answers given (by comment
    number) and placeholders for the rest; `acknowledgement` adds the three statements;
    `signer` names who signs."""
    answers = answers or {}
    staff_date = iso_date(letter.date)
    items = [
        ResponseItem(
            comment.number,
            clean(caption(comment.heading, comment.page) or "") or None,
            clean(comment.text),
            clean(answers[comment.number])
            if comment.number is not None and comment.number in answers
            else None,
        )
        for comment in letter.comments
    ]
    return ResponseLetter(
        source=letter.source,
        company=clean(letter.company) if letter.company else None,
        date=today or dt.date.today(),
        staff_letter_date=staff_date,
        office=clean(letter.office) if letter.office else None,
        contacts=[clean(contact.name) for contact in letter.contacts if contact.name],
        filings=list(letter.filings),
        items=items,
        acknowledgement=acknowledgement,
        due=response_due(staff_date) if staff_date is not None else None,
        signer=clean(signer) if signer and signer.strip() else None,
    )

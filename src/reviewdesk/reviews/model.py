"""What the reviews layer works on: letters as threading sees them, and the reviews it builds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from reviewdesk.letters import Letter
from reviewdesk.letters.identifiers import iso_date, normal_file_number

STAFF_FORMS = frozenset({"UPLOAD", "LETTER", "SEC STAFF LETTER", "SEC STAFF ACTION"})
COMPANY_FORMS = frozenset({"CORRESP"})


class CommentStatus(StrEnum):
    """Where one comment stands in its life across the rounds of a review."""

    issued = "issued"
    answered = "answered"
    followed_up = "followed_up"
    resolved = "resolved"


def staff_role_of_form(form: str | None) -> str | None:
    """The role an EDGAR form implies: UPLOAD and staff forms are staff, CORRESP is company."""
    if form is None:
        return None
    upper = form.strip().upper()
    if upper in STAFF_FORMS:
        return "staff"
    return "company" if upper in COMPANY_FORMS else None


@dataclass(frozen=True, slots=True)
class CommentItem:
    """One staff comment as threading needs it: its printed number and its text."""

    number: int | None
    text: str


@dataclass(slots=True)
class ThreadLetter:
    """A letter as threading sees it: its reading plus the EDGAR metadata of its filing.

    `key` identifies the letter to the caller (a store id or an accession); `date` is the
    letter's own date and `filed` the EDGAR filing date, used when the letter shows none.
    """

    key: str
    cik: str | None
    role: str | None
    kind: str | None
    date: dt.date | None = None
    filed: dt.date | None = None
    company: str | None = None
    file_numbers: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    in_reply_to: dt.date | None = None
    prior_letter_date: dt.date | None = None
    refers_to_prior: bool = False
    comments: list[CommentItem] = field(default_factory=list)
    response_numbers: list[int | None] = field(default_factory=list)

    @property
    def when(self) -> dt.date | None:
        """The date threading orders by: the letter's date, else its EDGAR filing date."""
        return self.date or self.filed

    @property
    def staff(self) -> bool:
        return self.role == "staff"

    @property
    def company_letter(self) -> bool:
        return self.role == "company"

    @classmethod
    def from_letter(
        cls,
        letter: Letter,
        *,
        key: str,
        cik: str | None = None,
        filed: dt.date | None = None,
        form: str | None = None,
    ) -> ThreadLetter:
        """Fill from a parsed reading; the EDGAR form decides the role when the reading has none."""
        role: str | None = letter.role
        if role is None and form is not None:
            upper = form.strip().upper()
            role = (
                "staff" if upper in STAFF_FORMS else "company" if upper in COMPANY_FORMS else None
            )
        numbers = {normal_file_number(f.file_number) for f in letter.filings}
        return cls(
            key=key,
            cik=(cik.lstrip("0") or "0") if cik else None,
            role=role,
            kind=letter.kind,
            date=iso_date(letter.date),
            filed=filed,
            company=letter.company,
            file_numbers=frozenset(n for n in numbers if n),
            forms=frozenset(f.form.strip().upper() for f in letter.filings if f.form),
            in_reply_to=iso_date(letter.in_reply_to),
            prior_letter_date=iso_date(letter.prior_letter_date),
            refers_to_prior=letter.refers_to_prior,
            comments=[CommentItem(c.number, c.text) for c in letter.comments],
            response_numbers=[r.number for r in letter.responses],
        )


@dataclass(slots=True)
class Round:
    """One staff comment letter and the company letters that answer it."""

    staff: ThreadLetter
    answers: list[ThreadLetter] = field(default_factory=list)

    @property
    def answered_on(self) -> date | None:
        """The date of the first answer, if any came."""
        dates = [a.when for a in self.answers]
        known = [d for d in dates if d is not None]
        return min(known) if known else None


@dataclass(slots=True)
class Review:
    """The staff's examination of one or more filings of a company, from opening to completion."""

    opening: ThreadLetter
    letters: list[ThreadLetter] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    closing: ThreadLetter | None = None
    file_numbers: set[str] = field(default_factory=set)

    @property
    def cik(self) -> str | None:
        return self.opening.cik

    @property
    def company(self) -> str | None:
        return next((x.company for x in self.letters if x.company), None)

    @property
    def closed(self) -> bool:
        return self.closing is not None

    @property
    def opened_on(self) -> date | None:
        return self.opening.when

    @property
    def closed_on(self) -> date | None:
        return self.closing.when if self.closing is not None else None

    @property
    def days_to_close(self) -> int | None:
        """Calendar days from the opening letter to the completion letter."""
        if self.opened_on is None or self.closed_on is None:
            return None
        return (self.closed_on - self.opened_on).days

    def round_of(self, key: str) -> Round | None:
        """The round a letter belongs to (as its staff letter or as an answer)."""
        for round_ in self.rounds:
            if round_.staff.key == key or any(a.key == key for a in round_.answers):
                return round_
        return None

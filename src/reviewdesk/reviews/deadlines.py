"""Answer deadlines of staff comment letters, and how long each round and review took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.reviews.calendar import business_days_between, response_due
from reviewdesk.reviews.model import Review, Round


class DeadlineStatus(StrEnum):
    """How a comment letter's ten-business-day deadline stands."""

    on_time = "on_time"
    late = "late"
    open = "open"
    overdue = "overdue"
    unanswered = "unanswered"
    """No answer letter on record, but the review moved on (a later letter, or completion)."""
    undated = "undated"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One round's deadline: when the answer was due, when it came, and how that stands."""

    review: Review
    round_number: int
    round: Round
    due: date | None
    answered_on: date | None
    status: DeadlineStatus

    @property
    def days_to_respond(self) -> int | None:
        """Calendar days from the staff letter to the first answer."""
        sent = self.round.staff.when
        if sent is None or self.answered_on is None:
            return None
        return (self.answered_on - sent).days

    @property
    def business_days_to_respond(self) -> int | None:
        """Business days from the staff letter to the first answer."""
        sent = self.round.staff.when
        if sent is None or self.answered_on is None:
            return None
        return business_days_between(sent, self.answered_on)


def round_deadline(review: Review, number: int, today: date) -> Deadline:
    """The deadline of round `number` (1-based) of the review, as it stands on `today`."""
    round_ = review.rounds[number - 1]
    sent = round_.staff.when
    answered = round_.answered_on
    due = response_due(sent) if sent is not None else None
    moved_on = review.closed or number < len(review.rounds)
    status = deadline_status(due, answered, moved_on=moved_on, today=today)
    return Deadline(review, number, round_, due, answered, status)


def deadline_status(
    due: date | None, answered: date | None, *, moved_on: bool, today: date
) -> DeadlineStatus:
    """How a deadline stands: answered on time or late, or still open, overdue, or passed by
    (`moved_on`: the review closed or a later staff letter came without an answer on record)."""
    if due is None:
        return DeadlineStatus.undated
    if answered is not None:
        return DeadlineStatus.on_time if answered <= due else DeadlineStatus.late
    if moved_on:
        return DeadlineStatus.unanswered
    return DeadlineStatus.overdue if today > due else DeadlineStatus.open


def review_deadlines(review: Review, today: date) -> list[Deadline]:
    """The deadline of every round of the review."""
    return [round_deadline(review, n, today) for n in range(1, len(review.rounds) + 1)]


@dataclass(frozen=True, slots=True)
class LetterDeadline:
    """A stored staff letter's deadline as of a day: when the answer is due, when the record
    shows it answered (by that day), else the business days left (negative when overdue)."""

    due: date | None
    answered: date | None
    business_days_left: int | None


def letter_due(session: Session, row: schema.Letter) -> date | None:
    """When the answer to a stored staff letter is due: its review round's due date, else ten
    business days after the letter's date (or its filing date)."""
    round_ = session.get(schema.Round, row.round_id) if row.round_id else None
    if round_ is not None and round_.staff_letter_id == row.id and round_.due is not None:
        return round_.due
    day = row.date or row.filing_date
    return response_due(day) if day else None


def letter_deadline(session: Session, row: schema.Letter, today: date) -> LetterDeadline:
    """The stored staff letter's deadline as it stands on `today`."""
    due = letter_due(session, row)
    round_ = session.get(schema.Round, row.round_id) if row.round_id else None
    answered = round_.answered if round_ is not None and round_.staff_letter_id == row.id else None
    if answered is not None and answered > today:
        answered = None
    left = business_days_between(today, due) if due and answered is None else None
    return LetterDeadline(due, answered, left)

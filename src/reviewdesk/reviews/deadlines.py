"""Answer deadlines of staff comment letters, and how long each round and review took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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

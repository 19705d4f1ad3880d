"""The deadlines of reviews run in the desk, apart from EDGAR's: every issued comment letter
of a desk review the person may see whose response the company has not submitted yet, with
the business days left (negative when overdue). Unlike public EDGAR correspondence, the desk
knows when a response is late, because responses are submitted in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.reviews.calendar import business_days_between
from reviewdesk.workflow.access import reviews_visible_to
from reviewdesk.workflow.particulars import company_name
from reviewdesk.workflow.statuses import RoundKind


@dataclass(frozen=True, slots=True)
class DeskDeadline:
    """One desk review's letter waiting for the company's response."""

    review_id: int
    company: str
    round_number: int
    letter_date: dt.date
    due: dt.date
    business_days_left: int


def desk_deadlines(
    session: Session, principal: Principal | None, today: dt.date
) -> list[DeskDeadline]:
    """Responses due in the desk reviews `principal` may see, as of `today`, soonest first."""
    out = []
    for review in reviews_visible_to(session, principal):
        for round_ in review.rounds:
            if (
                round_.kind != RoundKind.comments
                or round_.letter_date is None
                or round_.letter_date > today
                or round_.due is None
                or (round_.submitted_at is not None and round_.submitted_at.date() <= today)
            ):
                continue
            out.append(
                DeskDeadline(
                    review_id=review.id,
                    company=company_name(review),
                    round_number=round_.number,
                    letter_date=round_.letter_date,
                    due=round_.due,
                    business_days_left=business_days_between(today, round_.due),
                )
            )
    out.sort(key=lambda d: (d.due, d.review_id, d.round_number))
    return out

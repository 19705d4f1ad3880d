"""The dashboard as its page and /api twin show it: open reviews, rounds due within ten
business days, rounds with no response on record and recent letters (public EDGAR
correspondence), as they stand on a day; and, apart from those, the responses due in the desk
reviews the person may see. A record of all of EDGAR holds tens of thousands of open reviews,
so each list is a page with the count of the whole list."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record import schema
from reviewdesk.reviews import add_business_days
from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.reviews.queries import (
    RoundDeadline,
    pending_deadline_page,
    review_page,
)
from reviewdesk.views.letters import LINE_LOADS, LetterLine, letter_line
from reviewdesk.views.model import ReadModel
from reviewdesk.views.reviews import PublicDeadline, public_deadline
from reviewdesk.workflow.desk_deadlines import desk_deadlines

DUE_SOON_BUSINESS_DAYS = 10
RECENT_LETTERS = 15
LIST_LIMIT = 50
"""Lines in each of the dashboard's lists, unless asked for another number."""


class DueRound(ReadModel):
    """A round whose answer is due, or past due with no response on record: the review, the
    staff letter, sent and due."""

    review_id: int
    round: int
    company: str | None
    company_id: int | None
    staff_letter: str | None
    sent: dt.date | None
    due: dt.date | None
    status: PublicDeadline


class DeskDue(ReadModel):
    """A desk review's letter waiting for the company's response: sent, due, business days
    left (negative when overdue)."""

    review_id: int
    company: str
    round: int
    sent: dt.date
    due: dt.date
    business_days_left: int
    status: Literal["open", "overdue"]


class OpenReview(ReadModel):
    """A review open on the day."""

    id: int
    company: str | None
    cik: str | None
    file_numbers: list[str]
    opened: dt.date | None
    rounds: int
    letters: int


class DashboardPages(ReadModel):
    """Where each of the dashboard's lists starts: how many lines each shows, and how many it
    skips (open reviews newest first, rounds due soonest first, rounds with no response on
    record latest due first)."""

    limit: int = LIST_LIMIT
    open_reviews: int = 0
    due_soon: int = 0
    no_response: int = 0


class Dashboard(ReadModel):
    """The day, the horizon of 'due soon', open reviews, rounds due and with no response on
    record (a page of each, with the count of the whole list and where the page starts),
    recent letters, and the responses due in the desk reviews the person may see."""

    today: dt.date
    due_until: dt.date
    pages: DashboardPages
    open_reviews_total: int
    open_reviews: list[OpenReview]
    due_soon_total: int
    due_soon: list[DueRound]
    no_response_total: int
    no_response: list[DueRound]
    recent_letters: list[LetterLine]
    desk_due: list[DeskDue]


def dashboard(
    session: Session, today: dt.date, who: Principal | None, pages: DashboardPages | None = None
) -> Dashboard:
    """Open reviews (newest first), rounds due within ten business days (soonest first),
    rounds past due with no response on record (latest due first) and recent letters, all of
    public EDGAR correspondence, a page of each list as `pages` asks. EDGAR publishes a
    review's correspondence only after the review is done, and some answers never: a round
    past its due date without an answer on record is not known to be overdue, so it is listed
    as having no response on record. Desk reviews, whose responses are submitted in the desk,
    keep their own deadlines (`desk_due`, those `who` may see; none for the anonymous)."""
    at = pages or DashboardPages()
    horizon = add_business_days(today, DUE_SOON_BUSINESS_DAYS)
    due_soon = pending_deadline_page(
        session,
        today,
        DeadlineStatus.open,
        until=horizon,
        limit=at.limit,
        offset=at.due_soon,
    )
    no_response = pending_deadline_page(
        session,
        today,
        DeadlineStatus.overdue,
        newest_first=True,
        limit=at.limit,
        offset=at.no_response,
    )
    due_reviews = {d.review_id for d in due_soon.deadlines + no_response.deadlines}
    company_ids: dict[int, int | None] = {
        review_id: company_id
        for review_id, company_id in session.execute(
            select(schema.Review.id, schema.Review.company_id).where(
                schema.Review.id.in_(sorted(due_reviews))
            )
        )
    }

    def line(d: RoundDeadline) -> DueRound:
        return DueRound(
            review_id=d.review_id,
            round=d.round_number,
            company=d.company,
            company_id=company_ids.get(d.review_id),
            staff_letter=d.staff_letter,
            sent=d.sent,
            due=d.due,
            status=public_deadline(d.status),
        )

    open_on = review_page(session, open_on=today, limit=at.limit, offset=at.open_reviews)
    open_reviews = [
        OpenReview(
            id=r.id,
            company=r.company,
            cik=r.cik,
            file_numbers=r.file_numbers,
            opened=r.opened,
            rounds=r.rounds,
            letters=r.letters,
        )
        for r in open_on.reviews
    ]
    newest = schema.Letter.day
    recent = session.scalars(
        select(schema.Letter)
        .where(newest <= today)
        .order_by(newest.desc(), schema.Letter.id.desc())
        .limit(RECENT_LETTERS)
        .options(*LINE_LOADS)
    ).all()
    return Dashboard(
        today=today,
        due_until=horizon,
        pages=at,
        open_reviews_total=open_on.total,
        open_reviews=open_reviews,
        due_soon_total=due_soon.total,
        due_soon=[line(d) for d in due_soon.deadlines],
        no_response_total=no_response.total,
        no_response=[line(d) for d in no_response.deadlines],
        recent_letters=[letter_line(x) for x in recent],
        desk_due=[
            DeskDue(
                review_id=d.review_id,
                company=d.company,
                round=d.round_number,
                sent=d.letter_date,
                due=d.due,
                business_days_left=d.business_days_left,
                status="overdue" if d.business_days_left < 0 else "open",
            )
            for d in desk_deadlines(session, who, today)
        ],
    )

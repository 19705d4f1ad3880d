"""What the dashboard and company pages show, read from the record as JSON-ready dicts
(the page and its /api twin show the same data)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.reviews import add_business_days
from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.reviews.queries import review_summaries, round_deadlines
from reviewdesk.web.reading import public_deadline

DUE_SOON_BUSINESS_DAYS = 10
RECENT_LETTERS = 15


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def letter_line(letter: schema.Letter) -> dict[str, Any]:
    """A letter as one line of a list."""
    return {
        "id": letter.id,
        "accession": letter.accession,
        "date": _iso(letter.date or letter.filing_date),
        "role": letter.role,
        "kind": letter.kind,
        "company": letter.company_shown,
        "company_id": letter.company_id,
        "review_id": letter.review_id,
        "comments": len(letter.comments),
        "responses": len(letter.responses),
    }


def dashboard(session: Session, today: date) -> dict[str, Any]:
    """Open reviews, rounds due within ten business days, rounds past due with no response on
    record, and recent letters, all of public EDGAR correspondence. EDGAR publishes a review's
    correspondence only after the review is done, and some answers never: a round past its due
    date without an answer on record is not known to be overdue, so it is listed as having no
    response on record (desk reviews, whose responses are submitted in the desk, keep their
    own deadlines: workflow.desk_deadlines)."""
    horizon = add_business_days(today, DUE_SOON_BUSINESS_DAYS)
    deadlines = round_deadlines(session, today)
    company_ids = {
        review_id: company_id
        for review_id, company_id in session.execute(
            select(schema.Review.id, schema.Review.company_id)
        )
    }

    def line(d: Any) -> dict[str, Any]:
        return {
            "review_id": d.review_id,
            "round": d.round_number,
            "company": d.company,
            "company_id": company_ids.get(d.review_id),
            "staff_letter": d.staff_letter,
            "sent": _iso(d.sent),
            "due": _iso(d.due),
            "status": d.status.value,
        }

    due_soon = [
        line(d)
        for d in deadlines
        if d.status is DeadlineStatus.open and d.due is not None and d.due <= horizon
    ]
    no_response = [
        {**line(d), "status": public_deadline(d.status)}
        for d in deadlines
        if d.status is DeadlineStatus.overdue
    ]
    open_reviews = [
        {
            "id": r.id,
            "company": r.company,
            "cik": r.cik,
            "file_numbers": r.file_numbers,
            "opened": _iso(r.opened),
            "rounds": r.rounds,
            "letters": r.letters,
        }
        for r in review_summaries(session)
        if r.opened is not None and r.opened <= today and (r.closed is None or r.closed > today)
    ]
    newest = func.coalesce(schema.Letter.date, schema.Letter.filing_date)
    recent = session.scalars(
        select(schema.Letter)
        .where(newest <= today)
        .order_by(newest.desc(), schema.Letter.id.desc())
        .limit(RECENT_LETTERS)
    ).all()
    return {
        "today": today.isoformat(),
        "due_until": horizon.isoformat(),
        "open_reviews": open_reviews,
        "due_soon": due_soon,
        "no_response": no_response,
        "recent_letters": [letter_line(x) for x in recent],
    }


def companies(session: Session) -> list[dict[str, Any]]:
    """Every company with its counts of reviews and letters and its latest letter's date."""
    reviews: dict[int, int] = defaultdict(int)
    for company_id in session.scalars(select(schema.Review.company_id)):
        if company_id is not None:
            reviews[company_id] += 1
    letters = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(
                schema.Letter.company_id,
                func.count(),
                func.max(func.coalesce(schema.Letter.date, schema.Letter.filing_date)),
            ).group_by(schema.Letter.company_id)
        )
    }
    out = []
    for company in session.scalars(
        select(schema.Company).order_by(func.lower(schema.Company.name), schema.Company.id)
    ):
        count, latest = letters.get(company.id, (0, None))
        out.append(
            {
                "id": company.id,
                "cik": company.cik,
                "name": company.name,
                "reviews": reviews.get(company.id, 0),
                "letters": count,
                "latest_letter": latest.isoformat() if isinstance(latest, date) else latest,
            }
        )
    return out


def company(session: Session, company_id: int) -> dict[str, Any] | None:
    """A company and its reviews over time (oldest first) with comment and round counts."""
    row = session.get(schema.Company, company_id)
    if row is None:
        return None
    reviews = session.scalars(
        select(schema.Review).where(schema.Review.company_id == company_id)
    ).all()
    ids = [r.id for r in reviews]
    rounds: dict[int, int] = defaultdict(int)
    for review_id in session.scalars(
        select(schema.Round.review_id).where(schema.Round.review_id.in_(ids))
    ):
        rounds[review_id] += 1
    comments: dict[int, int] = defaultdict(int)
    responses: dict[int, int] = defaultdict(int)
    for group, count in session.execute(
        select(schema.Letter.review_id, func.count(schema.Comment.id))
        .join(schema.Comment, schema.Comment.letter_id == schema.Letter.id)
        .where(schema.Letter.review_id.in_(ids))
        .group_by(schema.Letter.review_id)
    ):
        if group is not None:
            comments[group] = count
    for group, count in session.execute(
        select(schema.Letter.review_id, func.count(schema.Response.id))
        .join(schema.Response, schema.Response.letter_id == schema.Letter.id)
        .where(schema.Letter.review_id.in_(ids))
        .group_by(schema.Letter.review_id)
    ):
        if group is not None:
            responses[group] = count
    ordered = sorted(reviews, key=lambda r: (r.opened or date.min, r.id))
    letters = session.scalars(
        select(schema.Letter)
        .where(schema.Letter.company_id == company_id, schema.Letter.review_id.is_(None))
        .order_by(schema.Letter.date)
    ).all()
    return {
        "id": row.id,
        "cik": row.cik,
        "name": row.name,
        "names": sorted({n.name for n in row.names}),
        "reviews": [
            {
                "id": r.id,
                "opened": _iso(r.opened),
                "closed": _iso(r.closed),
                "status": r.status,
                "file_numbers": list(r.file_numbers or []),
                "rounds": rounds.get(r.id, 0),
                "comments": comments.get(r.id, 0),
                "responses": responses.get(r.id, 0),
            }
            for r in ordered
        ],
        "unthreaded_letters": [letter_line(x) for x in letters],
    }

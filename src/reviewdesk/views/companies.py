"""Companies as the companies page, the company page and their /api twins show them: every
company with its counts, and one company's reviews over time with its EDGAR context."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.views.edgar import CompanyContext, company_context
from reviewdesk.views.letters import LetterLine, letter_line
from reviewdesk.views.model import ReadModel


class CompanyLine(ReadModel):
    """A company as one line of a list: its counts of reviews and letters, its latest letter."""

    id: int
    cik: str
    name: str | None
    reviews: int
    letters: int
    latest_letter: dt.date | None


class CompanyReview(ReadModel):
    """One of a company's reviews, with its counts of rounds, comments and responses."""

    id: int
    opened: dt.date | None
    closed: dt.date | None
    status: str | None
    file_numbers: list[str]
    rounds: int
    comments: int
    responses: int


class CompanyReading(ReadModel):
    """A company: its names, its reviews oldest first, its letters in no review, and its
    context from EDGAR."""

    id: int
    cik: str
    name: str | None
    names: list[str]
    reviews: list[CompanyReview]
    unthreaded_letters: list[LetterLine]
    context: CompanyContext


def companies(session: Session) -> list[CompanyLine]:
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
            CompanyLine(
                id=company.id,
                cik=company.cik,
                name=company.name,
                reviews=reviews.get(company.id, 0),
                letters=count,
                latest_letter=latest,
            )
        )
    return out


def company(session: Session, company_id: int) -> CompanyReading | None:
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
    ordered = sorted(reviews, key=lambda r: (r.opened or dt.date.min, r.id))
    letters = session.scalars(
        select(schema.Letter)
        .where(schema.Letter.company_id == company_id, schema.Letter.review_id.is_(None))
        .order_by(schema.Letter.date)
    ).all()
    return CompanyReading(
        id=row.id,
        cik=row.cik,
        name=row.name,
        names=sorted({n.name for n in row.names}),
        reviews=[
            CompanyReview(
                id=r.id,
                opened=r.opened,
                closed=r.closed,
                status=r.status,
                file_numbers=list(r.file_numbers or []),
                rounds=rounds.get(r.id, 0),
                comments=comments.get(r.id, 0),
                responses=responses.get(r.id, 0),
            )
            for r in ordered
        ],
        unthreaded_letters=[letter_line(x) for x in letters],
        context=company_context(session, row),
    )

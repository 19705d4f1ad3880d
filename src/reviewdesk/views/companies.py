"""Companies as the companies page, the company page and their /api twins show them: a page
of companies by name with their counts, and one company's reviews over time with its EDGAR
context."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from reviewdesk.letters.identifiers import as_cik
from reviewdesk.record import schema
from reviewdesk.reviews.queries import ID_CHUNK
from reviewdesk.views.edgar import CompanyContext, company_context
from reviewdesk.views.letters import LINE_LOADS, LetterLine, letter_line
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


class CompanyLines(ReadModel):
    """A page of company lines in name order, and how many companies the whole list holds."""

    total: int
    lines: list[CompanyLine]


def _matching(q: str) -> ColumnElement[bool] | None:
    """Companies whose name holds `q` in any case, or whose CIK is `q` with or without its
    leading zeros; None when `q` is blank."""
    words = q.strip()
    if not words:
        return None
    named = func.lower(schema.Company.name).contains(words.lower(), autoescape=True)
    cik = as_cik(words)
    return named if cik is None else or_(named, schema.Company.cik == cik)


def _page(
    session: Session, q: str, limit: int | None, offset: int
) -> tuple[int, list[tuple[int, str, str | None]]]:
    """How many companies `q` matches (every company when blank), and the page's (id, CIK,
    name) in name order.

    Without `q` the page is read in order from the name-order index (migration 0024). With
    `q` the matches are found first (by the trigram index on PostgreSQL), then sorted and
    counted in one statement: read in name order and filtered instead, a rare name part
    would walk the whole index."""
    every = select(schema.Company.id, schema.Company.cik, schema.Company.name)
    where = _matching(q)
    if where is None:
        total = session.scalar(select(func.count()).select_from(schema.Company)) or 0
        ordered = every.order_by(func.lower(schema.Company.name), schema.Company.id)
        found = session.execute(ordered.offset(offset).limit(limit))
        return total, [(row[0], row[1], row[2]) for row in found]
    matched = every.where(where).cte("matched").prefix_with("MATERIALIZED")
    counted = select(*matched.c, func.count().over()).order_by(
        func.lower(matched.c.name), matched.c.id
    )
    rows = session.execute(counted.offset(offset).limit(limit)).all()
    if not rows:
        return session.scalar(select(func.count()).select_from(matched)) or 0, []
    return rows[0][3], [(row[0], row[1], row[2]) for row in rows]


def company_lines(
    session: Session, q: str = "", limit: int | None = None, offset: int = 0
) -> CompanyLines:
    """`limit` companies from `offset` by name (any case, then id), those `q` matches (name
    or CIK) when given, with the count of all that match; reviews and letters are counted
    for the page's companies only, so a page costs the same at any size of the record."""
    total, rows = _page(session, q, limit, offset)
    ids = [company_id for company_id, _, _ in rows]
    reviews: dict[int | None, int] = {}
    letters: dict[int | None, tuple[int, dt.date | None]] = {}
    for chunk in (ids[at : at + ID_CHUNK] for at in range(0, len(ids), ID_CHUNK)):
        for company_id, reviewed in session.execute(
            select(schema.Review.company_id, func.count())
            .where(schema.Review.company_id.in_(chunk))
            .group_by(schema.Review.company_id)
        ):
            reviews[company_id] = reviewed
        for company_id, written, last in session.execute(
            select(
                schema.Letter.company_id,
                func.count(),
                func.max(schema.Letter.day),
            )
            .where(schema.Letter.company_id.in_(chunk))
            .group_by(schema.Letter.company_id)
        ):
            letters[company_id] = (written, last)
    lines = []
    for company_id, cik, name in rows:
        count, latest = letters.get(company_id, (0, None))
        lines.append(
            CompanyLine(
                id=company_id,
                cik=cik,
                name=name,
                reviews=reviews.get(company_id, 0),
                letters=count,
                latest_letter=latest,
            )
        )
    return CompanyLines(total=total, lines=lines)


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
        .options(*LINE_LOADS)
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

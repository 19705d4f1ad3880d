"""Reading reviews, rounds and deadlines back from the record for people to look at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from reviewdesk.record import schema
from reviewdesk.reviews.deadlines import DeadlineStatus, deadline_status
from reviewdesk.reviews.filters import ListFilters, base_form

ID_CHUNK = 5000
"""Ids per IN list, well under the bound parameters SQLite and PostgreSQL take."""


@dataclass(slots=True)
class ReviewSummary:
    """One review as a line of a list."""

    id: int
    company: str | None
    cik: str | None
    file_numbers: list[str]
    opened: date | None
    closed: date | None
    status: str | None
    rounds: int
    letters: int
    forms: list[str] = field(default_factory=list)
    """Forms of the filings the review's letters name, in order of first mention."""
    office: str | None = None
    """The staff office, as the review's first staff letter that names one gives it."""

    @property
    def days_to_close(self) -> int | None:
        if self.opened is None or self.closed is None:
            return None
        return (self.closed - self.opened).days


@dataclass(slots=True)
class ReviewDetail:
    """A review with its rounds and letters (comments and responses loaded), in date order."""

    review: schema.Review
    rounds: list[schema.Round]
    letters: list[schema.Letter]
    comments_by_id: dict[int, schema.Comment] = field(default_factory=dict)
    responses_by_id: dict[int, schema.Response] = field(default_factory=dict)

    def letter(self, letter_id: int | None) -> schema.Letter | None:
        return next((x for x in self.letters if x.id == letter_id), None)


@dataclass(slots=True)
class RoundDeadline:
    """A round's deadline as it stands on a given day."""

    review_id: int
    round_number: int
    company: str | None
    staff_letter: str | None
    sent: date | None
    due: date | None
    answered: date | None
    status: DeadlineStatus
    cik: str | None = None
    forms: list[str] = field(default_factory=list)
    office: str | None = None


def _letter_date(letter: schema.Letter) -> date:
    return letter.date or letter.filing_date or date.max


def _forms(letters: list[schema.Letter]) -> list[str]:
    forms: list[str] = []
    for letter in letters:
        for filing in letter.filings:
            if filing.form and filing.form not in forms:
                forms.append(filing.form)
    return forms


def _review_order() -> tuple[ColumnElement[Any], ...]:
    """Newest opened first, reviews with no opening day last, ties by id, newest first."""
    return (schema.Review.opened.desc().nulls_last(), schema.Review.id.desc())


def _like(column: InstrumentedAttribute[str | None], part: str) -> ColumnElement[bool]:
    return func.lower(column).contains(part.lower(), autoescape=True)


def _review_candidates(where: ListFilters, status: str | None) -> Select[int]:
    """Ids of the reviews that can match: status and opening days exactly, company, form and
    office as a wider cut (any letter of the review), which the summaries then narrow."""
    query = select(schema.Review.id)
    if status is not None:
        query = query.where(schema.Review.status == status)
    if where.since is not None or where.until is not None:
        query = query.where(schema.Review.opened.is_not(None))
    if where.since is not None:
        query = query.where(schema.Review.opened >= where.since)
    if where.until is not None:
        query = query.where(schema.Review.opened <= where.until)
    mine = schema.Letter.review_id == schema.Review.id
    company = (where.company or "").strip().lower()
    if company:
        named = or_(
            _like(schema.Letter.company_name, company),
            schema.Letter.company.has(_like(schema.Company.name, company)),
        )
        if company.isdigit():
            named = or_(named, func.ltrim(schema.Letter.cik, "0") == company.lstrip("0"))
        query = query.where(select(schema.Letter.id).where(mine, named).exists())
    form_words = base_form(where.form or "").split()
    if form_words:
        form = schema.Letter.filings.any(
            and_(*(_like(schema.LetterFiling.form, w) for w in form_words))
        )
        query = query.where(select(schema.Letter.id).where(mine, form).exists())
    office_words = (where.office or "").split()
    if office_words:
        office = and_(
            schema.Letter.role == "staff", *(_like(schema.Letter.office, w) for w in office_words)
        )
        query = query.where(select(schema.Letter.id).where(mine, office).exists())
    return query


@dataclass(slots=True)
class _LetterFacts:
    """What a review's list line takes from one of its letters."""

    day: date
    company: str | None
    cik: str | None
    role: str | None
    office: str | None
    forms: list[str] = field(default_factory=list)


def _letter_facts(
    session: Session, review_ids: list[int] | Select[int]
) -> dict[int, list[_LetterFacts]]:
    """The letters of the reviews given, as plain rows (no ORM objects), by review, by id."""
    letters: dict[int, list[_LetterFacts]] = defaultdict(list)
    by_id: dict[int, _LetterFacts] = {}
    rows = session.execute(
        select(
            schema.Letter.id,
            schema.Letter.review_id,
            schema.Letter.day,
            schema.Company.name,
            schema.Letter.company_name,
            schema.Letter.cik,
            schema.Letter.role,
            schema.Letter.office,
        )
        .outerjoin(schema.Company, schema.Company.id == schema.Letter.company_id)
        .where(schema.Letter.review_id.in_(review_ids))
        .order_by(schema.Letter.id)
    )
    for letter_id, review_id, day, edgar_name, written, cik, role, office in rows:
        facts = _LetterFacts(day or date.max, edgar_name or written, cik, role, office)
        by_id[letter_id] = facts
        if review_id is not None:
            letters[review_id].append(facts)
    filings = session.execute(
        select(schema.LetterFiling.letter_id, schema.LetterFiling.form)
        .join(schema.Letter, schema.Letter.id == schema.LetterFiling.letter_id)
        .where(schema.Letter.review_id.in_(review_ids))
        .order_by(schema.LetterFiling.letter_id, schema.LetterFiling.position)
    )
    for letter_id, form in filings:
        if form and letter_id in by_id:
            by_id[letter_id].forms.append(form)
    return letters


def _summaries(
    session: Session, reviews: list[schema.Review], chosen: Select[int] | None = None
) -> list[ReviewSummary]:
    """The summaries of the reviews given, in their order, reading only their letters: by
    the query that `chosen` them when given (one statement), else by their ids."""
    ids = [r.id for r in reviews]
    letters: dict[int, list[_LetterFacts]] = {}
    rounds: dict[int, int] = {}
    chunks: list[list[int] | Select[int]] = [chosen] if chosen is not None else []
    chunks += [ids[at : at + ID_CHUNK] for at in range(0, len(ids), ID_CHUNK) if chosen is None]
    for chunk in chunks:
        letters.update(_letter_facts(session, chunk))
        counted = session.execute(
            select(schema.Round.review_id, func.count())
            .where(schema.Round.review_id.in_(chunk))
            .group_by(schema.Round.review_id)
        )
        rounds.update((review_id, n) for review_id, n in counted)
    out: list[ReviewSummary] = []
    for review in reviews:
        mine = sorted(letters.get(review.id, []), key=lambda x: x.day)
        forms = list(dict.fromkeys(f for x in mine for f in x.forms))
        out.append(
            ReviewSummary(
                review.id,
                next((x.company for x in mine if x.company), None),
                next((x.cik for x in mine if x.cik), None),
                list(review.file_numbers or []),
                review.opened,
                review.closed,
                review.status,
                rounds.get(review.id, 0),
                len(mine),
                forms,
                next((x.office for x in mine if x.role == "staff" and x.office), None),
            )
        )
    return out


@dataclass(slots=True)
class ReviewPage:
    """One page of a list of reviews, and how many reviews the whole list holds."""

    total: int
    reviews: list[ReviewSummary]


def review_page(
    session: Session,
    *,
    filters: ListFilters | None = None,
    status: str | None = None,
    open_on: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> ReviewPage:
    """Reviews newest first (opening day, then id), filtered by `filters` (company, form,
    office, opening date range), `status` and `open_on` (opened by that day and not closed
    before the next), `limit` of them from `offset`; only that page's letters are read."""
    where = filters or ListFilters()
    query = _review_candidates(where, status)
    if open_on is not None:
        query = query.where(
            schema.Review.opened <= open_on,
            or_(schema.Review.closed.is_(None), schema.Review.closed > open_on),
        )
    exact = not (where.company or "").strip() and not (where.form or "").strip()
    exact = exact and not " ".join((where.office or "").split())
    whole = select(schema.Review).where(schema.Review.id.in_(query))
    if exact and limit is None and offset == 0:
        reviews = list(session.scalars(whole.order_by(*_review_order())))
        return ReviewPage(len(reviews), _summaries(session, reviews, query))
    if exact:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        paged = query.order_by(*_review_order()).offset(offset).limit(limit)
        ids = list(session.scalars(paged))
        return ReviewPage(total, _summaries(session, _reviews(session, ids)))
    candidates = list(session.scalars(whole.order_by(*_review_order())))
    matched = [
        s
        for s in _summaries(session, candidates, query)
        if where.company_matches(s.company, s.cik)
        and where.form_matches(s.forms)
        and where.office_matches(s.office)
    ]
    end = None if limit is None else offset + limit
    return ReviewPage(len(matched), matched[offset:end])


Stored = TypeVar("Stored", schema.Review, schema.Letter)


def _by_id(
    session: Session, model: type[Stored], ids: Collection[int], *options: ORMOption
) -> dict[int, Stored]:
    """The rows of `model` with the given ids, by id, read ID_CHUNK ids a statement."""
    wanted = list(ids)
    found: dict[int, Stored] = {}
    for at in range(0, len(wanted), ID_CHUNK):
        chunk = select(model).where(model.id.in_(wanted[at : at + ID_CHUNK])).options(*options)
        found.update((row.id, row) for row in session.scalars(chunk))
    return found


def _reviews(session: Session, ids: list[int]) -> list[schema.Review]:
    """The reviews of `ids`, in that order."""
    found = _by_id(session, schema.Review, ids)
    return [found[i] for i in ids if i in found]


def review_summaries(
    session: Session,
    *,
    company: str | None = None,
    open_only: bool = False,
    since: date | None = None,
    filters: ListFilters | None = None,
    status: str | None = None,
    open_on: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ReviewSummary]:
    """Reviews, newest first, filtered by company (name or CIK), open status and opening date,
    or by `filters` (company, form, office, opening date range), `status` (open, closed) and
    `open_on`; `limit` of them from `offset`."""
    return review_page(
        session,
        filters=filters or ListFilters(company=company, since=since),
        status="open" if open_only else status,
        open_on=open_on,
        limit=limit,
        offset=offset,
    ).reviews


def review_detail(session: Session, review_id: int) -> ReviewDetail | None:
    """One review with everything needed to show it, or None when there is no such review."""
    review = session.get(schema.Review, review_id)
    if review is None:
        return None
    rounds = list(
        session.scalars(
            select(schema.Round)
            .where(schema.Round.review_id == review_id)
            .order_by(schema.Round.number)
        )
    )
    letters = list(
        session.scalars(
            select(schema.Letter)
            .where(schema.Letter.review_id == review_id)
            .options(
                selectinload(schema.Letter.filings),
                selectinload(schema.Letter.comments),
                selectinload(schema.Letter.responses),
            )
        )
    )
    letters.sort(key=lambda x: (_letter_date(x), x.role != "staff", x.id))
    detail = ReviewDetail(review, rounds, letters)
    ids = {c.follow_up_of_id for x in letters for c in x.comments if c.follow_up_of_id}
    for comment in session.scalars(select(schema.Comment).where(schema.Comment.id.in_(ids))):
        detail.comments_by_id[comment.id] = comment
    for letter in letters:
        for comment in letter.comments:
            detail.comments_by_id[comment.id] = comment
        for response in letter.responses:
            detail.responses_by_id[response.id] = response
    return detail


PENDING = frozenset({DeadlineStatus.open, DeadlineStatus.overdue})
"""Deadline states only a round of a review not closed by the day can be in."""


def _not_closed_on(today: date) -> ColumnElement[bool]:
    """Reviews not closed as of `today` (a closed review with no closing day counts closed)."""
    return or_(
        schema.Review.status.is_(None),
        schema.Review.status != "closed",
        and_(schema.Review.closed.is_not(None), schema.Review.closed > today),
    )


def _every_letter_by(session: Session, today: date) -> bool:
    """Whether no letter of the record is dated after `today` (the dashboard of today, as a
    rule): then no staff letter is later than the day and the checks for one can be left out.
    Read from the end of the letters' day index."""
    newest = session.scalar(select(func.max(schema.Letter.day)))
    return newest is None or newest <= today


def _pending_rounds(today: date, every_letter_by: bool = False) -> Select[schema.Round]:
    """The rounds that can be open or overdue on `today`: dated, not answered by then, of a
    review not closed by then, and with no later round of the review sent by then (a later
    round whose staff letter is missing or undated counts as sent, as in round_deadlines);
    with `every_letter_by` (see _every_letter_by), every later round counts as sent."""
    later = aliased(schema.Round)
    moved_on = select(later.id).where(
        later.review_id == schema.Round.review_id, later.number > schema.Round.number
    )
    if not every_letter_by:
        later_letter = aliased(schema.Letter)
        sent_after = (
            select(later_letter.id)
            .where(
                later_letter.id == later.staff_letter_id,
                later_letter.day > today,
            )
            .exists()
        )
        moved_on = moved_on.where(~sent_after)
    return select(schema.Round).where(
        schema.Round.review_id.in_(select(schema.Review.id).where(_not_closed_on(today))),
        schema.Round.due.is_not(None),
        or_(schema.Round.answered.is_(None), schema.Round.answered > today),
        ~moved_on.exists(),
    )


def _deadline_lines(
    session: Session, rounds: list[schema.Round], reviews: dict[int, schema.Review], today: date
) -> list[RoundDeadline]:
    """The rounds' deadlines as they stood on `today`, in the rounds' order; rounds whose staff
    letter came after `today` are left out, and a round counts as moved on when its review
    closed or a later round of those given was sent by then."""
    staff_ids = [r.staff_letter_id for r in rounds if r.staff_letter_id is not None]
    staff = _by_id(session, schema.Letter, staff_ids, selectinload(schema.Letter.filings))
    last: dict[int, int] = defaultdict(int)
    for round_ in rounds:
        letter = staff.get(round_.staff_letter_id) if round_.staff_letter_id else None
        sent = (letter.date or letter.filing_date) if letter else None
        if sent is None or sent <= today:
            last[round_.review_id] = max(last[round_.review_id], round_.number)
    out: list[RoundDeadline] = []
    for round_ in rounds:
        review = reviews.get(round_.review_id)
        letter = staff.get(round_.staff_letter_id) if round_.staff_letter_id else None
        sent = (letter.date or letter.filing_date) if letter else None
        if sent is not None and sent > today:
            continue
        answered = round_.answered if round_.answered and round_.answered <= today else None
        closed = (
            review is not None
            and review.status == "closed"
            and (review.closed is None or review.closed <= today)
        )
        moved_on = closed or round_.number < last[round_.review_id]
        out.append(
            RoundDeadline(
                review_id=round_.review_id,
                round_number=round_.number,
                company=letter.company_shown if letter else None,
                staff_letter=(letter.accession or str(letter.id)) if letter else None,
                sent=sent,
                due=round_.due,
                answered=answered,
                status=deadline_status(round_.due, answered, moved_on=moved_on, today=today),
                cik=letter.cik if letter else None,
                forms=_forms([letter]) if letter else [],
                office=letter.office if letter else None,
            )
        )
    return out


def round_deadlines(
    session: Session,
    today: date,
    filters: ListFilters | None = None,
    statuses: Collection[DeadlineStatus] | None = None,
) -> list[RoundDeadline]:
    """Every round's deadline as it stood on `today` (later letters unseen), soonest due first;
    with `filters` (company, form and office of the staff letter, due-date range) and
    `statuses`, only the rounds that match (asked for open and overdue ones only, it reads
    only the rounds that can be)."""
    where = filters or ListFilters()
    if statuses is not None and set(statuses) <= PENDING:
        rounds = list(session.scalars(_pending_rounds(today, _every_letter_by(session, today))))
        reviews = _by_id(session, schema.Review, sorted({r.review_id for r in rounds}))
    else:
        reviews = {r.id: r for r in session.scalars(select(schema.Review))}
        rounds = list(session.scalars(select(schema.Round)))
    out = [
        line
        for line in _deadline_lines(session, rounds, reviews, today)
        if where.company_matches(line.company, line.cik)
        and where.form_matches(line.forms)
        and where.office_matches(line.office)
        and where.day_matches(line.due)
        and (statuses is None or line.status in statuses)
    ]
    out.sort(key=lambda d: (d.due or date.max, d.review_id, d.round_number))
    return out


@dataclass(slots=True)
class DeadlinePage:
    """One page of the rounds in one pending state, and how many rounds are in that state."""

    total: int
    deadlines: list[RoundDeadline]


def pending_deadline_page(
    session: Session,
    today: date,
    status: DeadlineStatus,
    *,
    until: date | None = None,
    newest_first: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> DeadlinePage:
    """The rounds open (due today or later, up to `until`) or overdue (due before today) on
    `today`, soonest due first (latest first with `newest_first`), `limit` of them from
    `offset`, with the count of all; counted and paged in SQL, so only the page is read."""
    if status not in PENDING:
        raise ValueError(f"a pending deadline is open or overdue, not {status}")
    every_letter_by = _every_letter_by(session, today)
    query = _pending_rounds(today, every_letter_by)
    if not every_letter_by:
        sent_later = select(schema.Letter.id).where(
            schema.Letter.id == schema.Round.staff_letter_id, schema.Letter.day > today
        )
        query = query.where(~sent_later.exists())
    if status is DeadlineStatus.open:
        query = query.where(schema.Round.due >= today)
        if until is not None:
            query = query.where(schema.Round.due <= until)
    else:
        query = query.where(schema.Round.due < today)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    columns = (schema.Round.due, schema.Round.review_id, schema.Round.number)
    order = [column.desc() if newest_first else column.asc() for column in columns]
    rounds = list(session.scalars(query.order_by(*order).offset(offset).limit(limit)))
    reviews = _by_id(session, schema.Review, {r.review_id for r in rounds})
    return DeadlinePage(total, _deadline_lines(session, rounds, reviews, today))

"""Reading reviews, rounds and deadlines back from the record for people to look at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.record import schema
from reviewdesk.reviews.deadlines import DeadlineStatus, deadline_status
from reviewdesk.reviews.filters import ListFilters


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


def review_summaries(
    session: Session,
    *,
    company: str | None = None,
    open_only: bool = False,
    since: date | None = None,
    filters: ListFilters | None = None,
    status: str | None = None,
) -> list[ReviewSummary]:
    """Reviews, newest first, filtered by company (name or CIK), open status and opening date,
    or by `filters` (company, form, office, opening date range) and `status` (open, closed)."""
    where = filters or ListFilters(company=company, since=since)
    if open_only:
        status = "open"
    letters: dict[int, list[schema.Letter]] = defaultdict(list)
    for letter in session.scalars(
        select(schema.Letter)
        .where(schema.Letter.review_id.is_not(None))
        .options(selectinload(schema.Letter.filings))
    ):
        if letter.review_id is not None:
            letters[letter.review_id].append(letter)
    rounds: dict[int, int] = defaultdict(int)
    for review_id in session.scalars(select(schema.Round.review_id)):
        rounds[review_id] += 1
    out: list[ReviewSummary] = []
    for review in session.scalars(select(schema.Review)):
        mine = sorted(letters.get(review.id, []), key=_letter_date)
        name = next((x.company_shown for x in mine if x.company_shown), None)
        cik = next((x.cik for x in mine if x.cik), None)
        forms = _forms(mine)
        office = next((x.office for x in mine if x.role == "staff" and x.office), None)
        if not (
            where.company_matches(name, cik)
            and where.form_matches(forms)
            and where.office_matches(office)
            and where.day_matches(review.opened)
            and (status is None or review.status == status)
        ):
            continue
        out.append(
            ReviewSummary(
                review.id,
                name,
                cik,
                list(review.file_numbers or []),
                review.opened,
                review.closed,
                review.status,
                rounds.get(review.id, 0),
                len(mine),
                forms,
                office,
            )
        )
    out.sort(key=lambda r: (r.opened or date.min, r.id), reverse=True)
    return out


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


def round_deadlines(
    session: Session,
    today: date,
    filters: ListFilters | None = None,
    statuses: Collection[DeadlineStatus] | None = None,
) -> list[RoundDeadline]:
    """Every round's deadline as it stood on `today` (later letters unseen), soonest due first;
    with `filters` (company, form and office of the staff letter, due-date range) and
    `statuses`, only the rounds that match."""
    where = filters or ListFilters()
    reviews = {r.id: r for r in session.scalars(select(schema.Review))}
    rounds = list(session.scalars(select(schema.Round)))
    staff_ids = [r.staff_letter_id for r in rounds if r.staff_letter_id is not None]
    staff = {
        x.id: x
        for x in session.scalars(
            select(schema.Letter)
            .where(schema.Letter.id.in_(staff_ids))
            .options(selectinload(schema.Letter.filings))
        )
    }
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
        line = RoundDeadline(
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
        if (
            where.company_matches(line.company, line.cik)
            and where.form_matches(line.forms)
            and where.office_matches(line.office)
            and where.day_matches(line.due)
            and (statuses is None or line.status in statuses)
        ):
            out.append(line)
    out.sort(key=lambda d: (d.due or date.max, d.review_id, d.round_number))
    return out

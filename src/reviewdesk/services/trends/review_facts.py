"""The facts of each review the trends views count, read from the record in a few grouped
queries: its comment letters (rounds), all its letters, forms, office, answers and extension
requests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import topics_in_group
from reviewdesk.record import schema
from reviewdesk.services.trends.filters import TrendFilters, base_form, year_of


@dataclass(frozen=True, slots=True)
class RoundFact:
    """One comment letter of a review: when it was sent, due and answered."""

    sent: dt.date | None
    due: dt.date | None
    answered: dt.date | None


@dataclass(slots=True)
class ReviewFact:
    """A review as the trends views count it."""

    id: int
    company_id: int | None
    company: str | None
    closed: dt.date | None
    staff_letters: int = 0
    company_letters: int = 0
    first_letter: dt.date | None = None
    last_letter: dt.date | None = None
    office: str | None = None
    forms: frozenset[str] = frozenset()
    rounds: list[RoundFact] = field(default_factory=list)
    extension_requests: int = 0

    @property
    def comment_letters(self) -> int:
        """Staff comment letters of the review (one per round)."""
        return len(self.rounds)

    @property
    def first_comment(self) -> dt.date | None:
        """The date of the first comment letter."""
        known = [r.sent for r in self.rounds if r.sent is not None]
        return min(known) if known else None

    @property
    def completed(self) -> bool:
        """Closed by a completion letter after at least one comment letter."""
        return self.closed is not None and bool(self.rounds)

    @property
    def days_to_complete(self) -> int | None:
        """Calendar days from the first comment letter to the completion letter."""
        first = self.first_comment
        if first is None or self.closed is None:
            return None
        return (self.closed - first).days

    @property
    def conversation_days(self) -> int | None:
        """Calendar days from the first to the last letter, staff or company."""
        if self.first_letter is None or self.last_letter is None:
            return None
        return (self.last_letter - self.first_letter).days

    def year(self, filters: TrendFilters) -> int | None:
        """The year the review counts in: that of its first comment letter (else first letter)."""
        start = self.first_comment or self.first_letter
        return year_of(start, filters.period) if start is not None else None


def load_review_facts(session: Session) -> dict[int, ReviewFact]:
    """Every review of the record with its facts, keyed by review id."""
    facts: dict[int, ReviewFact] = {}
    rows = session.execute(
        select(
            schema.Review.id, schema.Review.company_id, schema.Company.name, schema.Review.closed
        ).outerjoin(schema.Company, schema.Company.id == schema.Review.company_id)
    )
    for review_id, company_id, name, closed in rows:
        facts[review_id] = ReviewFact(review_id, company_id, name, closed)
    _add_letters(session, facts)
    _add_rounds(session, facts)
    _add_forms(session, facts)
    _add_extension_requests(session, facts)
    return facts


def _add_letters(session: Session, facts: dict[int, ReviewFact]) -> None:
    """Staff and company letter counts, first and last letter, office."""
    letter = schema.Letter
    when = func.coalesce(letter.date, letter.filing_date)
    grouped = session.execute(
        select(
            letter.review_id,
            func.sum(case((letter.role == "staff", 1), else_=0)),
            func.sum(case((letter.role == "company", 1), else_=0)),
            func.min(when),
            func.max(when),
            func.min(case((letter.role == "staff", letter.office))),
            func.max(letter.company_name),
        )
        .where(letter.review_id.is_not(None))
        .group_by(letter.review_id)
    )
    for review_id, staffs, companies, first, last, office, name in grouped:
        fact = facts.get(review_id)
        if fact is None:
            continue
        fact.staff_letters, fact.company_letters = int(staffs or 0), int(companies or 0)
        fact.first_letter, fact.last_letter, fact.office = first, last, office
        fact.company = fact.company or name


def _add_rounds(session: Session, facts: dict[int, ReviewFact]) -> None:
    """Each comment letter's dates: sent, due, answered."""
    letter = schema.Letter
    sent = func.coalesce(letter.date, letter.filing_date)
    for review_id, sent_on, due, answered in session.execute(
        select(schema.Round.review_id, sent, schema.Round.due, schema.Round.answered)
        .join(letter, letter.id == schema.Round.staff_letter_id)
        .order_by(schema.Round.review_id, schema.Round.number)
    ):
        if review_id in facts:
            facts[review_id].rounds.append(RoundFact(sent_on, due, answered))


def _add_forms(session: Session, facts: dict[int, ReviewFact]) -> None:
    """The (base) forms of the filings the review's letters name."""
    letter = schema.Letter
    forms: dict[int, set[str]] = defaultdict(set)
    for review_id, form in session.execute(
        select(letter.review_id, schema.LetterFiling.form)
        .join(schema.LetterFiling, schema.LetterFiling.letter_id == letter.id)
        .where(and_(letter.review_id.is_not(None), schema.LetterFiling.form.is_not(None)))
        .distinct()
    ):
        normal = base_form(form)
        if normal and review_id is not None:
            forms[review_id].add(normal)
    for review_id, found in forms.items():
        if review_id in facts:
            facts[review_id].forms = frozenset(found)


def _add_extension_requests(session: Session, facts: dict[int, ReviewFact]) -> None:
    """Count the company letters that ask for more time (see `_asks_for_time`)."""
    letter = schema.Letter
    when = func.coalesce(letter.date, letter.filing_date)
    for review_id, day in session.execute(
        select(letter.review_id, when).where(
            letter.review_id.is_not(None), letter.role == "company", letter.kind == "other"
        )
    ):
        fact = facts.get(review_id) if review_id is not None else None
        if fact is not None and day is not None and _asks_for_time(fact, day):
            fact.extension_requests += 1


def _asks_for_time(fact: ReviewFact, day: dt.date) -> bool:
    """A company letter that is neither a response nor an acceleration request, sent while a
    comment letter awaited its answer: the parser files extension requests as such letters."""
    waiting = [r for r in fact.rounds if r.sent is not None and r.sent <= day]
    if not waiting:
        return False
    latest = max(waiting, key=lambda r: r.sent or dt.date.min)
    return latest.answered is None or day < latest.answered


def reviews_with_group(session: Session, group: str) -> set[int]:
    """Ids of the reviews with a comment whose effective topics include one of the group."""
    letter, label = schema.Letter, schema.Label
    query = (
        select(letter.review_id)
        .join(schema.Comment, schema.Comment.letter_id == letter.id)
        .join(label, label.comment_id == schema.Comment.id)
        .where(
            letter.review_id.is_not(None),
            label.facet == "topic",
            label.effective.is_(True),
            label.code.in_(topics_in_group(group)),
        )
        .distinct()
    )
    return {int(review_id) for review_id in session.scalars(query) if review_id is not None}


def review_facts(session: Session, filters: TrendFilters) -> list[ReviewFact]:
    """The reviews in the filters' cut (a topic group keeps reviews with a comment on one of
    its topics), oldest first."""
    grouped = reviews_with_group(session, filters.group) if filters.group else None
    out = [
        fact
        for fact in load_review_facts(session).values()
        if filters.in_years(fact.year(filters))
        and filters.wants_form(fact.forms)
        and filters.wants_office(fact.office)
        and (filters.company_id is None or fact.company_id == filters.company_id)
        and (grouped is None or fact.id in grouped)
    ]
    out.sort(key=lambda f: (f.first_comment or f.first_letter or dt.date.max, f.id))
    return out

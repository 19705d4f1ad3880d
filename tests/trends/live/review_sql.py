"""The reviews of a cut as SQL: one row of facts per review that drew comments (first comment
letter, comment letters, office, completion), and histograms of those facts per group key, so
a view reads a few hundred grouped rows however many reviews the record holds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Subquery,
    case,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from reviewdesk.letters.vocabulary import topics_in_group
from reviewdesk.record import schema
from reviewdesk.services.trends.filters import (
    REVIEW_YEAR_START_MONTH,
    PeriodKind,
    TrendFilters,
    base_form,
)
from reviewdesk.services.trends.review_sql import Histograms

Letter, Round, Review = schema.Letter, schema.Round, schema.Review


def day_span(dialect: str, later: Any, earlier: Any) -> ColumnElement[int]:
    """Whole days from `earlier` to `later` (dates), in the store's SQL."""
    if dialect == "sqlite":
        return type_coerce(
            func.cast(func.julianday(later) - func.julianday(earlier), Integer), Integer
        )
    return type_coerce(later - earlier, Integer)


def year_expression(day: Any, period: PeriodKind) -> ColumnElement[Any]:
    """The year a date counts in under `period`, as SQL."""
    year = func.extract("year", day)
    if period is PeriodKind.calendar:
        return year
    return year + case((func.extract("month", day) >= REVIEW_YEAR_START_MONTH, 1), else_=0)


def first_day(year: int, period: PeriodKind) -> dt.date:
    """The first day of a year under `period`."""
    if period is PeriodKind.calendar:
        return dt.date(year, 1, 1)
    return dt.date(year - 1, REVIEW_YEAR_START_MONTH, 1)


def form_variants(forms: list[str]) -> list[str]:
    """Each base form and its amendment."""
    bases = [b for f in forms if (b := base_form(f))]
    return [*bases, *(f"{b}/A" for b in bases)]


def reviews_subquery(filters: TrendFilters, forms: list[str] | None = None) -> Subquery:
    """One row per review with comment letters in the cut: id, company_id, closed,
    first_sent (first comment letter), letters (comment letters), office (of those letters).
    `forms` (else the filter's form) keeps reviews of filings of those forms."""
    staff = aliased(Letter)
    sent = func.coalesce(staff.date, staff.filing_date)
    grouped = (
        select(
            Round.review_id.label("review_id"),
            func.min(sent).label("first_sent"),
            func.count(Round.id).label("letters"),
            func.min(staff.office).label("office"),
        )
        .join(staff, staff.id == Round.staff_letter_id)
        .group_by(Round.review_id)
    )
    if filters.company_id is not None:
        # a review's letters are one company's: narrowing before grouping is exact, and fast
        grouped = grouped.where(staff.company_id == filters.company_id)
    rounds = grouped.subquery()
    query = select(
        Review.id.label("id"),
        Review.company_id.label("company_id"),
        Review.closed.label("closed"),
        rounds.c.first_sent,
        rounds.c.letters,
        rounds.c.office,
    ).join(rounds, rounds.c.review_id == Review.id)
    if filters.year_from is not None:
        query = query.where(rounds.c.first_sent >= first_day(filters.year_from, filters.period))
    if filters.year_to is not None:
        query = query.where(rounds.c.first_sent < first_day(filters.year_to + 1, filters.period))
    if filters.office is not None:
        query = query.where(func.lower(rounds.c.office) == filters.office.strip().lower())
    if filters.company_id is not None:
        query = query.where(Review.company_id == filters.company_id)
    if filters.filer is not None:
        category = func.lower(schema.Company.filer_category)
        of_kind = select(schema.Company.id).where(category == filters.filer.strip().lower())
        query = query.where(Review.company_id.in_(of_kind))
    wanted = forms if forms is not None else ([filters.form] if filters.form else None)
    if wanted:
        named, filing = aliased(Letter), aliased(schema.LetterFiling)
        query = query.where(
            select(filing.id)
            .join(named, named.id == filing.letter_id)
            .where(named.review_id == Review.id, filing.form.in_(form_variants(wanted)))
            .exists()
        )
    if filters.group is not None:
        query = query.where(_has_group_comment(filters.group))
    return query.subquery("review_facts")


def _has_group_comment(group: str) -> ColumnElement[bool]:
    commented, label = aliased(Letter), aliased(schema.Label)
    return (
        select(label.id)
        .join(schema.Comment, schema.Comment.id == label.comment_id)
        .join(commented, commented.id == schema.Comment.letter_id)
        .where(
            commented.review_id == Review.id,
            label.facet == "topic",
            label.effective.is_(True),
            label.code.in_(topics_in_group(group)),
        )
        .exists()
    )


def forms_subquery() -> Subquery:
    """(review_id, base form) of the filings every letter of a review names."""
    form = func.upper(schema.LetterFiling.form)
    base = case((form.like("%/A"), func.substr(form, 1, func.length(form) - 2)), else_=form)
    return (
        select(Letter.review_id.label("review_id"), base.label("form"))
        .join(schema.LetterFiling, schema.LetterFiling.letter_id == Letter.id)
        .where(Letter.review_id.is_not(None), schema.LetterFiling.form.is_not(None))
        .distinct()
        .subquery("review_forms")
    )


def keyed(facts: Subquery, by: str, period: PeriodKind) -> tuple[Select[Any], ColumnElement[Any]]:
    """A SELECT over `facts` (joined to forms for `form`) and its group key column."""
    if by == "year":
        return select().select_from(facts), year_expression(facts.c.first_sent, period)
    if by == "office":
        return select().select_from(facts), func.coalesce(facts.c.office, literal(""))
    if by == "form":
        forms = forms_subquery()
        return (
            select().select_from(facts).join(forms, forms.c.review_id == facts.c.id),
            forms.c.form,
        )
    raise ValueError(f"no review grouping {by!r}")


def histograms(session: Session, filters: TrendFilters, by: str) -> Histograms:
    """The histograms of the cut's reviews grouped `by` year, form or office."""
    dialect = session.get_bind().dialect.name
    facts = reviews_subquery(filters)
    out = Histograms()
    base, key = keyed(facts, by, filters.period)
    days = day_span(dialect, facts.c.closed, facts.c.first_sent)
    done = facts.c.closed.is_not(None)
    flag, span_if_done = case((done, 1), else_=0), case((done, days))
    for k, is_done, letters, span, n in session.execute(
        base.add_columns(key, flag, facts.c.letters, span_if_done, func.count()).group_by(
            key, flag, facts.c.letters, span_if_done
        )
    ):
        out.reviews[k] += n
        if is_done:
            out.completed.setdefault(k, Counter())[(int(letters), int(span))] += n
    staff = aliased(Letter)
    sent = func.coalesce(staff.date, staff.filing_date)
    wait = day_span(dialect, Round.answered, sent)
    on_time = case((Round.answered <= Round.due, 1), else_=0)
    for k, waited, in_time, n in session.execute(
        base.add_columns(key, wait, on_time, func.count())
        .join(Round, Round.review_id == facts.c.id)
        .join(staff, staff.id == Round.staff_letter_id)
        .where(Round.answered.is_not(None), sent.is_not(None))
        .group_by(key, wait, on_time)
    ):
        out.answers.setdefault(k, Counter())[(int(waited), bool(in_time))] += n
    asking = aliased(Letter)
    day = func.coalesce(asking.date, asking.filing_date)
    awaited = aliased(Letter)
    pending = (
        select(Round.id)
        .join(awaited, awaited.id == Round.staff_letter_id)
        .where(
            Round.review_id == facts.c.id,
            func.coalesce(awaited.date, awaited.filing_date) <= day,
            (Round.answered.is_(None)) | (day < Round.answered),
        )
        .exists()
    )
    for k, n in session.execute(
        base.add_columns(key, func.count())
        .join(asking, asking.review_id == facts.c.id)
        .where(asking.role == "company", asking.kind == "other", pending)
        .group_by(key)
    ):
        out.extensions[k] += n
    return out


def completed_histogram(
    session: Session, filters: TrendFilters, forms: list[str] | None = None
) -> Counter[tuple[int, int]]:
    """Completed reviews of the cut by (comment letters, days from the first to completion)."""
    facts = reviews_subquery(filters, forms)
    days = day_span(session.get_bind().dialect.name, facts.c.closed, facts.c.first_sent)
    rows = session.execute(
        select(facts.c.letters, days, func.count())
        .where(facts.c.closed.is_not(None))
        .group_by(facts.c.letters, days)
    )
    return Counter({(int(letters), int(span)): int(n) for letters, span, n in rows})


def conversation_histogram(
    session: Session, year_from: int | None, year_to: int | None, completed: bool
) -> Counter[tuple[int, int]]:
    """Reviews by (letters staff and company, days from the first to the last letter), by
    calendar year of the first letter; `completed`: only reviews closed after comments."""
    when = func.coalesce(Letter.date, Letter.filing_date)
    per = (
        select(
            Letter.review_id.label("id"),
            func.count().label("letters"),
            func.min(when).label("first"),
            func.max(when).label("last"),
        )
        .where(Letter.review_id.is_not(None))
        .group_by(Letter.review_id)
        .subquery("conversations")
    )
    days = day_span(session.get_bind().dialect.name, per.c.last, per.c.first)
    query = select(per.c.letters, days, func.count()).join(Review, Review.id == per.c.id)
    if year_from is not None:
        query = query.where(per.c.first >= dt.date(year_from, 1, 1))
    if year_to is not None:
        query = query.where(per.c.first < dt.date(year_to + 1, 1, 1))
    if completed:
        commented = select(Round.id).where(Round.review_id == Review.id).exists()
        query = query.where(Review.closed.is_not(None), commented)
    rows = session.execute(query.where(per.c.first.is_not(None)).group_by(per.c.letters, days))
    return Counter({(int(letters), int(span)): int(n) for letters, span, n in rows})

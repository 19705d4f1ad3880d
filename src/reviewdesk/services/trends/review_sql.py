"""The reviews of a cut: histograms per group key (year, form, office) of the review facts
ingest keeps (comment letters and days of completed reviews, days to answer, requests for
more time), so a view reads a few hundred summed cells however many reviews the record holds;
and the conversations of the published figures, counted on the letters."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Integer, func, select, type_coerce
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.services.trends.fact_cut import (
    Cut,
    canonical_groups,
    form_needles,
    month_year,
    review_sums,
)
from reviewdesk.services.trends.filters import PeriodKind, TrendFilters

Letter, Round, Review = schema.Letter, schema.Round, schema.Review


def day_span(dialect: str, later: Any, earlier: Any) -> ColumnElement[int]:
    """Whole days from `earlier` to `later` (dates), in the store's SQL."""
    if dialect == "sqlite":
        return type_coerce(
            func.cast(func.julianday(later) - func.julianday(earlier), Integer), Integer
        )
    return type_coerce(later - earlier, Integer)


def form_bases(forms: str) -> set[str]:
    """The base forms (upper case, without '/A') of a facts' forms column ('|10-K|10-Q/A|')."""
    out = set()
    for form in forms.strip("|").split("|") if forms else ():
        upper = form.upper()
        out.add(upper[:-2] if upper.endswith("/A") else upper)
    return out


@dataclass(slots=True)
class Histograms:
    """Per group key: completed reviews by (comment letters, days), every review, answered
    comment letters by (days to answer, on time), and requests for more time."""

    reviews: Counter[Any] = field(default_factory=Counter)
    completed: dict[Any, Counter[tuple[int, int]]] = field(default_factory=dict)
    answers: dict[Any, Counter[tuple[int, bool]]] = field(default_factory=dict)
    extensions: Counter[Any] = field(default_factory=Counter)


def _review_cut(filters: TrendFilters, forms: list[str] | None = None) -> Cut:
    cut = Cut.of(filters)
    if forms is not None:
        cut = cut.but(forms=tuple(form_needles(forms)))
    if filters.group is not None:
        cut = cut.but(groups=tuple(canonical_groups(filters.group)))
    return cut


def _keys(by: str, month: int | None, office: str | None, forms: str, period: PeriodKind) -> Any:
    if by == "year":
        return [month_year(month, period)]
    if by == "office":
        return [office or ""]
    if by == "form":
        return sorted(form_bases(forms))
    raise ValueError(f"no review grouping {by!r}")


GROUPINGS = {"year": "month", "form": "forms", "office": "office"}
"""Each grouping of the reviews view and the dimension of the review facts it reads."""


def histograms(session: Session, filters: TrendFilters) -> dict[str, Histograms]:
    """The histograms of the cut's reviews (those that drew comments) grouped by year, form
    and office, each from the review facts ingest keeps summed over the other dimensions."""
    out = {by: Histograms() for by in GROUPINGS}
    cut = _review_cut(filters)
    for by, dim in GROUPINGS.items():
        found = out[by]
        completed: defaultdict[Any, Counter[tuple[int, int]]] = defaultdict(Counter)
        answers: defaultdict[Any, Counter[tuple[int, bool]]] = defaultdict(Counter)
        keys: dict[tuple[Any, ...], list[Any]] = {}
        for (month, office, forms, kind, letters, days, flag), n in review_sums(
            session, cut, frozenset({dim})
        ).items():
            dims = (month, office, forms)
            if dims not in keys:
                keys[dims] = _keys(by, *dims, filters.period)
            for key in keys[dims]:
                if kind == "review":
                    found.reviews[key] += n
                    if flag and days is not None:
                        completed[key][(letters, days)] += n
                elif kind == "answer" and days is not None:
                    answers[key][(days, flag)] += n
                elif kind == "extension":
                    found.extensions[key] += n
        found.completed = dict(completed)
        found.answers = dict(answers)
    return out


def completed_histogram(
    session: Session, filters: TrendFilters, forms: list[str] | None = None
) -> Counter[tuple[int, int]]:
    """Completed reviews of the cut by (comment letters, days from the first to completion);
    `forms` (else the filter's form) keeps reviews of filings of those forms."""
    out: Counter[tuple[int, int]] = Counter()
    for (_, _, _, kind, letters, days, flag), n in review_sums(
        session, _review_cut(filters, forms), frozenset()
    ).items():
        if kind == "review" and flag and days is not None:
            out[(letters, days)] += n
    return out


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

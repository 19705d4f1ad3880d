"""How reviews go: comment letters per review, the share closed after one and after two
letters, days to completion, the company's response time against the ten-business-day
deadline and extension requests, per year, per form and per staff office."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.services.trends.filters import PeriodKind, TrendFilters
from reviewdesk.services.trends.model import Cell, ChartSpec, TrendTable, TrendView, share
from reviewdesk.services.trends.review_sql import Histograms, histograms

COLUMNS = [
    "reviews",
    "completed",
    "letters per review",
    "closed after 1 letter %",
    "closed within 2 letters %",
    "days to complete (mean)",
    "days to complete (median)",
    "completed within 60 days %",
    "letters answered",
    "answered by the due date %",
    "days to answer (median)",
    "extension requests",
]
NO_OFFICE = "(office not named)"


def counted_mean(values: Counter[int]) -> float | None:
    """The mean of values given as value -> how many, two decimals."""
    total = sum(values.values())
    return round(sum(v * n for v, n in values.items()) / total, 2) if total else None


def counted_median(values: Counter[int]) -> float | None:
    """The median of values given as value -> how many."""
    total = sum(values.values())
    if not total:
        return None
    ordered = sorted(values.items())

    def at(index: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(at(total // 2))
    return (at(total // 2 - 1) + at(total // 2)) / 2


def review_figures(found: Histograms, key: Any) -> list[Cell]:
    """The figures of COLUMNS for one group key (completed reviews for the letter and day
    figures; every answered comment letter for the response figures)."""
    done = found.completed.get(key, Counter())
    letters: Counter[int] = Counter()
    days: Counter[int] = Counter()
    for (n_letters, span), n in done.items():
        letters[n_letters] += n
        days[span] += n
    completed = sum(done.values())
    answers = found.answers.get(key, Counter())
    answered = sum(answers.values())
    waits: Counter[int] = Counter()
    for (wait, _), n in answers.items():
        waits[wait] += n
    return [
        found.reviews[key],
        completed,
        counted_mean(letters),
        share(letters[1], completed),
        share(letters[1] + letters[2], completed),
        counted_mean(days),
        counted_median(days),
        share(sum(n for d, n in days.items() if d <= 60), completed),
        answered,
        share(sum(n for (_, on_time), n in answers.items() if on_time), answered),
        counted_median(waits),
        found.extensions[key],
    ]


def _by_count(found: Histograms) -> list[Any]:
    return sorted(found.reviews, key=lambda k: (-found.reviews[k], str(k)))


def reviews_view(session: Session, filters: TrendFilters) -> TrendView:
    """The reviews view: one table per year, per form of the reviewed filing, per office."""
    return reviews_from(histograms(session, filters), filters)


def reviews_from(grouped: dict[str, Histograms], filters: TrendFilters) -> TrendView:
    """The reviews view of counted histograms (by "year", "form" and "office")."""
    view = TrendView("reviews", "How reviews go", filters.describe())
    years = TrendTable(
        "by_year",
        "Reviews by year of their first comment letter",
        ["year", *COLUMNS],
        chart=ChartSpec(("year",), "letters per review", "comment letters"),
        note="Reviews that drew comments. Letter and day figures count completed reviews (a "
        "completion letter after at least one comment letter); days are calendar days from the "
        "first comment letter.",
    )
    found = grouped["year"]
    calendar = filters.period is PeriodKind.calendar
    for year in sorted(found.reviews):
        search = filters.search({"year": str(year)} if calendar else {})
        years.add([int(year), *review_figures(found, year)], search)
    forms = TrendTable(
        "by_form",
        "Reviews by form of the reviewed filing",
        ["form", *COLUMNS],
        chart=ChartSpec(("form",), "days to complete (mean)", "days"),
        note="A review of several forms counts under each.",
    )
    found = grouped["form"]
    for form in _by_count(found):
        forms.add([form, *review_figures(found, form)], filters.search({"form": str(form)}))
    offices = TrendTable(
        "by_office",
        "Reviews by staff office",
        ["office", *COLUMNS],
        chart=ChartSpec(("office",), "days to complete (mean)", "days"),
    )
    found = grouped["office"]
    for office in _by_count(found):
        search = filters.search({"office": str(office)} if office else None)
        offices.add([office or NO_OFFICE, *review_figures(found, office)], search)
    view.tables = [years, forms, offices]
    return view

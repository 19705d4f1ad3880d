"""How reviews go: comment letters per review, the share closed after one and after two
letters, days to completion, the company's response time against the ten-business-day
deadline and extension requests, per year, per form and per staff office."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

from reviewdesk.services.trends.filters import PeriodKind, TrendFilters
from reviewdesk.services.trends.model import (
    Cell,
    ChartSpec,
    TrendTable,
    TrendView,
    mean,
    median,
    share,
)
from reviewdesk.services.trends.review_facts import ReviewFact, review_facts

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


def review_figures(facts: Iterable[ReviewFact]) -> list[Cell]:
    """The figures of COLUMNS for a group of reviews (completed reviews for the letter and day
    figures; every answered comment letter for the response figures)."""
    facts = list(facts)
    done = [f for f in facts if f.completed]
    letters = [f.comment_letters for f in done]
    days = [d for f in done if (d := f.days_to_complete) is not None]
    answered = [r for f in facts for r in f.rounds if r.answered and r.sent]
    on_time = [r for r in answered if r.due is not None and r.answered and r.answered <= r.due]
    waits = [(r.answered - r.sent).days for r in answered if r.answered and r.sent]
    return [
        len(facts),
        len(done),
        mean(letters),
        share(sum(1 for n in letters if n == 1), len(letters)),
        share(sum(1 for n in letters if n <= 2), len(letters)),
        mean(days),
        median(days),
        share(sum(1 for d in days if d <= 60), len(days)),
        len(answered),
        share(len(on_time), len(answered)),
        median(waits),
        sum(f.extension_requests for f in facts),
    ]


def _grouped(
    facts: list[ReviewFact], keys: Callable[[ReviewFact], Iterable[str | int | None]]
) -> dict[str | int, list[ReviewFact]]:
    groups: dict[str | int, list[ReviewFact]] = defaultdict(list)
    for fact in facts:
        for key in keys(fact):
            if key is not None:
                groups[key].append(fact)
    return groups


def reviews_view(session: Session, filters: TrendFilters) -> TrendView:
    """The reviews view: one table per year, per form of the reviewed filing, per office."""
    facts = review_facts(session, filters)
    view = TrendView("reviews", "How reviews go", filters.describe())
    years = TrendTable(
        "by_year",
        "Reviews by year of their first comment letter",
        ["year", *COLUMNS],
        chart=ChartSpec(("year",), "letters per review", "comment letters"),
        note="Letter and day figures count completed reviews (a completion letter after at "
        "least one comment letter); days are calendar days from the first comment letter.",
    )
    for year, group in sorted(_grouped(facts, lambda f: [f.year(filters)]).items()):
        calendar = filters.period is PeriodKind.calendar
        years.add(
            [year, *review_figures(group)], filters.search({"year": str(year)} if calendar else {})
        )
    forms = TrendTable(
        "by_form",
        "Reviews by form of the reviewed filing",
        ["form", *COLUMNS],
        chart=ChartSpec(("form",), "days to complete (mean)", "days"),
        note="A review of several forms counts under each.",
    )
    by_form = _grouped(facts, lambda f: sorted(f.forms))
    for form, group in sorted(by_form.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        forms.add([form, *review_figures(group)], filters.search({"form": str(form)}))
    offices = TrendTable(
        "by_office",
        "Reviews by staff office",
        ["office", *COLUMNS],
        chart=ChartSpec(("office",), "days to complete (mean)", "days"),
    )
    by_office = _grouped(facts, lambda f: [f.office or "(office not named)"])
    for office, group in sorted(by_office.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        named = office != "(office not named)"
        search = filters.search({"office": str(office)} if named else None)
        offices.add([office, *review_figures(group)], search)
    view.tables = [years, forms, offices]
    return view

"""The profession's published figures beside ours, computed on the record with the same
definition where the record allows (../shared/eval/PUBLISHED_FIGURES.md), each with the reason
ours differs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.services.trends.filters import PeriodKind, TrendFilters
from reviewdesk.services.trends.model import share
from reviewdesk.services.trends.published_topics import topic_figures
from reviewdesk.services.trends.review_sql import completed_histogram, conversation_histogram
from reviewdesk.services.trends.reviews import counted_mean, counted_median

PERIODIC = frozenset({"10-K", "10-Q", "10-KT", "10-QT"})
DELOITTE = "Deloitte, Roadmap: SEC Comment Letter Considerations, §1.4 (dart.deloitte.com)"
AUDIT_ANALYTICS = "Audit Analytics blog (nine-year trend)"
SAMPLE = (
    "the record holds {n} such reviews, a sample of threads chosen by company, not every "
    "review the staff completed"
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One published figure and ours: `ours` computed on the record, `n` what it counts."""

    figure: str
    ours: float | None
    published: float
    published_text: str
    source: str
    period: str
    definition: str
    n: int
    gap: str

    def to_dict(self) -> dict[str, object]:
        """The figure as JSON (the keys the command's JSON promises, and the rest)."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Cut:
    """Reviews of a period by (letters, days), falling back to every year when the record
    has none in it."""

    reviews: Counter[tuple[int, int]]
    period: str
    fell_back: bool

    @property
    def n(self) -> int:
        return sum(self.reviews.values())

    def letters(self) -> Counter[int]:
        out: Counter[int] = Counter()
        for (letters, _), n in self.reviews.items():
            out[letters] += n
        return out

    def days(self) -> Counter[int]:
        out: Counter[int] = Counter()
        for (_, days), n in self.reviews.items():
            out[days] += n
        return out


def _cut(count: Callable[[bool], Counter[tuple[int, int]]], label: str) -> _Cut:
    """`count(True)` in the period, else `count(False)` over every year."""
    chosen = count(True)
    if chosen:
        return _Cut(chosen, label, False)
    return _Cut(count(False), f"{label}: none in the record, so every year it holds", True)


def _gap(cut: _Cut, ours: float | None, published: float, why: str) -> str:
    if ours is None:
        return "the record holds no review this figure can count"
    sample = SAMPLE.format(n=cut.n)
    direction = "higher" if ours > published else "lower" if ours < published else "the same"
    period = " Ours covers other years than the published figure." if cut.fell_back else ""
    return f"Ours is {direction}: {sample}; {why}.{period}"


def _deloitte(session: Session) -> list[Figure]:
    years = TrendFilters(period=PeriodKind.review, year_from=2020, year_to=2024)
    cut = _cut(
        lambda in_period: completed_histogram(
            session, years if in_period else TrendFilters(), list(PERIODIC)
        ),
        "review years 2020–2024 (1 Oct 2019 – 30 Sep 2024), by first comment letter",
    )
    letters, days = cut.letters(), cut.days()
    why_letters = (
        "Deloitte counts every 10-K/10-Q review with comments; a review our threading splits or "
        "joins, or whose completion letter the record lacks, counts differently"
    )
    why_days = (
        "days run from our first comment letter's date to the completion letter's date; a "
        "few long reviews move a mean of a small sample far"
    )
    definition = (
        "completed reviews (completion letter after at least one comment letter) of filings "
        "including a 10-K or 10-Q (amendments too)"
    )
    n = cut.n
    within_60 = sum(c for d, c in days.items() if d <= 60)
    rows = [
        ("comment letters per review", counted_mean(letters), 1.4, "about 1.4", why_letters),
        (
            "reviews completed within one or two letters (%)",
            share(letters[1] + letters[2], n),
            92.0,
            "92%",
            why_letters,
        ),
        ("days to complete a review", counted_mean(days), 49.0, "about 49", why_days),
        ("reviews completed within 60 days (%)", share(within_60, n), 77.0, "about 77%", why_days),
    ]
    return [
        Figure(
            name,
            ours,
            published,
            text,
            DELOITTE,
            cut.period,
            definition,
            n,
            _gap(cut, ours, published, why),
        )
        for name, ours, published, text, why in rows
    ]


def _audit_analytics(session: Session) -> list[Figure]:
    cut = _cut(
        lambda in_period: conversation_histogram(
            session, 2019 if in_period else None, 2019 if in_period else None, completed=True
        ),
        "calendar year 2019, by first letter",
    )
    definition = (
        "completed reviews: every staff letter (comment and completion letters) and company "
        "letter (responses, extension and acceleration requests) of the review, first to last"
    )
    why = (
        "Audit Analytics counts every UPLOAD and CORRESP of a review process on EDGAR; the "
        "record has only the letters of each thread it was given and threads them itself"
    )
    letters_mean, days_mean = counted_mean(cut.letters()), counted_mean(cut.days())
    return [
        Figure(
            'letters per "conversation"',
            letters_mean,
            3.6,
            "3.6 (2019)",
            AUDIT_ANALYTICS,
            cut.period,
            definition,
            cut.n,
            _gap(cut, letters_mean, 3.6, why),
        ),
        Figure(
            "days per conversation",
            days_mean,
            41.1,
            "41.1 (2019)",
            AUDIT_ANALYTICS,
            cut.period,
            definition,
            cut.n,
            _gap(cut, days_mean, 41.1, why),
        ),
    ]


def _open_dataset(session: Session) -> list[Figure]:
    cut = _cut(
        lambda in_period: conversation_histogram(
            session, 2016 if in_period else None, 2025 if in_period else None, completed=False
        ),
        "calendar years 2016–2025, by first letter",
    )
    source = "yal923/Lehigh-FIN377-SEC-Comment-Letter-Radar"
    definition = "every review (threaded by company, file number and dates), first to last letter"
    why = (
        "that dataset groups a company's letters by a date window, ours by file number, cited "
        "dates and completion letters, so its threads can span what we split into reviews"
    )
    days = cut.days()
    mean_days, median_days = counted_mean(days), counted_median(days)
    return [
        Figure(
            "thread length in days (mean)",
            mean_days,
            75.5,
            "75.5 over 283 threads",
            source,
            cut.period,
            definition,
            cut.n,
            _gap(cut, mean_days, 75.5, why),
        ),
        Figure(
            "thread length in days (median)",
            median_days,
            33.0,
            "33",
            source,
            cut.period,
            definition,
            cut.n,
            _gap(cut, median_days, 33.0, why),
        ),
    ]


def _calcbench(session: Session) -> list[Figure]:
    """Staff letters and company replies of a year, as EDGAR filings (form and filing date)."""
    year = func.extract("year", schema.Letter.filing_date)
    counts = {
        (int(y), form): n
        for y, form, n in session.execute(
            select(year, schema.Letter.edgar_form, func.count())
            .where(schema.Letter.filing_date.is_not(None))
            .group_by(year, schema.Letter.edgar_form)
        )
    }
    source = "Calcbench blog"
    why = (
        "Calcbench counts every UPLOAD and CORRESP EDGAR disseminated that year; the record "
        "holds {n} of them, the sample it was given"
    )
    out = []
    for when, form, label, published in (
        (2021, "UPLOAD", "staff letters filed", 4185.0),
        (2021, "CORRESP", "company replies filed", 6093.0),
        (2020, "UPLOAD", "staff letters filed", 5273.0),
        (2020, "CORRESP", "company replies filed", 6219.0),
    ):
        ours = counts.get((when, form), 0)
        out.append(
            Figure(
                f"{label} in {when}",
                float(ours),
                published,
                f"{published:,.0f}",
                source,
                f"calendar year {when}, by EDGAR filing date",
                f"letters of EDGAR form {form} filed in the year",
                ours,
                "Ours is lower: " + why.format(n=ours) + ".",
            )
        )
    return out


def published_figures(session: Session) -> list[Figure]:
    """Every published figure the record can define, with ours beside it."""
    return [
        *_deloitte(session),
        *_audit_analytics(session),
        *_open_dataset(session),
        *_calcbench(session),
        *(Figure(**fields) for fields in topic_figures(session)),
    ]

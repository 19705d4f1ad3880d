"""The published top-topic rankings (EY, Audit Analytics) beside ours: the rank the published
issue takes among the record's issues of the same period, and Audit Analytics' share of letters
citing non-GAAP measures. An issue is a topic code, with the four MD&A codes counted as one
"MD&A" as the published tables do."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import TOPICS
from reviewdesk.services.trends.fact_cut import Cut, letter_sums

MDNA = tuple(code for code, t in TOPICS.items() if t.group == "MD&A")
PERIODIC_AND_CURRENT = ("10-K", "10-K/A", "10-Q", "10-Q/A", "8-K", "8-K/A")
AUDIT_ANALYTICS = "Audit Analytics blogs"
EY = "EY, SEC Reporting Update: highlights of trends in SEC comment letters"


@dataclass(frozen=True, slots=True)
class IssueCounts:
    """Comment letters and comments per issue in a period, and all of them."""

    letters: dict[str, int]
    comments: dict[str, int]
    all_letters: int
    all_comments: int

    def rank(self, issue: str, by_comments: bool) -> int | None:
        """The issue's rank (1 = most), ties sharing the better rank; None with no labels."""
        counts = self.comments if by_comments else self.letters
        if not counts:
            return None
        mine = counts.get(issue, 0)
        return 1 + sum(1 for n in counts.values() if n > mine)

    def top(self, by_comments: bool, n: int = 3) -> list[str]:
        """The first `n` issues."""
        counts = self.comments if by_comments else self.letters
        return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _month(day: dt.date) -> int:
    return day.year * 100 + day.month


def issue_counts(
    session: Session, start: dt.date, end: dt.date, forms: tuple[str, ...] | None
) -> IssueCounts:
    """Per issue, the comment letters and comments dated in [start, end) (first days of
    months) on these forms, from the trend facts: a topic's, or for MD&A its group's."""
    cut = Cut(
        low=_month(start),
        high=_month(end),
        forms=None if forms is None else tuple(f"|{form}|" for form in forms),
    )
    letters: dict[str, int] = defaultdict(int)
    comments: dict[str, int] = defaultdict(int)
    all_letters = all_comments = 0
    for (_, kind, key, _), (n, m, _) in letter_sums(
        session, cut, ["letters", "topic", "group"], by_month=False
    ).items():
        if kind == "letters":
            all_letters += n
            all_comments += m
            continue
        issue = key if kind == "topic" and key not in MDNA else None
        if kind == "group" and key == "MD&A":
            issue = key
        if issue is not None and (n or m):
            letters[issue] += n
            comments[issue] += m
    return IssueCounts(dict(letters), dict(comments), all_letters, all_comments)


@dataclass(frozen=True, slots=True)
class Ranking:
    """One published ranking to set beside ours."""

    issue: str
    place: int
    period: str
    start: dt.date
    end: dt.date
    source: str
    by_comments: bool


RANKINGS = (
    Ranking(
        "non_gaap",
        1,
        "calendar year 2017",
        dt.date(2017, 1, 1),
        dt.date(2018, 1, 1),
        AUDIT_ANALYTICS,
        False,
    ),
    Ranking(
        "MD&A",
        1,
        "calendar year 2018",
        dt.date(2018, 1, 1),
        dt.date(2019, 1, 1),
        AUDIT_ANALYTICS,
        False,
    ),
    Ranking(
        "non_gaap",
        1,
        "first half of 2021",
        dt.date(2021, 1, 1),
        dt.date(2021, 7, 1),
        AUDIT_ANALYTICS,
        False,
    ),
    Ranking(
        "non_gaap", 1, "year to 30 June 2020", dt.date(2019, 7, 1), dt.date(2020, 7, 1), EY, True
    ),
    Ranking("MD&A", 2, "year to 30 June 2020", dt.date(2019, 7, 1), dt.date(2020, 7, 1), EY, True),
    Ranking(
        "revenue", 3, "year to 30 June 2020", dt.date(2019, 7, 1), dt.date(2020, 7, 1), EY, True
    ),
    Ranking(
        "non_gaap", 1, "year to 30 June 2021", dt.date(2020, 7, 1), dt.date(2021, 7, 1), EY, True
    ),
    Ranking("MD&A", 2, "year to 30 June 2021", dt.date(2020, 7, 1), dt.date(2021, 7, 1), EY, True),
    Ranking(
        "segments", 3, "year to 30 June 2021", dt.date(2020, 7, 1), dt.date(2021, 7, 1), EY, True
    ),
)

NON_GAAP_SHARES = (
    ("calendar year 2017", dt.date(2017, 1, 1), dt.date(2018, 1, 1), 23.7, "23.7%"),
    ("first half of 2018", dt.date(2018, 1, 1), dt.date(2018, 7, 1), 17.7, "17.7%"),
)


def _name(issue: str) -> str:
    topic = TOPICS.get(issue)
    return topic.label if topic else issue


def topic_figures(session: Session) -> list[dict[str, Any]]:
    """The ranking and share figures, as the fields of `published.Figure`."""
    cache: dict[tuple[dt.date, dt.date, tuple[str, ...] | None], IssueCounts] = {}

    def counts(start: dt.date, end: dt.date, forms: tuple[str, ...] | None) -> IssueCounts:
        key = (start, end, forms)
        if key not in cache:
            cache[key] = issue_counts(session, start, end, forms)
        return cache[key]

    return figures_from(counts)


def figures_from(
    counts: Callable[[dt.date, dt.date, tuple[str, ...] | None], IssueCounts],
) -> list[dict[str, Any]]:
    """The ranking and share figures of the issue counts `counts` gives for a period
    [start, end) and forms (None: every form)."""
    out: list[dict[str, Any]] = []
    for r in RANKINGS:
        forms = PERIODIC_AND_CURRENT if r.source == EY else None
        found, period = counts(r.start, r.end, forms), r.period
        if not found.letters:
            found = counts(dt.date.min, dt.date.max, forms)
            period = f"{r.period}: none labelled in the record, so every year it holds"
        ours = found.rank(r.issue, r.by_comments)
        unit = "comments" if r.by_comments else "comment letters"
        scope = "on Forms 10-K, 10-Q and 8-K" if forms else "of every form"
        top = ", ".join(_name(i) for i in found.top(r.by_comments)) or "none"
        n = found.all_comments if r.by_comments else found.all_letters
        gap = (
            "the record holds no labelled comment of this period"
            if ours is None
            else f"ours ranks among the {n} {unit} of the record's sample for the period (its "
            f"top three: {top}); topics come from the record's labels (the machine's unless a "
            "person corrected them), the published from the firm's own reading"
        )
        out.append(
            {
                "figure": f"rank of {_name(r.issue)} among issues",
                "ours": None if ours is None else float(ours),
                "published": float(r.place),
                "published_text": f"#{r.place}",
                "source": r.source,
                "period": period,
                "definition": f"issues ranked by the {unit} {scope} citing them; MD&A's four "
                "topics count as one issue",
                "n": n,
                "gap": gap,
            }
        )
    for period, start, end, published, text in NON_GAAP_SHARES:
        found = counts(start, end, PERIODIC_AND_CURRENT)
        if not found.all_letters:
            found = counts(dt.date.min, dt.date.max, PERIODIC_AND_CURRENT)
            period = f"{period}: none in the record, so every year it holds"
        cited = found.letters.get("non_gaap", 0)
        percent = round(100 * cited / found.all_letters, 1) if found.all_letters else None
        out.append(
            {
                "figure": "share of comment letters citing non-GAAP measures (%)",
                "ours": percent,
                "published": published,
                "published_text": text,
                "source": "Audit Analytics, as summarised in the press",
                "period": period,
                "definition": "comment letters on Forms 10-K, 10-Q or 8-K with a comment whose "
                "topics include non-GAAP measures",
                "n": found.all_letters,
                "gap": "the record holds no comment letter of this period"
                if percent is None
                else f"ours counts {cited} of the {found.all_letters} such letters in the "
                "record's sample, labelled by the record's topic labels",
            }
        )
    return out

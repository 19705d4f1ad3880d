"""What the staff asks about: the share of comment letters (and of comments) per topic and per
topic group, per year, ranked, with the year-on-year change, and the top ten of the period."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import TOPICS, label, topics_in_group
from reviewdesk.services.trends.fact_cut import (
    Cut,
    LetterSums,
    canonical_groups,
    letter_sums,
    month_year,
)
from reviewdesk.services.trends.filters import PeriodKind, TrendFilters
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView, share

Counts = dict[tuple[int, str], tuple[int, int]]
"""(year, topic or group) -> (comment letters, comments)."""

TOP = 10


def yearly(sums: LetterSums, kind: str, period: PeriodKind, keys: set[str] | None) -> Counts:
    """Comment letters and items per year and key of the facts of one kind (keys: only
    those), the letters' months put in years under `period`."""
    out: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for (month, found, key, _), (letters, items, _) in sums.items():
        year = month_year(month, period)
        if found == kind and year and (keys is None or key in keys):
            out[(year, key)][0] += letters
            out[(year, key)][1] += items
    return {k: (n, m) for k, (n, m) in out.items() if n or m}


def labelled_counts(
    session: Session, filters: TrendFilters, grouped: bool = False, cut: Cut | None = None
) -> Counts:
    """Comment letters and comments per year and topic (`grouped`: topic group) of the cut,
    of the filters' topic group only; `cut` for a cut other than the filters' own."""
    kind = "group" if grouped else "topic"
    sums = letter_sums(session, cut or Cut.of(filters), [kind])
    keys: set[str] | None = None
    if filters.group is not None:
        keys = set(canonical_groups(filters.group) if grouped else topics_in_group(filters.group))
    return yearly(sums, kind, filters.period, keys)


def totals(session: Session, filters: TrendFilters, cut: Cut | None = None) -> Counts:
    """Comment letters and comments per year of the cut (key ''), the denominators of shares;
    `cut` for a cut other than the filters' own."""
    sums = letter_sums(session, cut or Cut.of(filters), ["letters"])
    return yearly(sums, "letters", filters.period, None)


def _names(key: str, grouped: bool) -> tuple[str, str]:
    if grouped:
        return key, key
    topic = TOPICS.get(key)
    return label("topic", key), topic.group if topic else "other"


def _top_table(
    name: str, title: str, counts: Counts, whole: Counts, filters: TrendFilters, grouped: bool
) -> TrendTable:
    letters_all = sum(n for n, _ in whole.values())
    comments_all = sum(m for _, m in whole.values())
    summed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, key), (n, m) in counts.items():
        summed[key][0] += n
        summed[key][1] += m
    ranked = sorted(summed.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:TOP]
    first = "group" if grouped else "topic"
    table = TrendTable(
        name,
        title,
        [
            "rank",
            first,
            *([] if grouped else ["group"]),
            "comment letters",
            "share of comment letters %",
            "comments",
            "share of comments %",
        ],
        chart=ChartSpec((first,), "share of comment letters %", "%"),
        note=f"Of {letters_all} comment letters and {comments_all} comments in the cut; a letter "
        "or comment on several topics counts under each.",
    )
    for rank, (key, (n, m)) in enumerate(ranked, 1):
        shown, group = _names(key, grouped)
        row: list[Any] = [rank, shown, *([] if grouped else [group])]
        row += [n, share(n, letters_all), m, share(m, comments_all)]
        link = {"group": key} if grouped else {"topic": key}
        table.add(row, filters.search(link))
    return table


def _yearly_table(counts: Counts, whole: Counts, filters: TrendFilters) -> TrendTable:
    table = TrendTable(
        "by_year",
        "Topics per year, ranked by share of comment letters",
        [
            "year",
            "rank",
            "topic",
            "group",
            "comment letters",
            "share of comment letters %",
            "change from the year before (points)",
            "comments",
            "share of comments %",
        ],
        note="Change: this year's share of comment letters less the year before's (blank when "
        "the year before has no comment letters in the cut).",
    )
    years = sorted({y for y, _ in counts})
    previous: dict[str, float | None] = {}
    for year in years:
        letters_all, comments_all = whole.get((year, ""), (0, 0))
        had_letters = whole.get((year - 1, ""), (0, 0))[0] > 0
        rows = sorted(
            ((k, v) for (y, k), v in counts.items() if y == year),
            key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]),
        )
        shares: dict[str, float | None] = {}
        for rank, (key, (n, m)) in enumerate(rows, 1):
            letters_share = share(n, letters_all)
            shares[key] = letters_share
            before = previous.get(key, 0.0 if had_letters else None)
            change = (
                round(letters_share - before, 1)
                if letters_share is not None and before is not None
                else None
            )
            shown, group = _names(key, False)
            link = {"topic": key}
            if filters.period is PeriodKind.calendar:
                link["year"] = str(year)
            table.add(
                [year, rank, shown, group, n, letters_share, change, m, share(m, comments_all)],
                filters.search(link),
            )
        previous = shares
    return table


def topics_view(session: Session, filters: TrendFilters) -> TrendView:
    """The topics view: top ten topics and groups of the cut, and every topic per year."""
    whole = totals(session, filters)
    by_topic = labelled_counts(session, filters)
    by_group = labelled_counts(session, filters, grouped=True)
    return topics_from(whole, by_topic, by_group, filters)


def topics_from(
    whole: Counts, by_topic: Counts, by_group: Counts, filters: TrendFilters
) -> TrendView:
    """The topics view of counted comment letters and items: all of them, per topic and per
    topic group, each per year."""
    view = TrendView("topics", "What the staff asks about", filters.describe())
    view.tables = [
        _top_table("top_topics", "Top ten topics of the period", by_topic, whole, filters, False),
        _top_table("top_groups", "Topic groups of the period", by_group, whole, filters, True),
        _yearly_table(by_topic, whole, filters),
    ]
    return view

"""What the staff asked for and how companies answered, per main topic of the comment."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import ANSWERS, ASKS, label
from reviewdesk.services.trends.comment_scope import group_codes, topic_group
from reviewdesk.services.trends.fact_cut import Cut, letter_sums
from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView, share


def per_topic(
    session: Session, filters: TrendFilters, facet: str, answers: bool
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Items per main topic, and items per (main topic, code of `facet`): comments and their
    asks, or (`answers`) answers and their classes, the topic being the answered comment's."""
    whole, split = ("answered", "answer") if answers else ("main", "ask")
    codes = group_codes(filters)
    totals: dict[str, int] = defaultdict(int)
    parts: dict[tuple[str, str], int] = defaultdict(int)
    for (_, kind, topic, code), (_, items, _) in letter_sums(
        session, Cut.of(filters), [whole, split], by_month=False
    ).items():
        if not items or (codes is not None and topic not in codes):
            continue
        if kind == whole:
            totals[topic] += items
        else:
            parts[(topic, code)] += items
    return dict(totals), dict(parts)


def _table(
    name: str,
    title: str,
    items: str,
    codes: dict[str, str],
    counts: tuple[dict[str, int], dict[tuple[str, str], int]],
    filters: TrendFilters,
    note: str,
) -> TrendTable:
    totals, split = counts
    table = TrendTable(
        name,
        title,
        ["topic", "group", items, *(f"{label_} %" for label_ in codes.values())],
        chart=ChartSpec(("topic",), items),
        note=note,
    )
    for topic, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        shares = [share(split.get((topic, code), 0), n) for code in codes]
        table.add(
            [label("topic", topic), topic_group(topic), n, *shares],
            filters.search({"topic": topic}),
        )
    return table


def asks_view(session: Session, filters: TrendFilters) -> TrendView:
    """The asks view: per main topic, what the comments asked for and how they were answered."""
    view = TrendView("asks", "What the staff asks for and how companies answer", filters.describe())
    asked = per_topic(session, filters, "ask", answers=False)
    view.tables = [
        _table(
            "asks_by_topic",
            "What the staff asked for, by main topic of the comment",
            "comments",
            ASKS,
            asked,
            filters,
            "Share of the topic's comments asking for each; a comment may ask for several.",
        ),
        _table(
            "answers_by_topic",
            "How companies answered, by main topic of the comment",
            "answers",
            ANSWERS,
            per_topic(session, filters, "answer", answers=True),
            filters,
            "Share of the answers to the topic's comments of each kind; an answer may be several.",
        ),
    ]
    return view

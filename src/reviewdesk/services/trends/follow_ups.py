"""Which topics most often draw a follow-up comment, and which answers most often end the
thread, over the comments of completed reviews (an open review may still follow up)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import ANSWERS, label
from reviewdesk.record.trend_facts import ANY_GROUP
from reviewdesk.services.trends.comment_scope import group_codes, topic_group
from reviewdesk.services.trends.fact_cut import Cut, canonical_groups, letter_sums
from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView, share


def by_topic(session: Session, filters: TrendFilters) -> TrendTable:
    """Per main topic: comments of completed reviews and the share a later comment followed up."""
    codes = group_codes(filters)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cut = Cut.of(filters).but(closed=True)
    for (_, _, code, _), (_, items, followed) in letter_sums(session, cut, ["main"], False).items():
        if items and (codes is None or code in codes):
            counts[code][0] += items
            counts[code][1] += followed
    rows = [(code, n, up) for code, (n, up) in counts.items()]
    table = TrendTable(
        "follow_ups_by_topic",
        "Topics that draw a follow-up comment",
        ["topic", "group", "comments", "followed up", "followed up %"],
        chart=ChartSpec(("topic",), "followed up %", "%"),
        note="Comments of completed reviews by main topic; followed up: a later comment of the "
        "review refers back to it.",
    )
    ranked = sorted(rows, key=lambda r: (-(int(r[2] or 0) / int(r[1])), -int(r[1]), str(r[0])))
    for code, n, up in ranked:
        table.add(
            [label("topic", code), topic_group(code), int(n), int(up or 0), share(int(up or 0), n)],
            filters.search({"topic": str(code)}),
        )
    return table


def by_answer(session: Session, filters: TrendFilters) -> TrendTable:
    """Per kind of answer: answers to comments of completed reviews, and the share after which
    the staff did not follow the comment up (the thread ended)."""
    groups = [ANY_GROUP] if filters.group is None else canonical_groups(filters.group)
    answered: dict[str, int] = defaultdict(int)
    ended: dict[str, int] = defaultdict(int)
    cut = Cut.of(filters).but(closed=True)
    for (_, _, group, code), (_, items, followed) in letter_sums(
        session, cut, ["ending"], False
    ).items():
        if items and group in groups:
            answered[code] += items
            ended[code] += items - followed
    table = TrendTable(
        "endings_by_answer",
        "Answers that end the thread",
        ["answer", "answers", "ended the thread", "ended the thread %"],
        chart=ChartSpec(("answer",), "ended the thread %", "%"),
        note="Answers to comments of completed reviews; the thread ended when no later comment "
        "followed the comment up.",
    )
    rows = [(str(code), int(n), int(ended.get(code, 0))) for code, n in answered.items()]
    rows.sort(
        key=lambda r: (-(r[2] / r[1]), -r[1], list(ANSWERS).index(r[0]) if r[0] in ANSWERS else 99)
    )
    for code, n, done in rows:
        table.add(
            [label("answer", code), n, done, share(done, n)], filters.search({"answer": code})
        )
    return table


def follow_ups_view(session: Session, filters: TrendFilters) -> TrendView:
    """The follow-ups view: topics that draw follow-ups, answers that end the thread."""
    view = TrendView("follow_ups", "Follow-ups and answers that end the thread", filters.describe())
    view.tables = [by_topic(session, filters), by_answer(session, filters)]
    return view

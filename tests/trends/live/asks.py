"""What the staff asked for and how companies answered, per main topic of the comment."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.letters.vocabulary import ANSWERS, ASKS, label
from reviewdesk.record import schema
from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView, share
from tests.trends.live.comment_scope import (
    Comment,
    Label,
    Letter,
    both,
    group_codes,
    letter_conditions,
    topic_group,
)

Main = aliased(Label, name="main_topic")


def per_topic(
    session: Session, filters: TrendFilters, facet: str, answers: bool
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Items per main topic, and items per (main topic, code of `facet`): comments and their
    asks, or (`answers`) answers and their classes, the topic being the answered comment's."""
    codes = group_codes(filters)
    main = [Main.facet == "topic", Main.effective.is_(True), Main.rank == 0]
    if codes is not None:
        main.append(Main.code.in_(codes))
    coded = aliased(Label, name="coded")
    where = both([*main, *letter_conditions(filters)])
    if answers:
        item = schema.Response.id
        base = (
            select(schema.Response.id)
            .join(Comment, Comment.id == schema.Response.comment_id)
            .join(Main, Main.comment_id == Comment.id)
            .join(Letter, Letter.id == Comment.letter_id)
        )
        link = coded.response_id == schema.Response.id
    else:
        item = Comment.id
        base = (
            select(Comment.id)
            .join(Main, Main.comment_id == Comment.id)
            .join(Letter, Letter.id == Comment.letter_id)
        )
        link = coded.comment_id == Comment.id
    totals_query = base.with_only_columns(Main.code, func.count(distinct(item))).where(where)
    totals = {str(code): int(n) for code, n in session.execute(totals_query.group_by(Main.code))}
    split_query = (
        base.with_only_columns(Main.code, coded.code, func.count(distinct(item)))
        .join(coded, link)
        .where(where, coded.facet == facet, coded.effective.is_(True))
        .group_by(Main.code, coded.code)
    )
    split = {(str(t), str(c)): int(n) for t, c, n in session.execute(split_query)}
    return totals, split


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

"""Which topics most often draw a follow-up comment, and which answers most often end the
thread, over the comments of completed reviews (an open review may still follow up)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.letters.vocabulary import ANSWERS, label
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
Later = aliased(Comment, name="later")


def _completed(filters: TrendFilters) -> list[ColumnElement[bool]]:
    closed = select(schema.Review.id).where(schema.Review.status == "closed")
    return [Letter.review_id.in_(closed), *letter_conditions(filters)]


def _followed_up() -> ColumnElement[bool]:
    return select(Later.id).where(Later.follow_up_of_id == Comment.id).exists()


def by_topic(session: Session, filters: TrendFilters) -> TrendTable:
    """Per main topic: comments of completed reviews and the share a later comment followed up."""
    codes = group_codes(filters)
    main = [Main.facet == "topic", Main.effective.is_(True), Main.rank == 0]
    if codes is not None:
        main.append(Main.code.in_(codes))
    followed = func.sum(case((_followed_up(), 1), else_=0))
    rows = session.execute(
        select(Main.code, func.count(distinct(Comment.id)), followed)
        .select_from(Comment)
        .join(Main, Main.comment_id == Comment.id)
        .join(Letter, Letter.id == Comment.letter_id)
        .where(both([*main, *_completed(filters)]))
        .group_by(Main.code)
    ).all()
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
    codes = group_codes(filters)
    coded = aliased(Label, name="coded")
    query = (
        select(coded.code, func.count(distinct(schema.Response.id)))
        .select_from(schema.Response)
        .join(coded, coded.response_id == schema.Response.id)
        .join(Comment, Comment.id == schema.Response.comment_id)
        .join(Letter, Letter.id == Comment.letter_id)
    )
    conditions = [coded.facet == "answer", coded.effective.is_(True), *_completed(filters)]
    if codes is not None:
        tagged = aliased(Label, name="tagged")
        conditions.append(
            select(tagged.id)
            .where(
                tagged.comment_id == Comment.id,
                tagged.facet == "topic",
                tagged.effective.is_(True),
                tagged.code.in_(codes),
            )
            .exists()
        )
    answered = dict(session.execute(query.where(both(conditions)).group_by(coded.code)).all())
    ended = dict(
        session.execute(
            query.where(both([*conditions, ~_followed_up()])).group_by(coded.code)
        ).all()
    )
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

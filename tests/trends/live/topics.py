"""What the staff asks about, as it counted before the trend facts: comment letters and
comments per year and topic (or group) counted live over labels, comments and letters, set
out by the product's own `topics_from`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from reviewdesk.letters.vocabulary import TOPICS
from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.model import TrendView
from reviewdesk.services.trends.topics import topics_from
from tests.trends.live.comment_scope import (
    Comment,
    Label,
    Letter,
    both,
    in_group_comment,
    letter_conditions,
    letter_year,
    topic_conditions,
)

Counts = dict[tuple[int, str], tuple[int, int]]
"""(year, topic or group) -> (comment letters, comments)."""


def group_of_code() -> ColumnElement[Any]:
    """The trend group of a label's topic code, as SQL."""
    return case({code: t.group for code, t in TOPICS.items()}, value=Label.code, else_="other")


def labelled_counts(
    session: Session,
    filters: TrendFilters,
    key: ColumnElement[Any] | InstrumentedAttribute[str],
    extra: list[ColumnElement[bool]] | None = None,
) -> Counts:
    """Comment letters and comments per year and `key` (topic code or group) of the cut, with
    `extra` conditions on the letter."""
    year = letter_year(filters.period)
    query = (
        select(year, key, func.count(distinct(Comment.letter_id)), func.count(distinct(Comment.id)))
        .select_from(Label)
        .join(Comment, Comment.id == Label.comment_id)
        .join(Letter, Letter.id == Comment.letter_id)
        .where(both([*topic_conditions(filters), *letter_conditions(filters), *(extra or [])]))
        .group_by(year, key)
    )
    return {(int(y), str(k)): (int(n), int(m)) for y, k, n, m in session.execute(query) if y}


def totals(
    session: Session,
    filters: TrendFilters,
    in_group: bool = False,
    extra: list[ColumnElement[bool]] | None = None,
) -> Counts:
    """Comment letters and comments per year of the cut (key ''), the denominators of shares;
    `in_group` keeps only comments of the filters' topic group; `extra` conditions on letters."""
    year = letter_year(filters.period)
    conditions = [*letter_conditions(filters), *(extra or [])]
    grouped = in_group_comment(filters) if in_group else None
    if grouped is not None:
        conditions.append(grouped)
    query = (
        select(year, func.count(distinct(Comment.letter_id)), func.count(Comment.id))
        .select_from(Comment)
        .join(Letter, Letter.id == Comment.letter_id)
        .where(both(conditions))
        .group_by(year)
    )
    return {(int(y), ""): (int(n), int(m)) for y, n, m in session.execute(query) if y}


def topics_view(session: Session, filters: TrendFilters) -> TrendView:
    """The topics view: top ten topics and groups of the cut, and every topic per year."""
    whole = totals(session, filters)
    by_topic = labelled_counts(session, filters, Label.code)
    by_group = labelled_counts(session, filters, group_of_code())
    return topics_from(whole, by_topic, by_group, filters)

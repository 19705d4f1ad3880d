"""The published top-topic figures as they counted before the trend facts: the issue counts
live over labels, comments and letters, set out by the product's own `figures_from`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.record import schema
from reviewdesk.services.trends.published_topics import (
    MDNA,
    IssueCounts,
    figures_from,
)
from tests.trends.live.comment_scope import Comment, Label, Letter, both, letter_day


def _issue() -> ColumnElement[Any]:
    return case((Label.code.in_(MDNA), "MD&A"), else_=Label.code)


def issue_counts(
    session: Session, start: dt.date, end: dt.date, forms: tuple[str, ...] | None
) -> IssueCounts:
    """Per issue, the comment letters and comments dated in [start, end) on these forms."""
    day = letter_day()
    conditions = [day >= start, day < end]
    if forms is not None:
        filing = aliased(schema.LetterFiling)
        conditions.append(
            select(filing.id).where(filing.letter_id == Letter.id, filing.form.in_(forms)).exists()
        )
    issue = _issue()
    rows = session.execute(
        select(issue, func.count(distinct(Comment.letter_id)), func.count(distinct(Comment.id)))
        .select_from(Label)
        .join(Comment, Comment.id == Label.comment_id)
        .join(Letter, Letter.id == Comment.letter_id)
        .where(both([Label.facet == "topic", Label.effective.is_(True), *conditions]))
        .group_by(issue)
    ).all()
    whole = session.execute(
        select(func.count(distinct(Comment.letter_id)), func.count(Comment.id))
        .select_from(Comment)
        .join(Letter, Letter.id == Comment.letter_id)
        .where(both(conditions))
    ).one()
    return IssueCounts(
        {str(k): int(n) for k, n, _ in rows},
        {str(k): int(m) for k, _, m in rows},
        int(whole[0] or 0),
        int(whole[1] or 0),
    )


def topic_figures(session: Session) -> list[dict[str, Any]]:
    """The ranking and share figures over live issue counts."""
    return figures_from(lambda start, end, forms: issue_counts(session, start, end, forms))

"""A company user's letters to answer: the staff comment letters from EDGAR addressed to their
company that the record shows no answer to yet and that the review has not moved past (no
later staff letter, not closed), soonest due first; each with its deadline and how many of its
comments already have a drafted answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.record import schema
from reviewdesk.reviews.deadlines import LetterDeadline, letter_deadline
from reviewdesk.workflow.letter_answers import LetterAnswer


@dataclass(frozen=True, slots=True)
class LetterToAnswer:
    """One open staff letter of the user's company, as it stands on a day."""

    letter: schema.Letter
    deadline: LetterDeadline
    comments: int
    drafted: int


def letters_to_answer(
    session: Session, principal: Principal, today: dt.date
) -> list[LetterToAnswer]:
    """The open staff comment letters of the principal's company dated by `today` (none for
    anyone but a company user), soonest due first."""
    if principal.role is not Role.company or principal.company_id is None:
        return []
    day = func.coalesce(schema.Letter.date, schema.Letter.filing_date)
    rows = session.scalars(
        select(schema.Letter).where(
            schema.Letter.company_id == principal.company_id,
            schema.Letter.role == "staff",
            schema.Letter.kind == "comments",
            day <= today,
        )
    ).all()
    drafted: dict[int, int] = dict(
        session.execute(
            select(LetterAnswer.letter_id, func.count())
            .where(
                LetterAnswer.letter_id.in_([r.id for r in rows]),
                func.length(LetterAnswer.text) > 0,
            )
            .group_by(LetterAnswer.letter_id)
        )
        .tuples()
        .all()
    )
    out = []
    for row in rows:
        if _passed_by(session, row, today):
            continue
        deadline = letter_deadline(session, row, today)
        if deadline.answered is not None:
            continue
        out.append(LetterToAnswer(row, deadline, len(row.comments), drafted.get(row.id, 0)))
    out.sort(key=lambda x: (x.deadline.due or dt.date.max, x.letter.id))
    return out


def _passed_by(session: Session, row: schema.Letter, today: dt.date) -> bool:
    """Whether the review moved past the letter by `today`: closed, or a later round's staff
    letter already sent."""
    if row.review_id is None:
        return False
    review = session.get(schema.Review, row.review_id)
    if review is not None and review.closed is not None and review.closed <= today:
        return True
    round_ = session.get(schema.Round, row.round_id) if row.round_id else None
    if round_ is None:
        return False
    later = session.scalars(
        select(schema.Letter)
        .join(schema.Round, schema.Round.staff_letter_id == schema.Letter.id)
        .where(schema.Round.review_id == row.review_id, schema.Round.number > round_.number)
    ).all()
    return any((x.date or x.filing_date or dt.date.max) <= today for x in later)

"""The company's answers to a staff comment letter from EDGAR, drafted in the desk beside each
comment: one current answer per comment number, every saved version kept with who, when and
what changed (migration 0004). Only a company user bound to the letter's company may see or
save them; to anyone else the drafts do not exist.

Answers are keyed by the letter and the comment's printed number (the key a response letter
uses), not by the comment's row, so a re-parse of the letter never loses a draft."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.accounts.schema import DeskBase
from reviewdesk.record import audit, schema
from reviewdesk.record.schema import Letter
from reviewdesk.workflow import trail
from reviewdesk.workflow.answer_history import revise, tidy_answer
from reviewdesk.workflow.errors import NotFound, WorkflowInputError

MAX_ANSWER_CHARS = 100_000


class LetterAnswer(DeskBase):
    """The current answer to one numbered comment of a stored staff letter."""

    __tablename__ = "letter_answers"
    __table_args__ = (UniqueConstraint("letter_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(
        ForeignKey(Letter.__table__.c.id, ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    revisions: Mapped[list[LetterAnswerRevision]] = relationship(
        order_by="LetterAnswerRevision.version"
    )


class LetterAnswerRevision(DeskBase):
    """One saved version of an answer: who, when, the text, and what changed."""

    __tablename__ = "letter_answer_revisions"
    __table_args__ = (UniqueConstraint("answer_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("letter_answers.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def answerable_letter(session: Session, principal: Principal, letter_id: int) -> schema.Letter:
    """The staff comment letter, when this person answers for its company; else NotFound
    (another company's user, staff and counsel are told it has no drafts for them)."""
    row = session.get(schema.Letter, letter_id)
    if (
        row is None
        or row.role != "staff"
        or row.kind != "comments"
        or principal.role is not Role.company
        or row.company_id is None
        or principal.company_id != row.company_id
    ):
        raise NotFound(
            f"no staff comment letter {letter_id} of your company; open it from your "
            "company's page to draft answers"
        )
    return row


def answers_of(session: Session, letter_id: int) -> dict[int, LetterAnswer]:
    """The answers drafted for a letter, by comment number."""
    rows = session.scalars(select(LetterAnswer).where(LetterAnswer.letter_id == letter_id))
    return {row.number: row for row in rows}


def save_letter_answer(
    session: Session, principal: Principal, letter_id: int, number: int, text: str
) -> LetterAnswer:
    """Save a new version of the answer to comment `number`; unchanged text saves nothing."""
    row = answerable_letter(session, principal, letter_id)
    numbers = [c.number for c in row.comments if c.number is not None]
    if number not in numbers:
        raise WorkflowInputError(
            f"letter {letter_id} has no comment {number}; its comments are numbered "
            + (", ".join(map(str, numbers)) or "(none read)")
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise WorkflowInputError(
            f"the answer to comment {number} is {len(text):,} characters; "
            f"keep it under {MAX_ANSWER_CHARS:,}"
        )
    body = tidy_answer(text)
    at = audit.now()
    answer = answers_of(session, letter_id).get(number)
    if answer is None:
        answer = LetterAnswer(
            letter_id=letter_id,
            number=number,
            text="",
            version=0,
            updated_by=principal.username,
            updated_at=at,
        )
        session.add(answer)
        session.flush()
    change = revise(session, answer, body, principal.username, at, LetterAnswerRevision)
    if change is None:
        return answer
    trail.write(
        session,
        principal,
        "answers.answer_saved",
        f"letter:{letter_id}",
        {"number": number, "version": answer.version, "change": change},
        at=at,
    )
    return answer


def answer_view(answer: LetterAnswer | None) -> dict[str, object] | None:
    """An answer with its history, newest first, as JSON-ready data."""
    if answer is None:
        return None
    return {
        "text": answer.text,
        "version": answer.version,
        "updated_by": answer.updated_by,
        "updated_at": answer.updated_at.isoformat(),
        "history": [
            {
                "version": r.version,
                "saved_by": r.saved_by,
                "saved_at": r.saved_at.isoformat(),
                "change": r.change,
                "text": r.text,
            }
            for r in reversed(answer.revisions)
        ],
    }

"""The record's staff comments as precedent search needs them: text, company, letter, the
answer the company gave and how the thread ended, read in a few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.services.precedents.outcome import Outcome, outcomes


@dataclass(frozen=True, slots=True)
class Answer:
    """The company's answer to a comment and the accession of the letter that carries it."""

    text: str
    accession: str | None
    letter_id: int


@dataclass(frozen=True, slots=True)
class StoredComment:
    """One staff comment with what precedent search shows and filters on."""

    id: int
    letter_id: int
    accession: str | None
    letter_date: dt.date | None
    company_key: str
    company: str | None
    number: int | None
    heading: str | None
    text: str
    follow_up_of_id: int | None
    answer: Answer | None
    outcome: Outcome

    @property
    def search_text(self) -> str:
        """What is indexed and queried: the caption, then the comment itself."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


def company_key(company_id: int | None, cik: str | None, letter_id: int) -> str:
    """Who a letter is about: the company row, else the CIK, else (unknown) the letter alone."""
    if company_id is not None:
        return f"company:{company_id}"
    if cik:
        return f"cik:{cik.lstrip('0')}"
    return f"letter:{letter_id}"


def _answers(session: Session) -> dict[int, Answer]:
    """Each answered comment's answer: the response the reviews layer linked to it
    (answered_by), else a response matched to it by comment id."""
    rows = session.execute(
        select(
            schema.Response.id,
            schema.Response.comment_id,
            schema.Response.response_text,
            schema.Response.letter_id,
            schema.Letter.accession,
        ).join(schema.Letter, schema.Letter.id == schema.Response.letter_id)
    ).all()
    by_response = {row.id: Answer(row.response_text, row.accession, row.letter_id) for row in rows}
    by_comment: dict[int, Answer] = {}
    for row in sorted(rows, key=lambda r: r.id):
        if row.comment_id is not None and row.comment_id not in by_comment:
            by_comment[row.comment_id] = by_response[row.id]
    linked = session.execute(
        select(schema.Comment.id, schema.Comment.answered_by_id).where(
            schema.Comment.answered_by_id.is_not(None)
        )
    ).all()
    for comment_id, response_id in linked:
        if response_id in by_response:
            by_comment[comment_id] = by_response[response_id]
    return by_comment


def stored_comments(session: Session) -> dict[int, StoredComment]:
    """Every staff comment with non-empty text, by id, with its answer and outcome."""
    rows = session.execute(
        select(
            schema.Comment.id,
            schema.Comment.letter_id,
            schema.Comment.number,
            schema.Comment.heading,
            schema.Comment.text,
            schema.Comment.status,
            schema.Comment.follow_up_of_id,
            schema.Letter.accession,
            schema.Letter.date,
            schema.Letter.filing_date,
            schema.Letter.company_id,
            schema.Letter.cik,
            schema.Letter.company_name,
        )
        .join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
        .order_by(schema.Comment.id)
    ).all()
    answers = _answers(session)
    ends = outcomes(
        {row.id: row.status for row in rows}, {row.id: row.follow_up_of_id for row in rows}
    )
    return {
        row.id: StoredComment(
            id=row.id,
            letter_id=row.letter_id,
            accession=row.accession,
            letter_date=row.date or row.filing_date,
            company_key=company_key(row.company_id, row.cik, row.letter_id),
            company=row.company_name,
            number=row.number,
            heading=row.heading,
            text=row.text,
            follow_up_of_id=row.follow_up_of_id,
            answer=answers.get(row.id),
            outcome=ends[row.id],
        )
        for row in rows
        if row.text and row.text.strip()
    }

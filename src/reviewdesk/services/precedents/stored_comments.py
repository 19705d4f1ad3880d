"""The record's staff comments as precedent search needs them: text, company, letter, the
answer the company gave and how the thread ended, read in a few queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.letters.classify import classify_letter
from reviewdesk.record import schema
from reviewdesk.record.labels import effective_topics
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
    topics: tuple[str, ...] = ()
    """What the record says the comment is about (effective topics, main first)."""

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
    topics = effective_topics(session)
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
            topics=tuple(topics.get(row.id, ())),
        )
        for row in rows
        if row.text and row.text.strip()
    }


def with_read_topics(comments: Mapping[int, StoredComment]) -> dict[int, StoredComment]:
    """The comments, those the record gives no topics read by the shipped classifier (as
    ingest does once it classifies), so a record stored before classification can be measured."""
    out = dict(comments)
    missing = [c for c in comments.values() if not c.topics]
    if not missing:
        return out
    reading = letters.Letter(
        source="stored comments",
        comments=[letters.Comment(c.number, c.heading, None, c.text) for c in missing],
    )
    classify_letter(reading)
    for comment, read in zip(missing, reading.comments, strict=True):
        out[comment.id] = dataclasses.replace(comment, topics=tuple(read.topics))
    return out

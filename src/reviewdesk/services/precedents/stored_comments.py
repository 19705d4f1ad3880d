"""The record's staff comments as precedent search needs them: text, company, letter, the
answer the company gave and how the thread ended, read in a few queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


def company_id(key: str) -> int | None:
    """The company row a company key names (None for a key by CIK or by letter)."""
    kind, _, value = key.partition(":")
    return int(value) if kind == "company" else None


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


_COLUMNS = (
    schema.Comment.id,
    schema.Comment.letter_id,
    schema.Comment.number,
    schema.Comment.heading,
    schema.Comment.text,
    schema.Comment.status,
    schema.Comment.follow_up_of_id,
    schema.Comment.answered_by_id,
    schema.Letter.accession,
    schema.Letter.date,
    schema.Letter.filing_date,
    schema.Letter.company_id,
    schema.Letter.cik,
    schema.Letter.company_name,
)


def _stored(
    rows: Sequence[Any],
    answers: Mapping[int, Answer],
    topics: Mapping[int, list[str]],
    ends: Mapping[int, Outcome],
) -> dict[int, StoredComment]:
    """The rows with non-empty text as stored comments, by id."""
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


def stored_comments(session: Session) -> dict[int, StoredComment]:
    """Every staff comment with non-empty text, by id, with its answer and outcome."""
    rows = session.execute(
        select(*_COLUMNS)
        .join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
        .order_by(schema.Comment.id)
    ).all()
    ends = outcomes(
        {row.id: row.status for row in rows}, {row.id: row.follow_up_of_id for row in rows}
    )
    return _stored(rows, _answers(session), effective_topics(session), ends)


CHUNK = 500
"""Ids per IN list when reading comments by id."""


def _chunked(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]


def _answers_of(session: Session, rows: Sequence[Any]) -> dict[int, Answer]:
    """The answers of the given comment rows only, as `_answers` gives them: the linked
    response (answered_by), else the first response matched to the comment by id."""
    ids = [row.id for row in rows]
    columns = (
        schema.Response.id,
        schema.Response.comment_id,
        schema.Response.response_text,
        schema.Response.letter_id,
        schema.Letter.accession,
    )
    joined = select(*columns).join(schema.Letter, schema.Letter.id == schema.Response.letter_id)
    found: dict[int, Any] = {}
    for chunk in _chunked(ids):
        found.update(
            (r.id, r) for r in session.execute(joined.where(schema.Response.comment_id.in_(chunk)))
        )
    linked = [row.answered_by_id for row in rows if row.answered_by_id is not None]
    for chunk in _chunked([i for i in linked if i not in found]):
        found.update(
            (r.id, r) for r in session.execute(joined.where(schema.Response.id.in_(chunk)))
        )
    out: dict[int, Answer] = {}
    for response in sorted(found.values(), key=lambda r: r.id):
        if response.comment_id is not None and response.comment_id not in out:
            out[response.comment_id] = Answer(
                response.response_text, response.accession, response.letter_id
            )
    for row in rows:
        response = found.get(row.answered_by_id) if row.answered_by_id is not None else None
        if response is not None:
            out[row.id] = Answer(response.response_text, response.accession, response.letter_id)
    return out


def _links(rows: Iterable[Any]) -> list[tuple[int, int | None]]:
    """(comment id, the comment it follows up) pairs of rows."""
    return [(int(row[0]), row[1]) for row in rows]


def _outcomes_of(session: Session, rows: Sequence[Any]) -> dict[int, Outcome]:
    """The outcomes of the given comment rows only: the follow-up chain above each (read link
    by link, a few rounds at most) and the comments that follow each up."""
    follow_up_of: dict[int, int | None] = {row.id: row.follow_up_of_id for row in rows}
    wanted = {e for e in follow_up_of.values() if e is not None} - follow_up_of.keys()
    while wanted:
        links = select(schema.Comment.id, schema.Comment.follow_up_of_id)
        for chunk in _chunked(sorted(wanted)):
            follow_up_of.update(_links(session.execute(links.where(schema.Comment.id.in_(chunk)))))
        wanted = {e for e in follow_up_of.values() if e is not None} - follow_up_of.keys()
    followers = select(schema.Comment.id, schema.Comment.follow_up_of_id)
    for chunk in _chunked([row.id for row in rows]):
        found = session.execute(followers.where(schema.Comment.follow_up_of_id.in_(chunk)))
        follow_up_of.update(_links(found))
    ends = outcomes({row.id: row.status for row in rows}, follow_up_of)
    return {row.id: ends[row.id] for row in rows}


def comments_by_id(session: Session, ids: Iterable[int]) -> dict[int, StoredComment]:
    """The given staff comments (those with non-empty text), by id, each with its answer,
    outcome and topics, as `stored_comments` gives them, reading only their rows and the
    rows that tell how their threads went: what precedents read for a page's few
    candidates, whatever the record's size."""
    wanted = sorted(set(ids))
    joined = select(*_COLUMNS).join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
    rows: list[Any] = []
    for chunk in _chunked(wanted):
        rows.extend(session.execute(joined.where(schema.Comment.id.in_(chunk))))
    rows.sort(key=lambda row: row.id)
    topics = effective_topics(session, [row.id for row in rows])
    return _stored(rows, _answers_of(session, rows), topics, _outcomes_of(session, rows))


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

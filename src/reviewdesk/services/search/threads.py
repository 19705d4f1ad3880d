"""Research export of a search: the whole thread of every match (the comment, its answer,
the follow-up comments of later rounds and their answers), one row per comment of a thread,
with topics, asks, citations, answer classes, and the form and period of the reviewed
filing; as CSV, JSON lines or Parquet. A response the record could not link to a comment
has no thread and is left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.record.labels import comment_labels, response_labels
from reviewdesk.services.search.engine import _backend, _merged
from reviewdesk.services.search.model import EXPORT_CAP, SearchQuery

CHUNK = 500
MAX_ROUNDS = 100
"""Follow-up links followed back at most this far (a review has a handful of rounds; the
bound keeps a malformed chain from looping)."""


class ThreadFormat(StrEnum):
    """File formats a thread export is written in."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


LIST = pa.list_(pa.string())
COLUMNS: list[tuple[str, Any]] = [
    ("thread_id", pa.int64()),
    ("round", pa.int64()),
    ("matched", pa.bool_()),
    ("company", pa.string()),
    ("cik", pa.string()),
    ("review_id", pa.int64()),
    ("filing_form", pa.string()),
    ("filing_period", pa.date32()),
    ("letter_id", pa.int64()),
    ("letter_accession", pa.string()),
    ("letter_date", pa.date32()),
    ("office", pa.string()),
    ("comment_id", pa.int64()),
    ("comment_number", pa.int64()),
    ("heading", pa.string()),
    ("comment_text", pa.string()),
    ("topics", LIST),
    ("asks", LIST),
    ("comment_cites", LIST),
    ("answer_id", pa.int64()),
    ("answer_letter_id", pa.int64()),
    ("answer_accession", pa.string()),
    ("answer_date", pa.date32()),
    ("answer_text", pa.string()),
    ("answer_classes", LIST),
    ("answer_cites", LIST),
]
"""The columns of a thread export: a thread is named by its first comment's id, `round` counts
its comments from 1, `matched` marks the rows whose comment or answer the search found."""
ARROW_SCHEMA = pa.schema(COLUMNS)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _answered(session: Session, response_ids: list[int]) -> dict[int, int]:
    """The comment each response answers, by response id (linked either way round)."""
    out: dict[int, int] = {}
    for part in _chunks(response_ids):
        out.update(
            (r, c)
            for r, c in session.execute(
                select(schema.Comment.answered_by_id, schema.Comment.id).where(
                    schema.Comment.answered_by_id.in_(part)
                )
            )
            if r is not None
        )
        for r, c in session.execute(
            select(schema.Response.id, schema.Response.comment_id).where(
                schema.Response.id.in_(part), schema.Response.comment_id.is_not(None)
            )
        ):
            if c is not None:
                out.setdefault(r, c)
    return out


def _roots(session: Session, comment_ids: Iterable[int]) -> dict[int, int]:
    """The first comment of each comment's thread (following follow_up_of back)."""
    root = {c: c for c in comment_ids}
    frontier = dict(root)
    for _step in range(MAX_ROUNDS):
        if not frontier:
            break
        parents: dict[int, int] = {}
        for part in _chunks(list(set(frontier.values()))):
            parents.update(
                (c, p)
                for c, p in session.execute(
                    select(schema.Comment.id, schema.Comment.follow_up_of_id).where(
                        schema.Comment.id.in_(part), schema.Comment.follow_up_of_id.is_not(None)
                    )
                )
                if p is not None
            )
        frontier = {k: parents[v] for k, v in frontier.items() if v in parents and parents[v] != v}
        root.update(frontier)
    return root


def matched_threads(
    session: Session, query: SearchQuery, limit: int = EXPORT_CAP
) -> tuple[list[int], set[tuple[str, int]]]:
    """The threads of a search's matches (first comment ids, best match first) and the
    matched items ('comment' or 'response', id)."""
    backend = _backend(session, query)
    ranked, _total, _capped = _merged(session, backend, replace(query, page=1), limit)
    matched = {(source.kind, i) for source, i, _ in ranked}
    answers = _answered(session, [i for source, i, _ in ranked if source.kind == "response"])
    comment_of = [i if source.kind == "comment" else answers.get(i) for source, i, _ in ranked]
    roots = _roots(session, {c for c in comment_of if c is not None})
    ordered = list(dict.fromkeys(roots[c] for c in comment_of if c is not None))
    return ordered, matched


def _members(session: Session, roots: list[int]) -> dict[int, list[int]]:
    """Every comment of each thread (root first), by root id."""
    members = {r: [r] for r in roots}
    frontier = {r: r for r in roots}
    while frontier:
        children: dict[int, int] = {}
        for part in _chunks(list(frontier)):
            for child, parent in session.execute(
                select(schema.Comment.id, schema.Comment.follow_up_of_id)
                .where(schema.Comment.follow_up_of_id.in_(part))
                .order_by(schema.Comment.id)
            ):
                if parent is not None and child not in frontier:
                    children[child] = frontier[parent]
        frontier = {c: r for c, r in children.items() if c not in members[r]}
        for child, root in frontier.items():
            members[root].append(child)
    return members


def _letters(session: Session, ids: set[int]) -> dict[int, schema.Letter]:
    out: dict[int, schema.Letter] = {}
    for part in _chunks(list(ids)):
        out.update(
            (x.id, x)
            for x in session.scalars(select(schema.Letter).where(schema.Letter.id.in_(part)))
        )
    return out


def _filings(
    session: Session, letter_ids: set[int]
) -> dict[int, tuple[str | None, dt.date | None]]:
    """The first reviewed filing's form and period of each letter."""
    out: dict[int, tuple[str | None, dt.date | None]] = {}
    for part in _chunks(list(letter_ids)):
        for letter_id, form, period in session.execute(
            select(
                schema.LetterFiling.letter_id, schema.LetterFiling.form, schema.LetterFiling.period
            )
            .where(schema.LetterFiling.letter_id.in_(part))
            .order_by(schema.LetterFiling.letter_id, schema.LetterFiling.position)
        ):
            out.setdefault(letter_id, (form, period))
    return out


def thread_rows(
    session: Session, roots: list[int], matched: set[tuple[str, int]] | None = None
) -> Iterator[dict[str, Any]]:
    """One row per comment of each thread, threads in the given order, comments in round
    order; list columns hold codes (topics main first)."""
    matched = matched or set()
    for part in _chunks(roots):
        members = _members(session, part)
        ids = [c for r in part for c in members[r]]
        comments = {
            c.id: c
            for c in session.scalars(select(schema.Comment).where(schema.Comment.id.in_(ids)))
        }
        answer_ids = [c.answered_by_id for c in comments.values() if c.answered_by_id is not None]
        answers = {
            r.id: r
            for r in session.scalars(
                select(schema.Response).where(schema.Response.id.in_(answer_ids))
            )
        }
        letter_ids = {c.letter_id for c in comments.values()} | {
            r.letter_id for r in answers.values()
        }
        letters = _letters(session, letter_ids)
        filings = _filings(session, letter_ids)
        asked = comment_labels(session, ids)
        answered = response_labels(session, list(answers))
        for root in part:
            ordered = sorted(
                members[root],
                key=lambda c: (_day(letters[comments[c].letter_id]), comments[c].id),
            )
            for position, comment_id in enumerate(ordered, start=1):
                comment = comments[comment_id]
                answer = answers.get(comment.answered_by_id or 0)
                yield _row(
                    root, position, comment, answer, letters, filings, asked, answered, matched
                )


def _day(letter: schema.Letter) -> dt.date:
    return letter.date or letter.filing_date or dt.date.min


def _row(
    root: int,
    position: int,
    comment: schema.Comment,
    answer: schema.Response | None,
    letters: dict[int, schema.Letter],
    filings: dict[int, tuple[str | None, dt.date | None]],
    asked: dict[int, Any],
    answered: dict[int, Any],
    matched: set[tuple[str, int]],
) -> dict[str, Any]:
    letter = letters[comment.letter_id]
    answering = letters[answer.letter_id] if answer is not None else None
    form, period = filings.get(letter.id, (None, None))
    labels = asked[comment.id]
    answer_labels = answered[answer.id] if answer is not None else None
    return {
        "thread_id": root,
        "round": position,
        "matched": ("comment", comment.id) in matched
        or (answer is not None and ("response", answer.id) in matched),
        "company": letter.company_name,
        "cik": letter.cik,
        "review_id": letter.review_id,
        "filing_form": form,
        "filing_period": period,
        "letter_id": letter.id,
        "letter_accession": letter.accession,
        "letter_date": letter.date or letter.filing_date,
        "office": letter.office,
        "comment_id": comment.id,
        "comment_number": comment.number,
        "heading": comment.heading,
        "comment_text": comment.text,
        "topics": list(labels.topics),
        "asks": list(labels.asks),
        "comment_cites": list(labels.cites),
        "answer_id": answer.id if answer is not None else None,
        "answer_letter_id": answer.letter_id if answer is not None else None,
        "answer_accession": answering.accession if answering is not None else None,
        "answer_date": (answering.date or answering.filing_date) if answering else None,
        "answer_text": answer.response_text if answer is not None else None,
        "answer_classes": list(answer_labels.answer) if answer_labels else [],
        "answer_cites": list(answer_labels.cites) if answer_labels else [],
    }


def _csv_cell(value: Any) -> Any:
    """A CSV cell: lists joined by '; ', dates as ISO, text a spreadsheet will not run as a
    formula (letters are untrusted)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The rows as CSV text with a header, a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(name for name, _ in COLUMNS)
    for count, row in enumerate(rows, start=1):
        writer.writerow(_csv_cell(row[name]) for name, _ in COLUMNS)
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The rows as JSON lines (dates as ISO text)."""
    for row in rows:
        plain = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
        yield json.dumps(plain, ensure_ascii=False) + "\n"


def parquet_bytes(rows: Iterable[dict[str, Any]]) -> bytes:
    """The rows as one Parquet file (typed columns; topics and citations as lists)."""
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, ARROW_SCHEMA) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=ARROW_SCHEMA))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=ARROW_SCHEMA))
    return sink.getvalue()


def export_threads(
    session: Session, query: SearchQuery, format: ThreadFormat, limit: int = EXPORT_CAP
) -> Iterator[bytes]:
    """The threads of a search's matches (up to `limit` matches, best first) in `format`, a
    chunk of bytes at a time."""
    roots, matched = matched_threads(session, query, limit)
    rows = thread_rows(session, roots, matched)
    if format is ThreadFormat.parquet:
        yield parquet_bytes(rows)
    elif format is ThreadFormat.csv:
        yield from (chunk.encode("utf-8") for chunk in csv_chunks(rows))
    else:
        yield from (chunk.encode("utf-8") for chunk in jsonl_chunks(rows))

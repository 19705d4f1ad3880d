"""Export the record as files for analysis: letters, comments with the responses that answer
them, responses, companies (with EDGAR's industry and filer context), filings, and reviews with their rounds once the reviews layer has made them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, Date, DateTime, Integer, Select, String, func, literal, select
from sqlalchemy.orm import Session, aliased

from reviewdesk.record import schema
from reviewdesk.record.labels import ItemLabels, comment_labels, response_labels
from reviewdesk.record.store import Store

BATCH = 2000


class ExportFormat(StrEnum):
    """File formats the record exports to."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


COMMENT_LABELS = ("topics", "asks", "cites")
RESPONSE_LABELS = ("answer", "topics", "cites")
"""The effective labels each exported comment and response carries, codes joined by '; '
(topics main first); filled per batch from record.labels."""


def _label_columns(names: tuple[str, ...]) -> list[Any]:
    return [literal(None, String).label(name) for name in names]


def _with_labels(
    session: Session, table: str, rows: Iterator[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """The rows of comments or responses with their label columns filled, a batch at a time."""
    if table not in ("comments", "responses"):
        yield from rows
        return
    read = comment_labels if table == "comments" else response_labels
    names = COMMENT_LABELS if table == "comments" else RESPONSE_LABELS
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield from _filled(read(session, [r["id"] for r in batch]), names, batch)
            batch = []
    yield from _filled(read(session, [r["id"] for r in batch]), names, batch)


def _filled(
    labels: dict[int, ItemLabels], names: tuple[str, ...], batch: list[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    for row in batch:
        found = labels[row["id"]]
        for name in names:
            row[name] = "; ".join(getattr(found, name))
        yield row


def _letters() -> Select[Any]:
    columns = [c for c in schema.Letter.__table__.columns if c.key != "raw_document_sha256"]
    return (
        select(
            *columns,
            schema.Letter.raw_document_sha256.label("sha256"),
            schema.RawDocument.media_type,
            schema.RawDocument.size,
        )
        .join(schema.RawDocument)
        .order_by(schema.Letter.id)
    )


def _comments() -> Select[Any]:
    answer = aliased(schema.Response)
    answering = aliased(schema.Letter)
    return (
        select(
            *schema.Comment.__table__.columns,
            schema.Letter.accession.label("letter_accession"),
            schema.Letter.date.label("letter_date"),
            schema.Letter.company_name,
            schema.Letter.review_id,
            answer.letter_id.label("response_letter_id"),
            answering.accession.label("response_letter_accession"),
            answer.number.label("response_number"),
            answer.response_text,
            *_label_columns(COMMENT_LABELS),
        )
        .join(schema.Letter, schema.Comment.letter_id == schema.Letter.id)
        .outerjoin(answer, answer.id == schema.Comment.answered_by_id)
        .outerjoin(answering, answering.id == answer.letter_id)
        .order_by(schema.Comment.letter_id, schema.Comment.position)
    )


def _responses() -> Select[Any]:
    return (
        select(
            *schema.Response.__table__.columns,
            schema.Letter.accession.label("letter_accession"),
            schema.Letter.date.label("letter_date"),
            *_label_columns(RESPONSE_LABELS),
        )
        .join(schema.Letter)
        .order_by(schema.Response.letter_id, schema.Response.position)
    )


def _filings() -> Select[Any]:
    return (
        select(*schema.Filing.__table__.columns, schema.Company.cik.label("company_cik"))
        .outerjoin(schema.Company, schema.Company.id == schema.Filing.company_id)
        .order_by(schema.Filing.id)
    )


def _table(model: type[schema.Base]) -> Select[Any]:
    table = schema.Base.metadata.tables[str(model.__tablename__)]
    return select(*table.columns).order_by(*table.primary_key.columns)


TABLES: dict[str, Any] = {
    "letters": _letters,
    "comments": _comments,
    "responses": _responses,
    "companies": lambda: _table(schema.Company),
    "filings": _filings,
    "reviews": lambda: _table(schema.Review),
    "rounds": lambda: _table(schema.Round),
}
ALWAYS = ("letters", "comments", "responses", "companies", "filings")
"""Tables written even when empty; reviews and rounds are written once the reviews layer has
filled them."""


def export(store: Store, format: ExportFormat, out: Path) -> dict[Path, int]:
    """Write one file per table into the folder `out`; returns each file with its row count."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[Path, int] = {}
    with store.session() as session:
        for name, build in TABLES.items():
            query: Select[Any] = build()
            if name not in ALWAYS:
                count = session.scalar(select(func.count()).select_from(query.subquery()))
                if not count:
                    continue
            path = out / f"{name}.{format.value}"
            rows = _with_labels(
                session,
                name,
                (dict(row._mapping) for row in session.execute(query).yield_per(BATCH)),
            )
            written[path] = _WRITERS[format](path, query, rows)
    return written


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _write_csv(path: Path, query: Select[Any], rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=_names(query))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else _plain(v) for k, v in row.items()})
            count += 1
    return count


def _write_jsonl(path: Path, query: Select[Any], rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            plain = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            handle.write(json.dumps(plain, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_parquet(path: Path, query: Select[Any], rows: Iterator[dict[str, Any]]) -> int:
    schema_ = pa.schema([(c.name, _arrow_type(c.type)) for c in query.selected_columns])
    count = 0
    with pq.ParquetWriter(path, schema_) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
            )
            if len(batch) == BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema_))
                count += len(batch)
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema_))
        count += len(batch)
    return count


def _arrow_type(column_type: Any) -> Any:
    if isinstance(column_type, Boolean):
        return pa.bool_()
    if isinstance(column_type, Integer):
        return pa.int64()
    if isinstance(column_type, DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(column_type, Date):
        return pa.date32()
    return pa.string()


def _names(query: Select[Any]) -> list[str]:
    return [c.name for c in query.selected_columns]


_WRITERS = {
    ExportFormat.csv: _write_csv,
    ExportFormat.jsonl: _write_jsonl,
    ExportFormat.parquet: _write_parquet,
}

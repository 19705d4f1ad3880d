"""New letters written a group at a time: the rows `entry.fill_letter` gives one letter (its
company and the company's names, its filings, contacts, comments, responses and machine
labels), for a whole group of readings at one statement per table, with the companies and
filings the group names looked up together. Ids grow in the group's order, as when the
letters are written one by one; only the number of round trips differs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    TextClause,
    Update,
    and_,
    bindparam,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters.identifiers import as_cik, iso_date
from reviewdesk.record import schema, search_keys_pg
from reviewdesk.record.dialects import among
from reviewdesk.record.labels import new_machine_label_rows

FilingKey = tuple[int | None, str | None, int | None, dt.date | None, dt.date | None, str | None]
"""What identifies a filing named by a letter: company id, form, amendment, period, filed,
file number."""


@dataclass(frozen=True, slots=True)
class NewLetter:
    """One reading to store as a new letter: its raw document's sha256, its source, the
    reading, what is known of it besides (`described`: given, else what the bytes say) and
    when it was received."""

    sha256: str
    source: str
    reading: letters.Letter
    described: SubmissionHeader
    now: dt.datetime


def insert_letters(
    session: Session, group: Sequence[NewLetter], version: str, classifier: str | None
) -> list[int]:
    """Write the letters of `group` (their raw documents already written) with every row
    that belongs to them; their ids, in the group's order."""
    rows = [_letter_row(new, version) for new in group]
    companies = _companies(session, group, rows)
    for row in rows:
        row["company_id"] = companies.get(row["cik"]) if row["cik"] else None
    filings = _filings(session, group, rows)
    letter_ids = _returning_ids(session, schema.Letter, rows)
    _insert(
        session,
        schema.LetterFiling,
        [
            {"letter_id": letter_id, "position": position, **fields}
            for letter_id, refs in zip(letter_ids, filings, strict=True)
            for position, fields in enumerate(refs)
        ],
    )
    _insert(
        session,
        schema.LetterContact,
        [
            {"letter_id": letter_id, "position": position, "name": c.name, "phone": c.phone}
            for letter_id, new in zip(letter_ids, group, strict=True)
            for position, c in enumerate(new.reading.contacts)
        ],
    )
    comments = [
        {
            "letter_id": letter_id,
            "position": position,
            "number": c.number,
            "heading": c.heading,
            "page": c.page,
            "text": c.text,
        }
        for letter_id, new in zip(letter_ids, group, strict=True)
        for position, c in enumerate(new.reading.comments)
    ]
    responses = [
        {
            "letter_id": letter_id,
            "position": position,
            "number": r.number,
            "heading": r.heading,
            "comment_text": r.comment_text,
            "response_text": r.response_text,
        }
        for letter_id, new in zip(letter_ids, group, strict=True)
        for position, r in enumerate(new.reading.responses)
    ]
    if _postgres(session):
        # The items' search keys are set as each item is stored, from the labels then
        # stored: labels first, so that no item is written a second time for its labels.
        comment_ids, response_ids = search_keys_pg.draw_item_ids(
            session, len(comments), len(responses)
        )
        _insert(session, schema.Label, _labels(group, comment_ids, response_ids, classifier))
        _insert(session, schema.Comment, _with_ids(comments, comment_ids))
        _insert(session, schema.Response, _with_ids(responses, response_ids))
    else:
        comment_ids = _returning_ids(session, schema.Comment, comments)
        response_ids = _returning_ids(session, schema.Response, responses)
        _insert(session, schema.Label, _labels(group, comment_ids, response_ids, classifier))
    return letter_ids


def _letter_row(new: NewLetter, version: str) -> dict[str, Any]:
    reading, given = new.reading, new.described
    return {
        "raw_document_sha256": new.sha256,
        "source": new.source,
        "accession": reading.accession or given.accession,
        "edgar_form": given.form,
        "filing_date": iso_date(given.filed),
        "cik": as_cik(given.cik),
        "company_id": None,
        "company_name": reading.company or given.company,
        "role": reading.role,
        "kind": reading.kind,
        "date": iso_date(reading.date),
        "refers_to_prior": reading.refers_to_prior,
        "prior_letter_date": iso_date(reading.prior_letter_date),
        "in_reply_to": reading.in_reply_to,
        "signatory": reading.signatory,
        "office": reading.office,
        "parser_version": version,
        "parse_error": reading.error,
        "parsed_at": new.now,
    }


def _companies(
    session: Session, group: Sequence[NewLetter], rows: list[dict[str, Any]]
) -> dict[str, int]:
    """The company id of each CIK the group names, companies created on first sight and
    renamed to EDGAR's latest name, their names recorded with the dates seen."""
    ciks = list(dict.fromkeys(row["cik"] for row in rows if row["cik"]))
    if not ciks:
        return {}
    Company = schema.Company
    stored = {
        cik: (company_id, name)
        for company_id, cik, name in session.execute(
            select(Company.id, Company.cik, Company.name).where(
                among(Company.cik, ciks, _postgres(session))
            )
        )
    }
    names: dict[str, str | None] = {cik: name for cik, (_, name) in stored.items()}
    created: list[str] = []
    for new, row in zip(group, rows, strict=True):
        cik, edgar_name = row["cik"], new.described.company
        if cik is None:
            continue
        if cik not in names:
            names[cik] = edgar_name or row["company_name"]
            created.append(cik)
        elif edgar_name and names[cik] != edgar_name:
            names[cik] = edgar_name
    ids = {cik: company_id for cik, (company_id, _) in stored.items()}
    new_ids = _returning_ids(
        session, Company, [{"cik": cik, "name": names[cik]} for cik in created]
    )
    ids.update(zip(created, new_ids, strict=True))
    renamed = [
        {"id": company_id, "name": names[cik]}
        for cik, (company_id, name) in stored.items()
        if names[cik] != name
    ]
    _update_by_id(session, Company, renamed)
    _company_names(session, group, rows, ids)
    return ids


def _company_names(
    session: Session,
    group: Sequence[NewLetter],
    rows: list[dict[str, Any]],
    ids: dict[str, int],
) -> None:
    """Each name a letter gives its company (EDGAR's and the written one), with the first and
    last dates it was seen under it."""
    CompanyName = schema.CompanyName
    seen: dict[tuple[int, str], dict[str, Any]] = {
        (row.company_id, row.name): {
            "id": row.id,
            "first_seen": row.first_seen,
            "last_seen": row.last_seen,
        }
        for row in session.execute(
            select(
                CompanyName.id,
                CompanyName.company_id,
                CompanyName.name,
                CompanyName.first_seen,
                CompanyName.last_seen,
            ).where(among(CompanyName.company_id, set(ids.values()), _postgres(session)))
        )
    }
    stored = {key: dict(dates) for key, dates in seen.items()}
    for new, row in zip(group, rows, strict=True):
        if row["cik"] is None:
            continue
        company_id, day = ids[row["cik"]], row["date"]
        written = (new.described.company, row["company_name"])
        for name in dict.fromkeys(n.strip() for n in written if n and n.strip()):
            dates = seen.get((company_id, name))
            if dates is None:
                seen[(company_id, name)] = {"id": None, "first_seen": day, "last_seen": day}
                continue
            if day is not None:
                if dates["first_seen"] is None or day < dates["first_seen"]:
                    dates["first_seen"] = day
                if dates["last_seen"] is None or day > dates["last_seen"]:
                    dates["last_seen"] = day
    _insert(
        session,
        CompanyName,
        [
            {"company_id": key[0], "name": key[1], **{k: v for k, v in d.items() if k != "id"}}
            for key, d in seen.items()
            if d["id"] is None
        ],
    )
    changed = [d for key, d in seen.items() if d["id"] is not None and d != stored[key]]
    _update_by_id(session, CompanyName, changed)


def _filings(
    session: Session, group: Sequence[NewLetter], rows: list[dict[str, Any]]
) -> list[list[dict[str, Any]]]:
    """Each letter's Re: references as letter_filings columns, linked to the filings row of
    the same company, form, amendment, period, filed date and file number (the oldest such,
    or one created on first sight); a reference naming neither form nor file number is not
    linked."""
    refs = [
        [
            {
                "form": ref.form,
                "amendment": ref.amendment,
                "period": iso_date(ref.period),
                "filed": iso_date(ref.filed),
                "file_number": ref.file_number,
            }
            for ref in new.reading.filings
        ]
        for new in group
    ]
    keys = [
        (row["company_id"], *fields.values())
        for row, letter_refs in zip(rows, refs, strict=True)
        for fields in letter_refs
        if fields["form"] is not None or fields["file_number"] is not None
    ]
    found = _stored_filings(session, keys)
    created: list[FilingKey] = []
    for key in keys:
        if key not in found and key not in created:
            created.append(key)
    columns = ("company_id", "form", "amendment", "period", "filed", "file_number")
    new_ids = _returning_ids(
        session,
        schema.Filing,
        [dict(zip(columns, key, strict=True)) for key in created],
    )
    found.update(zip(created, new_ids, strict=True))
    for row, letter_refs in zip(rows, refs, strict=True):
        for fields in letter_refs:
            key = (row["company_id"], *fields.values())
            fields["filing_id"] = found.get(key)
    return refs


def _stored_filings(session: Session, keys: list[FilingKey]) -> dict[FilingKey, int]:
    """The oldest stored filing of each key, matched on all six columns in SQL (one query for
    them all), so the rows read stay those the group names, however many filings of the same
    form the record holds. On PostgreSQL the keys go as one array per column to a statement
    of the same text for every group (`_FILINGS_BY_KEY`: compiled once and prepared by the
    server); SQLite takes one condition per key."""
    if not keys:
        return {}
    distinct = list(dict.fromkeys(keys))
    if _postgres(session):
        names = ("company_ids", "forms", "amendments", "periods", "fileds", "file_numbers")
        rows = session.execute(
            _FILINGS_BY_KEY,
            {
                name: list(values)
                for name, values in zip(names, zip(*distinct, strict=True), strict=True)
            },
        )
    else:
        rows = session.execute(
            select(schema.Filing.id, *_FILING_KEY)
            .where(or_(*map(_filing_match, distinct)))
            .order_by(schema.Filing.id)
        )
    found: dict[FilingKey, int] = {}
    wanted = set(keys)
    for row in rows:
        key: FilingKey = tuple(row)[1:]
        if key in wanted:
            found.setdefault(key, row[0])
    return found


_FILING_KEY = (
    schema.Filing.company_id,
    schema.Filing.form,
    schema.Filing.amendment,
    schema.Filing.period,
    schema.Filing.filed,
    schema.Filing.file_number,
)


def _filing_match(key: FilingKey) -> ColumnElement[bool]:
    """The filings of exactly that key (SQLite)."""
    return and_(
        *(
            column.is_(None) if value is None else column == value
            for column, value in zip(_FILING_KEY, key, strict=True)
        )
    )


_SAME_FILING = " AND ".join(
    f"f.{c} IS NOT DISTINCT FROM k.{c}"
    for c in ("form", "amendment", "period", "filed", "file_number")
)
_KEYS = (
    "unnest(CAST(:company_ids AS INTEGER[]), CAST(:forms AS VARCHAR[]), "
    "CAST(:amendments AS INTEGER[]), CAST(:periods AS DATE[]), CAST(:fileds AS DATE[]), "
    "CAST(:file_numbers AS VARCHAR[])) AS k(company_id, form, amendment, period, filed, "
    "file_number)"
)
_FILINGS_BY_KEY = text(
    "SELECT f.id, f.company_id, f.form, f.amendment, f.period, f.filed, f.file_number "
    f"FROM filings f JOIN {_KEYS} ON f.company_id = k.company_id AND {_SAME_FILING} "
    "UNION ALL "
    "SELECT f.id, f.company_id, f.form, f.amendment, f.period, f.filed, f.file_number "
    f"FROM filings f JOIN {_KEYS} ON f.company_id IS NULL AND k.company_id IS NULL "
    f"AND {_SAME_FILING} ORDER BY 1"
)
"""The filings of any of the keys given as one array per column (PostgreSQL), found by the
company's index (a key of no company: by the filings of none), oldest first."""


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _labels(
    group: Sequence[NewLetter],
    comment_ids: list[int],
    response_ids: list[int],
    classifier: str | None,
) -> list[dict[str, Any]]:
    """The machine's labels of every new comment and response, a letter at a time (its
    comments, then its responses), as written for one letter."""
    comments, responses = iter(comment_ids), iter(response_ids)
    out: list[dict[str, Any]] = []
    for new in group:
        items: list[tuple[int, letters.Comment | letters.Response]] = [
            (next(comments), c) for c in new.reading.comments
        ]
        items += [(next(responses), r) for r in new.reading.responses]
        out += new_machine_label_rows(items, classifier, new.now)
    return out


def _returning_ids(
    session: Session, model: type[schema.Base], rows: list[dict[str, Any]]
) -> list[int]:
    """Insert `rows` in one statement; their new ids, in the order of `rows`."""
    if not rows:
        return []
    table = cast(Table, model.__table__)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _update_by_id(session: Session, model: type[schema.Base], rows: list[dict[str, Any]]) -> None:
    """Set the columns each row names (besides its "id") on the row of that id, as one Core
    executemany (an ORM bulk update builds its statement and state for every call)."""
    if rows:
        bound = [
            {"row_id": row["id"]} | {k: v for k, v in row.items() if k != "id"} for row in rows
        ]
        session.execute(_by_id(cast(Table, model.__table__), tuple(rows[0])), bound)


@cache
def _by_id(table: Table, names: tuple[str, ...]) -> Update:
    """UPDATE of the columns `names` (less "id") of the row whose id is bound as "row_id"."""
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in names if name != "id"})
    )


def _with_ids(rows: list[dict[str, Any]], ids: list[int]) -> list[dict[str, Any]]:
    return [{"id": row_id, **row} for row_id, row in zip(ids, rows, strict=True)]


def _insert(session: Session, model: type[schema.Base], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` in one statement. On PostgreSQL each column's values go as one array
    (`_columns_insert`): psycopg would send an executemany as a statement per row, running
    the statement triggers of the search keys (labels', filings') once per row, and a
    multi-row VALUES is text of a new length every group, which SQLAlchemy compiles or
    renders and psycopg parses again each time; the arrays' statement is the same text
    for every group. SQLite takes the rows as an executemany."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    names = tuple(rows[0])
    session.execute(
        _columns_insert(dialect, table.name, names),
        {name: [row[name] for row in rows] for name in names},
    )


@cache
def _columns_insert(dialect: Dialect, table: str, names: tuple[str, ...]) -> TextClause:
    """INSERT of the columns `names` of `table` from one array per column (PostgreSQL)."""
    columns = schema.Base.metadata.tables[table].c
    arrays = ", ".join(
        f"CAST(:{name} AS {columns[name].type.compile(dialect=dialect)}[])" for name in names
    )
    return text(f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM unnest({arrays})")

"""What differs between the store's dialects in the statements it writes: the INSERT
construct for ON CONFLICT (both SQLite and PostgreSQL have it; SQLAlchemy's generic insert
does not), and a column matched against a list bound as one value."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, any_, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute, Session


def insert_for(session: Session, table: Any) -> Any:
    """`INSERT INTO table` with on_conflict_do_nothing/do_update for the session's database."""
    postgres = session.get_bind().dialect.name == "postgresql"
    return pg_insert(table) if postgres else sqlite_insert(table)


def among(
    column: InstrumentedAttribute[Any], values: Collection[Any], postgres: bool
) -> ColumnElement[bool]:
    """`column` is one of `values`, bound as one value (a PostgreSQL array, a JSON array on
    SQLite): the statement's text is the same however many values there are, so it is
    compiled once (and prepared by PostgreSQL), where an IN list is rendered anew for each
    count and a thousand bound values cost more to render than the query takes to answer."""
    if postgres:
        return column == any_(literal(list(values), ARRAY(column.type)))
    found = func.json_each(json.dumps(list(values))).table_valued("value")
    return column.in_(select(found.c.value))

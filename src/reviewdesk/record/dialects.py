"""What differs between the store's dialects in the statements it writes: the INSERT
construct for ON CONFLICT (both SQLite and PostgreSQL have it; SQLAlchemy's generic insert
does not), a column matched against a list bound as one value, and the PostgreSQL
extensions some indexes need."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Connection, any_, func, literal, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
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


def extension_schema(connection: Connection, name: str) -> str | None:
    """The schema the PostgreSQL extension `name` put its objects in, None when the database
    does not have it (a store in another schema names them by this one)."""
    found = connection.execute(
        text(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = :name"
        ),
        {"name": name},
    )
    return found.scalar()


def extension_installed(connection: Connection, name: str) -> bool:
    """Whether the PostgreSQL database has the extension `name`."""
    return extension_schema(connection, name) is not None


def install_extension(connection: Connection, name: str) -> bool:
    """Install the PostgreSQL extension `name` if the server ships it and the role may (a
    trusted extension needs only CREATE on the database); False, leaving the transaction
    usable, otherwise."""
    if extension_installed(connection, name):
        return True
    shipped = connection.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = :name"), {"name": name}
    ).first()
    if shipped is None:
        return False
    try:
        with connection.begin_nested():
            connection.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{name}"'))
    except DBAPIError:
        return False
    return True

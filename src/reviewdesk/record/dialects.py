"""The INSERT construct of the store's dialect, for statements that need ON CONFLICT (both
SQLite and PostgreSQL have it; SQLAlchemy's generic insert does not)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert_for(session: Session, table: Any) -> Any:
    """`INSERT INTO table` with on_conflict_do_nothing/do_update for the session's database."""
    postgres = session.get_bind().dialect.name == "postgresql"
    return pg_insert(table) if postgres else sqlite_insert(table)

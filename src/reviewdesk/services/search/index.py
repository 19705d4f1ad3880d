"""The search index's upkeep: it is kept current at ingest by the database itself (SQLite
triggers, PostgreSQL generated columns); these rebuild it in full and repair it if lost."""

from __future__ import annotations

from sqlalchemy import text

from reviewdesk.record.store import Store

FTS_TABLES = ("comments_fts", "responses_fts")


def _sqlite_statements() -> list[str]:
    from reviewdesk.record.migrations.versions.r0002_search_index import sqlite_statements

    return sqlite_statements()


def index_ready(store: Store) -> bool:
    """Whether the full-text index (tables, triggers or columns) is in place."""
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":
            names = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
                ).scalars()
            )
            wanted = {*FTS_TABLES} | {f"{t}_{s}" for t in FTS_TABLES for s in ("ai", "ad", "au")}
            return wanted <= names
        columns = connection.execute(
            text(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = "
                "'search_vector' AND table_name IN ('comments', 'responses') "
                "AND table_schema = current_schema()"
            )
        ).scalar()
        return columns == 2


def rebuild_index(store: Store) -> None:
    """Re-create any missing part of the index and rebuild it from the stored comments and
    responses (after bulk loads that bypassed it, or a schema change that dropped it)."""
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            for statement in _sqlite_statements():
                connection.exec_driver_sql(statement)
            for fts in FTS_TABLES:
                connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            return
        connection.exec_driver_sql("REINDEX INDEX ix_comments_search_vector")
        connection.exec_driver_sql("REINDEX INDEX ix_responses_search_vector")


def drop_sqlite_triggers(store: Store) -> None:
    """Stop SQLite keeping the index current (for a bulk load followed by `rebuild_index`)."""
    with store.engine.begin() as connection:
        for fts in FTS_TABLES:
            for suffix in ("ai", "ad", "au"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")

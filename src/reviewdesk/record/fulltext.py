"""The record's full-text index over comments and responses, its one definition: SQLite FTS5
tables over the comments and responses themselves (external content) kept current by
triggers, PostgreSQL stored tsvector columns with GIN indexes; so every ingest, reparse or
delete updates the index in its own transaction. Migration 0002 creates it from here; these
functions check it, repair it and rebuild it."""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from reviewdesk.record.store import Store

TOKENIZE = "porter unicode61 remove_diacritics 2"

SQLITE_TABLES = {
    "comments_fts": ("comments", ("heading", "text")),
    "responses_fts": ("responses", ("response_text",)),
}
"""FTS5 table -> (content table, indexed columns)."""

PG_VECTORS = {
    "comments": "coalesce(heading, '') || ' ' || coalesce(text, '')",
    "responses": "coalesce(response_text, '')",
}
"""Table -> the text its search_vector is made of."""

TRIGGER_SUFFIXES = ("ai", "ad", "au")


def sqlite_statements() -> list[str]:
    """The FTS5 tables and their triggers, in creation order; also used to repair them."""
    out: list[str] = []
    for fts, (table, columns) in SQLITE_TABLES.items():
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        out.append(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', "
            f"content_rowid='id', tokenize='{TOKENIZE}')"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
        )
    return out


RECENCY_KEY = "(- id)"
"""The second key of the GIN index where btree_gin is installed: the negated id, so that
`-id <= -N` (the items from id N on) is a condition only this index can serve. Search probes
the newest ids first (services/search/backends.newest_window); with both keys in one GIN
index a probe reads the word's postings only within the range (GIN skips through posting
trees to the ids the range holds) and visits only the range's matches. A condition on the
plain id would let the planner walk the primary key instead, decompressing every row's
vector in the range to test it."""


def postgresql_statements() -> list[str]:
    """The generated tsvector columns and their GIN indexes (migration 0013 adds the recency
    key where btree_gin can be installed)."""
    out: list[str] = []
    for table, source in PG_VECTORS.items():
        out.append(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english', {source})) STORED"
        )
        out.append(search_index_statement(table, recency=False))
    return out


def search_index_statement(table: str, recency: bool) -> str:
    """The GIN index over a table's search_vector, with the recency key or without it."""
    keys = f"search_vector, {RECENCY_KEY}" if recency else "search_vector"
    return f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin ({keys})"


def btree_gin_installed(connection: Connection) -> bool:
    """Whether the database has btree_gin (so the search index can carry the recency key)."""
    found = connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'"))
    return found.first() is not None


def install_btree_gin(connection: Connection) -> bool:
    """Install btree_gin if the server ships it and the role may (it is a trusted extension:
    CREATE on the database suffices); False, leaving the transaction usable, otherwise."""
    if btree_gin_installed(connection):
        return True
    shipped = connection.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")
    ).first()
    if shipped is None:
        return False
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gin"))
    except DBAPIError:
        return False
    return True


def recency_indexed(connection: Connection, table: str) -> bool:
    """Whether the search index of `table` carries the recency key."""
    definition = connection.execute(
        text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = :name "
            "AND schemaname = current_schema()"
        ),
        {"name": f"ix_{table}_search_vector"},
    ).scalar()
    return definition is not None and "(- id)" in definition


def index_ready(store: Store) -> bool:
    """Whether the full-text index (tables, triggers or columns) is in place."""
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":
            names = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
                ).scalars()
            )
            wanted = {*SQLITE_TABLES} | {
                f"{t}_{s}" for t in SQLITE_TABLES for s in TRIGGER_SUFFIXES
            }
            return wanted <= names
        columns = connection.execute(
            text(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = "
                "'search_vector' AND table_name IN ('comments', 'responses') "
                "AND table_schema = current_schema()"
            )
        ).scalar()
        return columns == len(PG_VECTORS)


def rebuild_index(store: Store) -> None:
    """Re-create any missing part of the index and rebuild it from the stored comments and
    responses (after bulk loads that bypassed it, or a schema change that dropped it)."""
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            for statement in sqlite_statements():
                connection.exec_driver_sql(statement)
            for fts in SQLITE_TABLES:
                connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            return
        for table in PG_VECTORS:
            connection.exec_driver_sql(f"REINDEX INDEX ix_{table}_search_vector")


def drop_sqlite_triggers(store: Store) -> None:
    """Stop SQLite keeping the index current (for a bulk load followed by `rebuild_index`)."""
    with store.engine.begin() as connection:
        for fts in SQLITE_TABLES:
            for suffix in TRIGGER_SUFFIXES:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")

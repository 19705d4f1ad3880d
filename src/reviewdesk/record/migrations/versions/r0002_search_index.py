"""Full-text search over comments and responses (defined in record/fulltext.py).

SQLite: two FTS5 tables whose content is the comments and responses tables themselves
(external content, no copy of the text), kept current by triggers, so every ingest,
reparse or delete updates the index in the same transaction. PostgreSQL: a stored generated
tsvector column on each table with a GIN index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import PG_VECTORS, TOKENIZE, postgresql_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_TABLES = {
    "comments_fts": ("comments", ("heading", "text")),
    "responses_fts": ("responses", ("response_text",)),
}
"""FTS5 table -> (content table, indexed columns), as this revision made them (0014 adds the
filter keys)."""


def sqlite_statements() -> list[str]:
    """The FTS5 tables over the tables themselves and their triggers, as this revision made
    them (also what 0014's downgrade restores)."""
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


def upgrade() -> None:
    """Create the index and fill it from what is already stored."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_statements():
            op.execute(statement)
        for fts in SQLITE_TABLES:
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    for statement in postgresql_statements():
        op.execute(statement)


def downgrade() -> None:
    """Drop the index."""
    if op.get_bind().dialect.name == "sqlite":
        for fts in SQLITE_TABLES:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        return
    for table in PG_VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")

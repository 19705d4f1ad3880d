"""SQLite: the filter keys in the full-text index (record/search_keys.py). Each FTS5 table
gains a `keys` column (its content read through a view joining each item to its stored keys
in `{table}_search_keys`), triggers keep the keys current on every write that changes one
(items, letters, filings, labels), and `search_offices` lists the offices letters name. FTS5
cannot add a column, so the index is dropped and rebuilt from the stored text with every
item's keys. PostgreSQL is unchanged here.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import (
    KEY_TRIGGERS,
    OFFICES,
    SQLITE_TABLES,
    TRIGGER_SUFFIXES,
    fill_sqlite_keys,
    sqlite_statements,
)

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _drop_sqlite_index() -> None:
    for fts, (table, _columns) in SQLITE_TABLES.items():
        for suffix in TRIGGER_SUFFIXES:
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
        op.execute(f"DROP VIEW IF EXISTS {table}_search")
    for trigger in KEY_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def upgrade() -> None:
    """Rebuild the SQLite index with the keys column, the keys filled from the record."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _drop_sqlite_index()
    for statement in sqlite_statements(tiers=()):
        op.execute(statement)
    fill_sqlite_keys(bind)
    for fts in SQLITE_TABLES:
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    """Back to the index of words only (revision 0002's)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from reviewdesk.record.migrations.versions.r0002_search_index import (
        sqlite_statements as words_only,
    )

    _drop_sqlite_index()
    for table, _columns in SQLITE_TABLES.values():
        op.execute(f"DROP TABLE IF EXISTS {table}_search_keys")
    op.execute(f"DROP TABLE IF EXISTS {OFFICES}")
    for statement in words_only():
        op.execute(statement)
    for fts in SQLITE_TABLES:
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")

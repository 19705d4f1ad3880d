"""SQLite: a second FTS5 index per table of only its newest items (the recent index,
record/fulltext.RECENT_SPAN), searched first: bm25 reads the whole doclist of each phrase of
a query before its first row, which at 5 million items costs 21 to 324 ms, while the newest
window of a common word's matches is all in the newest few hundred thousand items. Creates
`search_recent` (each table's boundary), the views and FTS5 tables, recreates the triggers
so they keep both indexes current, and indexes the newest RECENT_SPAN / 2 ids of each table
(logged: `reviewdesk db upgrade` prints it).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import (
    KEY_TRIGGERS,
    RECENT,
    RECENT_INDEXES,
    RECENT_TIER,
    SQLITE_TABLES,
    TRIGGER_SUFFIXES,
    advance_recent,
    sqlite_statements,
)

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _drop_triggers() -> None:
    for fts in SQLITE_TABLES:
        for suffix in TRIGGER_SUFFIXES:
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    for trigger in KEY_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def upgrade() -> None:
    """Create the recent indexes, keep them by trigger and fill them from the record."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _drop_triggers()
    for statement in sqlite_statements(tiers=(RECENT_TIER,)):
        op.execute(statement)
    advance_recent(bind, rebuild=True)


def downgrade() -> None:
    """Back to the one index per table (triggers as revision 0014 made them)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    for fts, index in RECENT_INDEXES.items():
        op.execute(f"DROP TABLE IF EXISTS {index}")
        op.execute(f"DROP VIEW IF EXISTS {SQLITE_TABLES[fts][0]}_recent_search")
    op.execute(f"DROP TABLE IF EXISTS {RECENT}")
    for statement in sqlite_statements(tiers=()):
        op.execute(statement)

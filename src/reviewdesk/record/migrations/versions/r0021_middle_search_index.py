"""SQLite: a third FTS5 index per table, the middle index (record/fulltext.MIDDLE_SPAN), of
the newest 750,000 to 1.5 million items once a table's ids outgrow 1.5 million (dormant,
holding nothing, before that): a window of matches the recent index leaves short is sought
there before the whole index, whose bm25 pass reads each phrase's doclist over the whole
record.
Creates `search_middle` (each table's boundary, NULL while dormant), the views and FTS5
tables, recreates the triggers so they keep all three indexes current, and indexes the
newest MIDDLE_SPAN / 2 ids of each table that outgrew the span (logged).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import (
    KEY_TRIGGERS,
    MIDDLE,
    MIDDLE_INDEXES,
    MIDDLE_TIER,
    RECENT_TIER,
    SQLITE_TABLES,
    TRIGGER_SUFFIXES,
    advance_tier,
    sqlite_statements,
)

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def _drop_triggers() -> None:
    for fts in SQLITE_TABLES:
        for suffix in TRIGGER_SUFFIXES:
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    for trigger in KEY_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def upgrade() -> None:
    """Create the middle indexes, keep them by trigger and fill those of large tables."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _drop_triggers()
    for statement in sqlite_statements(tiers=(RECENT_TIER, MIDDLE_TIER)):
        op.execute(statement)
    advance_tier(bind, MIDDLE_TIER)


def downgrade() -> None:
    """Back to the recent and whole indexes (triggers as revision 0018 made them)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    for fts, index in MIDDLE_INDEXES.items():
        op.execute(f"DROP TABLE IF EXISTS {index}")
        op.execute(f"DROP VIEW IF EXISTS {SQLITE_TABLES[fts][0]}_middle_search")
    op.execute(f"DROP TABLE IF EXISTS {MIDDLE}")
    for statement in sqlite_statements(tiers=(RECENT_TIER,)):
        op.execute(statement)

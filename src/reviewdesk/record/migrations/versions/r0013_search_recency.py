"""The PostgreSQL search index keyed also by recency (record/fulltext.py RECENCY_KEY): each
table's GIN index over search_vector becomes a GIN index over (search_vector, -id) with the
btree_gin extension, so search finds the newest matches of a common word from the newest
id range instead of visiting every match. Where btree_gin cannot be installed (not shipped,
or the role may not create it) the plain GIN index stays and search works as before, only
slower on common words. SQLite is unchanged.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import (
    PG_VECTORS,
    btree_gin_installed,
    install_btree_gin,
    search_index_statement,
)

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Rebuild each search index with the recency key, if btree_gin can be had."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not install_btree_gin(bind):
        return
    for table in PG_VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(search_index_statement(table, recency=True))


def downgrade() -> None:
    """Back to the plain GIN indexes (btree_gin stays installed)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not btree_gin_installed(bind):
        return
    for table in PG_VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(search_index_statement(table, recency=False))

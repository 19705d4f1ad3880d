"""PostgreSQL: each item's search_vector is kept in its row (storage MAIN) instead of in the
table's TOAST relation. Vectors hardly compress (lz4 saves 2 %, pglz gives up), so a third of
the answers' vectors, those over 2 kB, were stored out of line, and ranking a window of 5,000
answers read them back one TOAST index probe and chunk at a time: 34 ms of a 45 ms rank at a
million items. In line, the toaster moves the long texts out of the row first, and a vector
leaves it only when the row cannot fit a page (about 8 kB).

The answers are rewritten (CLUSTER on their primary key, which keeps them in id order) so
the vectors stored so far come back in line; the comments' vectors are nearly all short
enough to be in line already (23 of the newest 20,000 over 2 kB), so they only get the
storage for new rows. SQLite is unchanged.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record.fulltext import PG_VECTORS

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

REWRITTEN = "responses"
"""The table whose stored rows are rewritten."""

BUILD_MEMORY = "256MB"
"""Memory the rewrite's sort and index builds may use (as migration 0015's GIN build)."""


def upgrade() -> None:
    """Keep vectors in line from now on, and move the answers' stored ones back in line."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in PG_VECTORS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
    op.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    op.execute(f"CLUSTER {REWRITTEN} USING pk_{REWRITTEN}")


def downgrade() -> None:
    """Back to the default storage (rows already stored stay as they are)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in PG_VECTORS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED")

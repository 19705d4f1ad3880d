"""SQLite: an index on letters.office (PostgreSQL has had it since 0015), so the staff offices
a record names, which the search and watchlist pages list, are read by a skip scan of the
index (one probe per office) instead of every letter: SELECT DISTINCT over 2.65 million
letters took 1 to 3 s.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

OFFICE_INDEX = "ix_letters_office"


def upgrade() -> None:
    """Index the letters' offices."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX IF NOT EXISTS {OFFICE_INDEX} ON letters (office)")


def downgrade() -> None:
    """Drop the index again."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP INDEX IF EXISTS {OFFICE_INDEX}")

"""The caption an answer restates over the comment it answers (`Response.heading` of the
parse output), kept so an answer stored in the record reads as `reviewdesk parse` read it and
exported corrections train with it. Answers stored before keep none until a reparse.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add responses.heading."""
    op.add_column("responses", sa.Column("heading", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop it again (in place: SQLite 3.35 drops a column that no index, view or trigger
    names, so the search index's views over responses stay)."""
    op.drop_column("responses", "heading")

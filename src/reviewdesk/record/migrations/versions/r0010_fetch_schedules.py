"""The request schedule shared by every fetch against the record (EDGAR's rate limit held
across machines, not only across the processes of one machine).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create fetch_schedules."""
    op.create_table(
        "fetch_schedules",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_fetch_schedules")),
    )


def downgrade() -> None:
    """Drop it again."""
    op.drop_table("fetch_schedules")

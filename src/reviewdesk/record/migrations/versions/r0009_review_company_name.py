"""The company's name as the reviewer wrote it when opening a desk review ("ServiceNow,
Inc."), which the review's letters print in their address and Re: blocks; reviews opened
before keep the record's name (the column is empty).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add authored_reviews.company_name."""
    with op.batch_alter_table("authored_reviews") as table:
        table.add_column(sa.Column("company_name", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop it again."""
    with op.batch_alter_table("authored_reviews") as table:
        table.drop_column("company_name")

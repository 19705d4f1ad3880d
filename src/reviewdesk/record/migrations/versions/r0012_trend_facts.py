"""Trend facts kept by ingest: sums of letter and review counts per cell of the dimensions the
trends views filter on, and each company's share of them (record/trend_facts.py). An existing
record starts with them empty: `reviewdesk trends --rebuild` counts them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

LETTER_COLUMNS = (
    "kind",
    "key",
    "code",
    "month",
    "closed",
    "office",
    "filer",
    "forms",
    "letters",
    "items",
    "followed",
)
REVIEW_COLUMNS = (
    "kind",
    "month",
    "office",
    "forms",
    "groups",
    "filer",
    "letters",
    "days",
    "flag",
    "n",
)
"""Every column in the index, kind first: a view reads its kinds from the index alone."""


def upgrade() -> None:
    """Create trend_letter_facts, trend_review_facts and trend_company_facts."""
    op.create_table(
        "trend_letter_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("office", sa.String(), nullable=True),
        sa.Column("filer", sa.String(), nullable=True),
        sa.Column("forms", sa.String(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("followed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_letter_facts")),
    )
    op.create_index("ix_trend_letter_facts_kind", "trend_letter_facts", list(LETTER_COLUMNS))
    op.create_table(
        "trend_review_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("office", sa.String(), nullable=True),
        sa.Column("filer", sa.String(), nullable=True),
        sa.Column("forms", sa.String(), nullable=False),
        sa.Column("groups", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("flag", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_review_facts")),
    )
    op.create_index("ix_trend_review_facts_kind", "trend_review_facts", list(REVIEW_COLUMNS))
    op.create_table(
        "trend_company_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("letter_cells", sa.JSON(), nullable=False),
        sa.Column("review_cells", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_company_facts")),
    )
    op.create_index(
        op.f("ix_trend_company_facts_company_id"), "trend_company_facts", ["company_id"]
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_index(op.f("ix_trend_company_facts_company_id"), table_name="trend_company_facts")
    op.drop_table("trend_company_facts")
    op.drop_index("ix_trend_review_facts_kind", table_name="trend_review_facts")
    op.drop_table("trend_review_facts")
    op.drop_index("ix_trend_letter_facts_kind", table_name="trend_letter_facts")
    op.drop_table("trend_letter_facts")

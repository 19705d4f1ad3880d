"""What each comment is about, asks and cites, and how each answer answers: one row per code,
from the machine (classifier and version) or from a person (who, when), the effective ones
marked.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("facet", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("producer", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=True),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(comment_id IS NULL) <> (response_id IS NULL)", name=op.f("ck_labels_one_item")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_labels_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_labels_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_labels")),
    )
    op.create_index(op.f("ix_labels_comment_id"), "labels", ["comment_id"])
    op.create_index(op.f("ix_labels_response_id"), "labels", ["response_id"])
    op.create_index("ix_labels_facet_code", "labels", ["facet", "code", "effective"])


def downgrade() -> None:
    op.drop_index("ix_labels_facet_code", table_name="labels")
    op.drop_index(op.f("ix_labels_response_id"), table_name="labels")
    op.drop_index(op.f("ix_labels_comment_id"), table_name="labels")
    op.drop_table("labels")

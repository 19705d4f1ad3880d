"""Answers drafted in the desk to staff comment letters from EDGAR: one current answer per
letter and comment number, and every saved version with who, when and what changed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letters.id"],
            name=op.f("fk_letter_answers_letter_id_letters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_answers")),
        sa.UniqueConstraint("letter_id", "number", name=op.f("uq_letter_answers_letter_id_number")),
    )
    op.create_index(op.f("ix_letter_answers_letter_id"), "letter_answers", ["letter_id"])
    op.create_table(
        "letter_answer_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["letter_answers.id"],
            name=op.f("fk_letter_answer_revisions_answer_id_letter_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_answer_revisions")),
        sa.UniqueConstraint(
            "answer_id", "version", name=op.f("uq_letter_answer_revisions_answer_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("letter_answer_revisions")
    op.drop_index(op.f("ix_letter_answers_letter_id"), table_name="letter_answers")
    op.drop_table("letter_answers")

"""Accounts and authored reviews: users, API tokens, the desk's secret; reviews run in the
desk with filing versions, rounds, comments, answer drafts with history, confidential
passages and counsel.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_users_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_company_id"), "users", ["company_id"])
    op.create_table(
        "api_tokens",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        _when("created_at"),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])
    op.create_table(
        "desk_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_desk_secrets")),
    )
    op.create_table(
        "authored_reviews",
        _id(),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("filed", sa.Date(), nullable=False),
        sa.Column("file_number", sa.String(length=32), nullable=False),
        sa.Column("addressee", sa.String(), nullable=False),
        sa.Column("addressee_title", sa.String(), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("office", sa.String(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("signatory", sa.String(), nullable=False),
        sa.Column("signatory_title", sa.String(), nullable=False),
        sa.Column("opened_by", sa.String(), nullable=False),
        _when("opened_at"),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("release_after_days", sa.Integer(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_authored_reviews_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authored_reviews")),
    )
    op.create_index(op.f("ix_authored_reviews_company_id"), "authored_reviews", ["company_id"])
    op.create_table(
        "filing_versions",
        _id(),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("captions", sa.JSON(), nullable=False),
        sa.Column("marked_copy_html", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.String(), nullable=False),
        _when("uploaded_at"),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["authored_reviews.id"],
            name=op.f("fk_filing_versions_review_id_authored_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_versions")),
        sa.UniqueConstraint(
            "review_id", "version", name=op.f("uq_filing_versions_review_id_version")
        ),
    )
    op.create_table(
        "authored_rounds",
        _id(),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("signed_off_by", sa.String(), nullable=True),
        _when("signed_off_at", nullable=True),
        sa.Column("issued_by", sa.String(), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("letter_html", sa.Text(), nullable=True),
        sa.Column("letter_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("submitted_by", sa.String(), nullable=True),
        _when("submitted_at", nullable=True),
        sa.Column("amendment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["authored_reviews.id"],
            name=op.f("fk_authored_rounds_review_id_authored_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["filing_versions.id"],
            name=op.f("fk_authored_rounds_amendment_id_filing_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authored_rounds")),
        sa.UniqueConstraint(
            "review_id", "number", name=op.f("uq_authored_rounds_review_id_number")
        ),
    )
    op.create_table(
        "authored_comments",
        _id(),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("page", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("follow_up_of_id", sa.Integer(), nullable=True),
        sa.Column("written_by", sa.String(), nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["authored_rounds.id"],
            name=op.f("fk_authored_comments_round_id_authored_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_of_id"],
            ["authored_comments.id"],
            name=op.f("fk_authored_comments_follow_up_of_id_authored_comments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authored_comments")),
    )
    op.create_index(op.f("ix_authored_comments_round_id"), "authored_comments", ["round_id"])
    op.create_table(
        "answer_drafts",
        _id(),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["authored_comments.id"],
            name=op.f("fk_answer_drafts_comment_id_authored_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_drafts")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_answer_drafts_comment_id")),
    )
    op.create_table(
        "answer_revisions",
        _id(),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(), nullable=False),
        _when("saved_at"),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answer_drafts.id"],
            name=op.f("fk_answer_revisions_answer_id_answer_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_revisions")),
        sa.UniqueConstraint(
            "answer_id", "version", name=op.f("uq_answer_revisions_answer_id_version")
        ),
    )
    op.create_table(
        "confidential_passages",
        _id(),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(), nullable=False),
        _when("marked_at"),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answer_drafts.id"],
            name=op.f("fk_confidential_passages_answer_id_answer_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidential_passages")),
    )
    op.create_index(
        op.f("ix_confidential_passages_answer_id"), "confidential_passages", ["answer_id"]
    )
    op.create_table(
        "review_counsel",
        _id(),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["authored_reviews.id"],
            name=op.f("fk_review_counsel_review_id_authored_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_review_counsel_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_counsel")),
        sa.UniqueConstraint(
            "review_id", "user_id", name=op.f("uq_review_counsel_review_id_user_id")
        ),
    )
    op.create_index(op.f("ix_review_counsel_user_id"), "review_counsel", ["user_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_review_counsel_user_id", "review_counsel"),
        ("ix_confidential_passages_answer_id", "confidential_passages"),
        ("ix_authored_comments_round_id", "authored_comments"),
        ("ix_authored_reviews_company_id", "authored_reviews"),
        ("ix_api_tokens_user_id", "api_tokens"),
        ("ix_users_company_id", "users"),
    ):
        op.drop_index(op.f(index), table_name=table)
    for table in (
        "review_counsel",
        "confidential_passages",
        "answer_revisions",
        "answer_drafts",
        "authored_comments",
        "authored_rounds",
        "filing_versions",
        "authored_reviews",
        "desk_secrets",
        "api_tokens",
        "users",
    ):
        op.drop_table(table)

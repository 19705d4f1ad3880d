"""Every document of an EDGAR filing (filing_documents), the company context EDGAR's
submissions file gives (ticker, SIC code and industry, state of incorporation, filer
category), and the accession and primary document of filings EDGAR lists.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COMPANY_COLUMNS = ("ticker", "sic", "industry", "state_of_incorporation", "filer_category")


def upgrade() -> None:
    op.create_table(
        "filing_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accession", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("primary", sa.Boolean(), nullable=False),
        sa.Column("raw_document_sha256", sa.String(length=64), nullable=False),
        sa.Column("attached_to_id", sa.Integer(), nullable=True),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raw_document_sha256"],
            ["raw_documents.sha256"],
            name=op.f("fk_filing_documents_raw_document_sha256_raw_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["attached_to_id"],
            ["letters.id"],
            name=op.f("fk_filing_documents_attached_to_id_letters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letters.id"],
            name=op.f("fk_filing_documents_letter_id_letters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing_documents")),
        sa.UniqueConstraint("accession", "name", name=op.f("uq_filing_documents_accession_name")),
    )
    op.create_index(
        op.f("ix_filing_documents_attached_to_id"), "filing_documents", ["attached_to_id"]
    )
    with op.batch_alter_table("companies") as batch:
        for name in COMPANY_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=4 if name == "sic" else None)))
        batch.create_index(batch.f("ix_companies_sic"), ["sic"])
    with op.batch_alter_table("filings") as batch:
        batch.add_column(sa.Column("accession", sa.String(length=20)))
        batch.add_column(sa.Column("primary_document", sa.String()))
        batch.create_unique_constraint(batch.f("uq_filings_accession"), ["accession"])


def downgrade() -> None:
    with op.batch_alter_table("filings") as batch:
        batch.drop_constraint(batch.f("uq_filings_accession"), type_="unique")
        batch.drop_column("primary_document")
        batch.drop_column("accession")
    with op.batch_alter_table("companies") as batch:
        batch.drop_index(batch.f("ix_companies_sic"))
        for name in reversed(COMPANY_COLUMNS):
            batch.drop_column(name)
    op.drop_index(op.f("ix_filing_documents_attached_to_id"), table_name="filing_documents")
    op.drop_table("filing_documents")

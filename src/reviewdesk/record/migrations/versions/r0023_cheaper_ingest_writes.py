"""PostgreSQL: ingest's writes cost the server less. A raw document's bytes are compressed
with lz4 instead of pglz when the server has it (new rows; pglz took about a quarter of the
server's CPU in the store stage, 0.7 ms per document, lz4 a quarter of that); the key
refresh of the labels' and filings' statement triggers skips its update when none of the
items it names is stored yet (the group writer stores a new letter's filings and labels
before its items, so each group paid two empty updates with their key subqueries). Same
values stored; SQLite is unchanged.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from reviewdesk.record import search_keys_pg

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

COMPRESSED = ("raw_documents", "content")
"""The column given lz4: ingest writes about 40 KB of it per document."""


def upgrade() -> None:
    """lz4 for the raw documents' bytes (when the server was built with it); the refresh that
    skips items not stored yet."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    offered = bind.execute(
        text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    if offered and "lz4" in offered:
        op.execute(f"ALTER TABLE {COMPRESSED[0]} ALTER COLUMN {COMPRESSED[1]} SET COMPRESSION lz4")
    for statement in search_keys_pg.function_statements():
        op.execute(statement)


def downgrade() -> None:
    """The server's default compression again (rows stored meanwhile stay lz4, which every
    server that wrote them reads); the functions stay (they compute the same keys)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {COMPRESSED[0]} ALTER COLUMN {COMPRESSED[1]} SET COMPRESSION DEFAULT")

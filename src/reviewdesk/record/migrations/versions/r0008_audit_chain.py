"""The audit log chained by hash (each entry's SHA-256 over its content and the entry
before it; existing entries are chained in id order), INSERT OR REPLACE refused on SQLite,
TRUNCATE refused on PostgreSQL.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reviewdesk.record.audit_chain import GENESIS, entry_hash

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NO_REPLACE_SQLITE = (
    "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
    "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR hash = NEW.hash) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
NO_UPDATE_SQLITE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)
NO_TRUNCATE_POSTGRESQL = (
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
)
_LOG = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("subject", sa.String()),
    sa.column("detail", sa.JSON()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _chain_existing() -> None:
    bind = op.get_bind()
    previous = GENESIS
    for row in bind.execute(sa.select(_LOG).order_by(_LOG.c.id)).all():
        digest = entry_hash(previous, row.at, row.actor, row.action, row.subject, row.detail)
        bind.execute(
            _LOG.update().where(_LOG.c.id == row.id).values(prev_hash=previous, hash=digest)
        )
        previous = digest


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    if postgres:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
        _chain_existing()
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
        op.execute(NO_TRUNCATE_POSTGRESQL)
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        _chain_existing()
        op.execute(NO_UPDATE_SQLITE)
        op.execute(NO_REPLACE_SQLITE)
    op.create_index(op.f("ix_audit_log_hash"), "audit_log", ["hash"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_hash"), table_name="audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    else:
        op.execute("DROP TRIGGER audit_log_no_replace")
    op.drop_column("audit_log", "hash")
    op.drop_column("audit_log", "prev_hash")

"""PostgreSQL: the change feed of the engine indexes (record/search_feed.py): the indexes
that follow the record (`search_indexes`), their pending changes (`search_changes`), and
the row triggers on comments and answers that add a change per registered index when an
item is stored, deleted, or changed in its text, letter or search keys (nothing while no
index is registered). SQLite searches with FTS5 and is unchanged.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record import search_feed

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The feed's tables and triggers."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in search_feed.create_statements():
        op.execute(statement)


def downgrade() -> None:
    """No feed."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in search_feed.drop_statements():
        op.execute(statement)

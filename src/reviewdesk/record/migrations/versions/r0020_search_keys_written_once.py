"""PostgreSQL: a new item's search keys are written with the item, once. The labels'
references to comments and answers become deferrable (still checked at each statement unless
a writer defers them), so the group writer can store a new item's labels before the item and
the item's row trigger then gives it its label keys; before, labels stored after their items
made the labels' statement trigger write each new item a second time (a second row version
and a second set of search index entries for its whole text). The key functions are
replaced: the refresh finds the items it names by their indexes and keys them by id (it
joined every comment to every letter), does nothing for a call naming nothing, and labels
are read by item alone. SQLite is unchanged.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record import search_keys_pg

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Deferrable label references; today's key functions (same keys, indexed reads)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in search_keys_pg.LABEL_FOREIGN_KEYS:
        op.execute(f"ALTER TABLE labels ALTER CONSTRAINT {name} DEFERRABLE INITIALLY IMMEDIATE")
    for statement in search_keys_pg.function_statements():
        op.execute(statement)


def downgrade() -> None:
    """The label references as before; the functions stay (they compute the same keys)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in search_keys_pg.LABEL_FOREIGN_KEYS:
        op.execute(f"ALTER TABLE labels ALTER CONSTRAINT {name} NOT DEFERRABLE")

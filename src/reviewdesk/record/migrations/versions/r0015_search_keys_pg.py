"""Search keys inside the PostgreSQL search index (record/search_keys.py,
record/search_keys_pg.py): each comment and answer gets a `search_keys` text array (its
company, year, office, forms and effective topic, ask and answer codes as tokens, spelt as on
SQLite since migration 0014),
filled here from its letter, filings and labels and kept right by triggers from then on; each
table's search index becomes one GIN index over (search_vector, search_keys, block recency
key), so a filter narrows the word's posting lists inside the index instead of joining every
match to its letter or labels, and a bound on a wide id range reads one key per block of
1,024 ids instead of one per id. Letters get an index on their office, so the office filter
(a substring) finds the record's matching offices without reading every letter. SQLite is
unchanged.

The fill rewrites every comment and answer row once (the search index is dropped first and
built after, so the fill does not maintain it); a table's dead row versions are left to
autovacuum.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from reviewdesk.record import search_keys_pg
from reviewdesk.record.fulltext import PG_VECTORS, btree_gin_installed, search_index_statement

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

OFFICE_INDEX = "ix_letters_office"

BUILD_MEMORY = "256MB"
"""Memory the GIN builds may use (the server's default of 64 MB makes a build at millions of
rows several times slower)."""


def upgrade() -> None:
    """Add and fill the keys, index them with the words and recency, add the triggers."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    recency = btree_gin_installed(bind)
    op.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    for table in PG_VECTORS:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {search_keys_pg.COLUMN} text[]")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        search_keys_pg.fill(bind, table)
        op.execute(search_index_statement(table, recency=recency, keys=True))
    op.execute(f"CREATE INDEX {OFFICE_INDEX} ON letters (office)")
    for statement in search_keys_pg.trigger_statements():
        op.execute(statement)


def downgrade() -> None:
    """Back to migration 0013's indexes, without keys or triggers."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in search_keys_pg.drop_statements():
        op.execute(statement)
    op.execute(f"DROP INDEX IF EXISTS {OFFICE_INDEX}")
    recency = btree_gin_installed(bind)
    for table in PG_VECTORS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {search_keys_pg.COLUMN}")
        op.execute(search_index_statement(table, recency=recency))

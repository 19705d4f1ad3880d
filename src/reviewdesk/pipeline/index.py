"""Index stage: the search index is kept current by the database in each store transaction
(`record.fulltext`); this stage repairs it when a part of it is missing and, on SQLite,
advances the recent index when the items above its boundary outgrew it (a rebuild of the
newest half, logged)."""

from __future__ import annotations

from reviewdesk.record.fulltext import TierAdvance, advance_tiers, index_ready, rebuild_index
from reviewdesk.record.store import Store


def index(store: Store) -> bool:
    """Make sure the full-text index is in place; True when it had to be rebuilt."""
    if index_ready(store):
        return False
    rebuild_index(store)
    return True


def advance(store: Store) -> list[TierAdvance]:
    """SQLite: move the recent indexes' boundaries up where they outgrew their span (nothing
    on PostgreSQL, and nothing most times: a look at two ids per table)."""
    if store.dialect != "sqlite":
        return []
    with store.engine.begin() as connection:
        return advance_tiers(connection)

"""Index stage: the search index is kept current by the database in each store transaction
(`record.fulltext`); this stage repairs it when a part of it is missing."""

from __future__ import annotations

from reviewdesk.record.fulltext import index_ready, rebuild_index
from reviewdesk.record.store import Store


def index(store: Store) -> bool:
    """Make sure the full-text index is in place; True when it had to be rebuilt."""
    if index_ready(store):
        return False
    rebuild_index(store)
    return True

"""The pipeline stage that applies an engine index's changes after every batch of letters
stored into a PostgreSQL record, when an index is configured ($REVIEWDESK_SEARCH_INDEX), so
the next search finds nothing to catch up on."""

from __future__ import annotations

import logging

from reviewdesk.pipeline.stages import add_stage
from reviewdesk.record.store import Store
from reviewdesk.services.search.engine_index import configured

STAGE = "search-index"

INGEST_WAIT = 60.0
"""Seconds an ingest waits for another process's writer before leaving its changes to the
next search (or `reviewdesk search-index sync`)."""

log = logging.getLogger(__name__)


def index_stage(store: Store, letter_ids: list[int]) -> None:
    """Apply the configured engine index's pending changes (a PostgreSQL record only)."""
    where = configured()
    if where is None or store.dialect != "postgresql":
        return
    from reviewdesk.services.search.engine_index.directory import opened
    from reviewdesk.services.search.engine_index.indexer import WriterBusy, apply

    try:
        apply(opened(where), store.engine, wait=INGEST_WAIT)
    except WriterBusy:
        log.warning("the engine index at %s is being written elsewhere; searches catch up", where)


def install() -> None:
    """Add the stage to the pipeline (the command line and the desk call this at start)."""
    add_stage(STAGE, index_stage)

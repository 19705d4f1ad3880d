"""Stages that run after the index stage, added by the layers above the pipeline (the
watchlist's e-mail digest): the pipeline calls them with the store and the ids of the letters
a batch stored, whichever way the letters arrived. A stage's failure is logged, never lost
ingest: what was stored stays stored."""

from __future__ import annotations

import logging
from collections.abc import Callable

from reviewdesk.record.store import Store

AfterIndex = Callable[[Store, list[int]], None]
"""A stage: the store, and the letters the batch stored (never empty)."""

log = logging.getLogger(__name__)
_stages: dict[str, AfterIndex] = {}


def add_stage(name: str, stage: AfterIndex) -> None:
    """Run `stage` after the index stage of every batch that stored letters (a second call
    with the same name replaces the first)."""
    _stages[name] = stage


def remove_stage(name: str) -> None:
    """Stop running the stage of that name (if any)."""
    _stages.pop(name, None)


def after_index(store: Store, letter_ids: list[int]) -> None:
    """Run the added stages for a batch that stored `letter_ids` (nothing when it stored none)."""
    if not letter_ids:
        return
    for name, stage in list(_stages.items()):
        try:
            stage(store, letter_ids)
        except Exception:  # a stage's failure must not undo or hide the ingest
            log.exception("after-index stage %r failed", name)

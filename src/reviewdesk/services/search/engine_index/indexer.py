"""Apply an engine index's pending changes (record/search_feed.py): take a batch of its feed
rows in a database transaction, re-read those items (gone: deleted), replace each in the
index (delete by id, add), commit the index, then the transaction. A crash between the two
commits leaves the rows in the feed, and applying them again replaces the same items again.
One writer per index directory: tantivy's writer lock; a process that finds it held waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from reviewdesk.record import search_feed
from reviewdesk.services.search.engine_index.directory import (
    EngineIndexError,
    OpenIndex,
    shown_record,
)
from reviewdesk.services.search.engine_index.schema import document, id_term

CHANGES_PER_COMMIT = 2_000
"""Feed rows taken, and items replaced, per commit of the index and the database."""

WRITER_HEAP = 32 * 2**20
"""The writer's memory while applying changes (tantivy's least is 15 MB a thread)."""

LOCK_POLL = 0.05
"""Seconds between attempts at a writer lock another writer holds."""


class WriterBusy(EngineIndexError):
    """Another process (or thread) holds the index's writer."""


def _writer(index: Any) -> Any:
    """A writer of `index`; WriterBusy when another holds its lock."""
    try:
        return index.writer(heap_size=WRITER_HEAP, num_threads=1)
    except ValueError as exc:
        if "LockBusy" in str(exc):
            raise WriterBusy(str(exc)) from exc
        raise


def _release(writers: dict[str, Any]) -> None:
    """End the writers: their merges finish and their locks are released."""
    for writer in writers.values():
        writer.wait_merging_threads()


@contextmanager
def writers(
    opened: OpenIndex, wait: float | None, background: bool = False
) -> Iterator[dict[str, Any]]:
    """Writers of every table's index, taken in table order; waits up to `wait` seconds
    (None: as long as it takes) for another writer to end, then raises WriterBusy. With
    `background` (a search applying changes) the writers' merges finish, and their locks
    are released, in a thread of their own, so the search does not wait for a merge."""
    deadline = None if wait is None else time.monotonic() + wait
    held: dict[str, Any] = {}
    try:
        for table, index in opened.tables.items():
            while table not in held:
                try:
                    held[table] = _writer(index)
                except WriterBusy:
                    if deadline is not None and time.monotonic() >= deadline:
                        raise
                    time.sleep(LOCK_POLL)
        yield held
    finally:
        if not background:
            _release(held)
        else:
            threading.Thread(target=_release, args=(held,), daemon=True).start()


@dataclass(slots=True)
class Applied:
    """What applying changes did."""

    changes: int = 0
    replaced: int = 0
    deleted: int = 0
    commits: int = 0


def check_record(opened: OpenIndex, engine: Engine) -> None:
    """EngineIndexError unless the index follows the record of `engine`."""
    with engine.connect() as connection:
        follows = search_feed.state(connection, opened.naming.name).registered
    if not follows:
        raise EngineIndexError(
            f"the engine index at {opened.where} follows another record "
            f"({opened.naming.record}), not {shown_record(engine.url.render_as_string())}; "
            "give its record with --db, or build an index for this one with "
            "`reviewdesk search-index build` into a new directory"
        )


def apply_batch(opened: OpenIndex, engine: Engine, held: dict[str, Any], out: Applied) -> bool:
    """Apply one batch of the feed with the writers `held`; False when none was pending."""
    with engine.begin() as connection:
        changes = search_feed.take(connection, opened.naming.name, CHANGES_PER_COMMIT)
        if not changes:
            return False
        for table, writer in held.items():
            ids = [c.item_id for c in changes if c.table == table]
            if not ids:
                continue
            items = search_feed.items_of(connection, table, ids)
            index = opened.tables[table]
            for item_id in ids:
                writer.delete_documents_by_query(id_term(index, item_id))
                item = items.get(item_id)
                if item is None:
                    out.deleted += 1
                    continue
                writer.add_document(document(table, *item))
                out.replaced += 1
            writer.commit()
        out.changes += len(changes)
        out.commits += 1
    return True


def apply(
    opened: OpenIndex, engine: Engine, wait: float | None = None, background: bool = False
) -> Applied:
    """Apply every pending change of the index (those committed meanwhile too); waits for
    another writer and ends its own as `writers` does."""
    out = Applied()
    with writers(opened, wait, background) as held:
        while apply_batch(opened, engine, held, out):
            pass
    return out

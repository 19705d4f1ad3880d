"""Build an engine index from a PostgreSQL record: register it first (from then on every
change to an item is in its feed), wait for the writers already running to end, then read
every item in id batches (a keyset over the primary key: memory bounded by a batch and the
writer's heap) into one tantivy index per table. Changes made while it builds are in the
feed and applied afterwards (indexer.apply), replacing what the build read."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tantivy
from sqlalchemy import Engine

from reviewdesk.record import search_feed
from reviewdesk.services.search.engine_index.directory import (
    NAMING,
    SQLITE,
    EngineIndexError,
    Naming,
    shown_record,
)
from reviewdesk.services.search.engine_index.schema import TABLES, document, schema

BATCH = 5_000
"""Items read from the record per statement."""

HEAP = 400 * 2**20
"""The writer's memory while building: a segment is written each time it fills."""

Progress = Callable[[str, int], None]
"""Told the table and how many of its items were indexed so far."""


@dataclass(slots=True)
class Built:
    """What a build indexed and took."""

    name: str
    docs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    size: int = 0

    @property
    def rate(self) -> float:
        """Documents indexed per second."""
        return sum(self.docs.values()) / self.seconds if self.seconds else 0.0


def directory_size(where: Path) -> int:
    """Bytes of every file under `where`."""
    return sum(f.stat().st_size for f in where.rglob("*") if f.is_file())


def write_table(
    where: Path,
    table: str,
    rows: Iterable[search_feed.ItemRow],
    heap: int = HEAP,
    threads: int = 1,
    progress: Progress | None = None,
) -> int:
    """Index `rows` of `table` into a new tantivy index at `where` (one writer with `heap`
    bytes and `threads` threads, one commit at the end, merges awaited); returns the count."""
    where.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(where), reuse=False)
    writer = index.writer(heap_size=heap, num_threads=threads)
    docs = 0
    for item_id, texts, keys in rows:
        writer.add_document(document(table, item_id, texts, keys))
        docs += 1
        if progress is not None and docs % BATCH == 0:
            progress(table, docs)
    writer.commit()
    writer.wait_merging_threads()
    if progress is not None:
        progress(table, docs)
    return docs


def record_items(engine: Engine, table: str, batch: int = BATCH) -> Iterable[search_feed.ItemRow]:
    """Every item of `table` in id order, `batch` rows per statement, each statement its own
    snapshot (no transaction held open over the build)."""
    after = 0
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        while rows := search_feed.items_after(connection, table, after, batch):
            yield from rows
            after = rows[-1][0]


def build(
    engine: Engine,
    where: Path,
    heap: int = HEAP,
    threads: int = 1,
    progress: Progress | None = None,
) -> Built:
    """A new engine index at `where` following the record of `engine`; EngineIndexError for
    a SQLite record or a directory that already holds files. A failed build leaves nothing
    registered and no directory behind."""
    if engine.dialect.name != "postgresql":
        raise EngineIndexError(SQLITE)
    if where.exists() and any(where.iterdir()):
        hint = "; `reviewdesk search-index sync` updates it" if (where / NAMING).exists() else ""
        raise EngineIndexError(f"{where} already holds files; give a new or empty directory{hint}")
    began = time.perf_counter()
    with engine.begin() as connection:
        name = search_feed.register(connection)
    built = Built(name)
    try:
        with engine.begin() as connection:
            search_feed.await_writers(connection)
        where.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            rows = record_items(engine, table)
            built.docs[table] = write_table(where / table, table, rows, heap, threads, progress)
        Naming(name, shown_record(engine.url.render_as_string())).write(where)
    except BaseException:
        with engine.begin() as connection:
            search_feed.unregister(connection, name)
        shutil.rmtree(where, ignore_errors=True)
        raise
    built.seconds = time.perf_counter() - began
    built.size = directory_size(where)
    return built

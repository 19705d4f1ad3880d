"""The search backend of a PostgreSQL record with an engine index: words ranked and counted
by the index (bm25 over the newest window of matches, as SQLite's FTS5), snippets and date
sorts by PostgreSQL. Every search first reads, in its own snapshot, whether the index has
pending changes: with none, every change committed before the snapshot is in an index commit,
so the reloaded index answers as the record stands, in every process. With some, the search
applies them (waiting a little for a writer in another process); if the index is still
behind, PostgreSQL's own full text answers this search."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from reviewdesk.record import search_feed
from reviewdesk.services.search.backends import Backend, PostgresBackend, Ranked, Source
from reviewdesk.services.search.engine_index.directory import (
    EngineIndexError,
    OpenIndex,
    opened,
)
from reviewdesk.services.search.engine_index.indexer import WriterBusy, apply
from reviewdesk.services.search.engine_index.query import TableQuery, ranked
from reviewdesk.services.search.filters import filter_sql
from reviewdesk.services.search.keyed import keyed
from reviewdesk.services.search.model import FILTERED_WINDOW, RANK_WINDOW, SearchFilters
from reviewdesk.services.search.words import Words

log = logging.getLogger(__name__)

CATCH_UP_SECONDS = 3.0
"""How long a search that finds changes pending waits for them to be applied (by itself, or
by the writer another process holds) before PostgreSQL answers it instead."""

FEED_POLL = 0.05
"""Seconds between reads of the feed while another process applies it."""


class EngineBackend:
    """Words and keyed filters on the engine index; filters without keys (CIK, kind, status,
    industry, dates, citation) and date sorts on PostgreSQL (PostgresBackend), as are the
    snippets of a page."""

    def __init__(self, words: Words, tables: dict[str, Any]) -> None:
        self.words = words
        self.tables = tables
        self.postgres = PostgresBackend(words)

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> Ranked:
        """The `limit` best ids by bm25 within the newest window of matches (FILTERED_WINDOW
        when letter filters are set, as on the other backends), and the count of that
        window."""
        keys = keyed(session, filters) if filters.active() else None
        if keys is not None and keys.rest.active():
            return self.postgres.ranked(session, source, filters, limit)
        given = filter_sql(filters, source.table, "s.id", "postgresql", item="s")
        window = FILTERED_WINDOW if given.joins else RANK_WINDOW
        top = session.execute(text(f"SELECT max(id) FROM {source.table}")).scalar()
        if top is None:
            return [], 0, False
        index = self.tables[source.table]
        query = TableQuery(index, self.words, keys.clauses if keys is not None else [])
        best, counted = ranked(index.searcher(), query, window, int(top), limit)
        return best, counted, counted >= window

    def dated(
        self, session: Session, source: Source, filters: SearchFilters, limit: int, newest: bool
    ) -> Ranked:
        """The matches by their letter's date (PostgreSQL)."""
        return self.postgres.dated(session, source, filters, limit, newest)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """Highlighted passages of the given ids (PostgreSQL's ts_headline)."""
        return self.postgres.snippets(session, source, ids)


def _caught_up(session: Session, index: OpenIndex) -> bool:
    """Whether the index holds every change committed before now: applied here, or by the
    writer another process holds within CATCH_UP_SECONDS."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        apply(index, engine, wait=0.0, background=True)
        return True
    except WriterBusy:
        pass
    deadline = time.monotonic() + CATCH_UP_SECONDS
    name = index.naming.name
    while time.monotonic() < deadline:
        if not search_feed.state(session.connection(), name).pending:
            return True
        time.sleep(FEED_POLL)
    return False


def fresh_tables(session: Session, where: Path) -> dict[str, Any] | None:
    """The tables of the engine index at `where` when it holds every change committed before
    this read (applied here or by another process's writer), else None: the index cannot be
    used (logged) or is still behind, and PostgreSQL's full text answers instead."""
    try:
        index = opened(where)
    except EngineIndexError as exc:
        log.warning("search without the engine index: %s", exc)
        return None
    found = search_feed.state(session.connection(), index.naming.name)
    if not found.registered:
        log.warning("search without the engine index at %s: it follows another record", where)
        return None
    if found.pending and not _caught_up(session, index):
        return None
    return index.fresh()


def engine_backend(session: Session, words: Words, where: Path) -> Backend:
    """The backend of a search of `words` on a PostgreSQL record with the engine index at
    `where`: the index when it holds every change committed before this search, else
    PostgreSQL's full text."""
    tables = fresh_tables(session, where)
    return PostgresBackend(words) if tables is None else EngineBackend(words, tables)

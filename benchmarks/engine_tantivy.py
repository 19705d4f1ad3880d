"""A dedicated search engine measured against the search contract: tantivy (a Rust library
by the Quickwit team, BM25 like SQLite's FTS5) indexes the comments and answers of a built
SQLite scale record (benchmarks/scale.py), read strictly read-only, and answers the
benchmark queries of benchmarks/search.py as the record's backends do: per table, the newest
window of matches by item id (RANK_WINDOW, FILTERED_WINDOW when letter filters apply),
ranked by bm25 (comment headings weigh 2.0, their text 1.0, as FTS5's weights), counted up
to the window; filters as the items' search keys (record/search_keys.py), raw terms beside
the words. It prints the build (time, docs/s, index size), p50/p95/p99 per query class
(both tables, ranking and count, no snippets), peak RSS, and, with --compare, SQLite's own
ranking of the same record at the same moment: its latency, each query's counts on both
engines and how many of SQLite's first 20 ids tantivy's first 20 share.

The schema, the writer and the queries are the desk's own (services/search/engine_index),
which serves a PostgreSQL record the same way; this reads a SQLite record to compare.

    .venv/bin/python benchmarks/engine_tantivy.py /tmp/reviewdesk-scale/scale-530481.sqlite \\
        --index /tmp/reviewdesk-tantivy --compare
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from reviewdesk.record import search_keys
from reviewdesk.record.fulltext import OFFICES
from reviewdesk.record.search_feed import TEXT_COLUMNS, ItemRow
from reviewdesk.record.store import head
from reviewdesk.services.search.backends import SOURCES, SqliteBackend
from reviewdesk.services.search.engine_index.build import BATCH, directory_size, write_table
from reviewdesk.services.search.engine_index.query import TableQuery, ranked, total
from reviewdesk.services.search.keyed import filter_keys
from reviewdesk.services.search.model import FILTERED_WINDOW, RANK_WINDOW, SearchFilters
from reviewdesk.services.search.words import Words, read_words
from search import QUERIES, filters_label, print_classes, timed

TABLES = {"comments": "comments_fts", "responses": "responses_fts"}
"""Each table and the FTS5 index SQLite ranks it with."""

PAGE = 20
"""The hits a page ranks: the first page of search()."""


def record(path: Path) -> sqlite3.Connection:
    """The SQLite record, opened read-only (never written, never migrated)."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def items(connection: sqlite3.Connection, table: str) -> Iterator[ItemRow]:
    """Every item of `table` in id order: id, its indexed text columns, its stored keys."""
    columns = ", ".join(f"x.{c}" for c in TEXT_COLUMNS[table])
    cursor = connection.execute(
        f"SELECT x.id, {columns}, k.keys FROM {table} x "
        f"LEFT JOIN {table}_search_keys k ON k.id = x.id ORDER BY x.id"
    )
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            yield int(row[0]), list(row[1:-1]), (row[-1] or "").split()


@dataclass(slots=True)
class Built:
    """One table's index and what building it took."""

    table: str
    index: Any
    docs: int
    seconds: float
    size: int
    segments: int

    def report(self) -> str:
        took = "built before"
        if self.seconds:
            took = f"{self.seconds:7.1f} s  {self.docs / self.seconds:8,.0f} docs/s"
        return (
            f"  {self.table:9s} {self.docs:>9,} docs  {took}  "
            f"{self.size / 2**20:8,.0f} MiB  {self.segments} segments"
        )


def build(
    connection: sqlite3.Connection, table: str, where: Path, heap: int, threads: int
) -> Built:
    """Index every item of `table` into `where` (replacing what is there) with the desk's
    own index writer (engine_index.build.write_table)."""
    shutil.rmtree(where, ignore_errors=True)
    began = time.perf_counter()
    docs = write_table(where, table, items(connection, table), heap, threads)
    seconds = time.perf_counter() - began
    return opened(table, where, docs, seconds)


def opened(table: str, where: Path, docs: int = 0, seconds: float = 0.0) -> Built:
    """An index built here or before (--reuse)."""
    index = tantivy.Index.open(str(where))
    searcher = index.searcher()
    return Built(
        table,
        index,
        docs or searcher.num_docs,
        seconds,
        directory_size(where),
        searcher.num_segments,
    )


class Engine:
    """The search contract on the indexes, as the desk's engine backend runs it
    (engine_index.query): the filters' key clauses as the record gives them, the office
    filter's from the record's offices."""

    def __init__(self, indexes: dict[str, Any], offices: list[str], tops: dict[str, int]) -> None:
        self.indexes = indexes
        self.offices = offices
        self.tops = tops

    def _query(self, table: str, words: Words, filters: SearchFilters) -> TableQuery:
        wanted = filter_keys(filters)
        clauses = [list(c) for c in wanted.clauses]
        if wanted.offices is not None:
            clauses.append(
                [search_keys.office_key(o) for o in self.offices if wanted.offices in o.lower()]
            )
        return TableQuery(self.indexes[table], words, clauses)

    def ranked(
        self, table: str, words: Words, filters: SearchFilters, limit: int = PAGE
    ) -> tuple[list[tuple[int, float]], int]:
        """The `limit` best (id, score) pairs within the newest window and the count up to
        the window."""
        window = FILTERED_WINDOW if _letter_filtered(filters) else RANK_WINDOW
        searcher = self.indexes[table].searcher()
        query = self._query(table, words, filters)
        return ranked(searcher, query, window, self.tops[table], limit)

    def total(self, table: str, words: Words, filters: SearchFilters) -> int:
        """Every match of the words and filters (what tantivy counts beyond the window)."""
        return total(self.indexes[table].searcher(), self._query(table, words, filters))


def _letter_filtered(filters: SearchFilters) -> bool:
    """Whether the filters check the item's letter (year, office, form, kind, status, dates):
    then the record ranks FILTERED_WINDOW matches (backends.unkeyed_sql)."""
    letter = (filters.year, filters.office, filters.form, filters.kind, filters.status)
    return any(v is not None for v in (*letter, filters.date_from, filters.date_to))


def tables_for(filters: SearchFilters) -> list[str]:
    """The tables a search reads (engine._sources): no answers under an office or ask
    filter, no comments under an answer filter."""
    comments = filters.answer is None
    responses = filters.office is None and filters.ask is None
    return [t for t, wanted in (("comments", comments), ("responses", responses)) if wanted]


def peak_rss() -> str:
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"


def measure(engine: Engine, repeat: int) -> None:
    """Each benchmark query on both tables: one warm-up run, then `repeat` timed runs;
    p50/p95/p99 per class."""
    by_class: dict[str, list[float]] = {}
    for kind, text, filters in QUERIES:
        words = read_words(text)
        tables = tables_for(filters)

        def answer(w: Words = words, f: SearchFilters = filters, ts: list[str] = tables) -> Any:
            return [engine.ranked(t, w, f) for t in ts]

        found = answer()
        runs = [timed(answer) for _ in range(repeat)]
        by_class.setdefault(kind, []).extend(runs)
        counted = sum(c for _, c in found)
        total = sum(engine.total(t, words, filters) for t in tables)
        shown = f"{text} {filters_label(filters)}".strip()
        print(
            f"  {kind:8s} {shown:48s} {counted:>6,} counted {total:>9,} in all  "
            f"median {sorted(runs)[len(runs) // 2]:7.1f} ms",
            flush=True,
        )
    print_classes(by_class)


def compare(engine: Engine, path: Path, repeat: int) -> None:
    """SQLite's own ranking of the same record (SqliteBackend.ranked, read-only): its
    latency at the same moment, and per query and table the counts of both engines and how
    many of SQLite's first 20 ids are among tantivy's first 20."""
    sqlite = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)
    with sqlite.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if version != head():
        print(
            f"  left out: the record's schema is {version} and this code's SQLite backend "
            f"reads {head()}'s; a read-only record is not migrated, so compare with the code "
            "of the record's schema on PYTHONPATH (git worktree add --detach DIR COMMIT; "
            "PYTHONPATH=DIR/src)"
        )
        return
    by_class: dict[str, list[float]] = {}
    shared = compared = 0
    with Session(sqlite) as session:
        for kind, text, filters in QUERIES:
            words = read_words(text)
            backend = SqliteBackend(words)
            tables = tables_for(filters)

            def answer(
                b: SqliteBackend = backend, f: SearchFilters = filters, ts: list[str] = tables
            ) -> Any:
                return [b.ranked(session, SOURCES[t], f, PAGE) for t in ts]

            theirs = answer()
            by_class.setdefault(kind, []).extend(timed(answer) for _ in range(repeat))
            for table, (best, counted, _capped) in zip(tables, theirs, strict=True):
                ours, our_count = engine.ranked(table, words, filters)
                our_total = engine.total(table, words, filters)
                top = {i for i, _ in best}
                same = len(top & {i for i, _ in ours})
                shared, compared = shared + same, compared + len(top)
                shown = f"{text} {filters_label(filters)}".strip()
                print(
                    f"  {kind:8s} {shown:40s} {table:9s} sqlite {counted:>5,}  "
                    f"tantivy {our_count:>5,} ({our_total:,} in all)  top 20 shared {same}/{len(top)}",
                    flush=True,
                )
    print(f"  top 20 shared over all: {shared}/{compared}")
    print_classes(by_class, "sqlite ")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("record", type=Path, help="A built SQLite scale record (read-only).")
    parser.add_argument("--index", type=Path, required=True, help="Where the indexes go.")
    parser.add_argument("--reuse", action="store_true", help="Search indexes built before.")
    parser.add_argument("--keep", action="store_true", help="Keep the indexes afterwards.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query.")
    parser.add_argument("--heap-mb", type=int, default=500, help="The writer's heap.")
    parser.add_argument("--threads", type=int, default=1, help="Indexing threads.")
    parser.add_argument(
        "--compare", action="store_true", help="Also SQLite's ranking of the same record."
    )
    args = parser.parse_args()
    if not args.record.is_file():
        print(f"no record at {args.record}", file=sys.stderr)
        return 2
    connection = record(args.record)
    offices = [o for (o,) in connection.execute(f"SELECT office FROM {OFFICES}")]
    tops = {
        table: int(connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in TABLES
    }
    print(f"tantivy {version('tantivy')} on {args.record}, {peak_rss()} RSS at start", flush=True)
    built = {}
    for table, fts in TABLES.items():
        where = args.index / table
        if args.reuse:
            built[table] = opened(table, where)
        else:
            heap = args.heap_mb * 2**20
            built[table] = build(connection, table, where, heap, args.threads)
        print(built[table].report(), f"(from {fts})", flush=True)
    connection.close()
    docs = sum(b.docs for b in built.values())
    seconds = sum(b.seconds for b in built.values())
    size = sum(b.size for b in built.values())
    if not args.reuse:
        print(
            f"  build: {docs:,} docs in {seconds:.1f} s ({docs / seconds:,.0f} docs/s), "
            f"{size / 2**20:,.0f} MiB, peak RSS {peak_rss()}",
            flush=True,
        )
    engine = Engine({t: b.index for t, b in built.items()}, offices, tops)
    print(f"\ntantivy, ranking and count of both tables ({args.repeat} runs after a warm-up):")
    measure(engine, args.repeat)
    print(f"  peak RSS {peak_rss()}", flush=True)
    if args.compare:
        print("\nSQLite FTS5 ranking of the same record, and agreement:")
        compare(engine, args.record, args.repeat)
    if not args.keep:
        shutil.rmtree(args.index, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

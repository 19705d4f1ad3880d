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

Needs `pip install tantivy==0.27.0` in the environment (it is no dependency of the desk).

    .venv/bin/python benchmarks/engine_tantivy.py /tmp/reviewdesk-scale/scale-530481.sqlite \\
        --index /tmp/reviewdesk-tantivy --compare
"""

from __future__ import annotations

import argparse
import heapq
import math
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

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from reviewdesk.record import search_keys
from reviewdesk.record.fulltext import OFFICES, SQLITE_TABLES
from reviewdesk.record.store import head
from reviewdesk.services.search.backends import SOURCES, SqliteBackend
from reviewdesk.services.search.keyed import filter_keys
from reviewdesk.services.search.model import FILTERED_WINDOW, RANK_WINDOW, SearchFilters
from reviewdesk.services.search.words import Term, Words, read_words
from search import QUERIES, filters_label, print_classes, timed

try:
    import tantivy
except ImportError:
    sys.exit("tantivy is not installed here: .venv/bin/pip install tantivy==0.27.0")

TEXT_WEIGHTS = {"comments": {"heading": 2, "text": 1}, "responses": {"response_text": 1}}
"""Each table's text columns (record/fulltext.SQLITE_TABLES) and their bm25 weights
(backends.SOURCES: FTS5's `2.0, 1.0`). FTS5 weighs a column by multiplying the frequency of
a word in it, within one length normalisation over the whole row; tantivy scores each field
on its own, so the columns go into one field `body`, each as many times as its weight (a
heading's words count twice, as in FTS5), each a separate value (no phrase spans two)."""

PAGE = 20
"""The hits a page ranks: the first page of search()."""

FIRST_SPAN = 4
"""The first id range probed for the newest window spans this many windows of ids
(backends.FIRST_SPAN on PostgreSQL)."""

SPAN_MARGIN = 1.25
"""A wider range is sized to the window at the density the first one showed, with this
margin (backends.SPAN_MARGIN)."""

BATCH = 5_000
"""Rows read from the record per fetch while indexing."""


def analyzer() -> Any:
    """The query side of tantivy's `en_stem` (simple tokenizer, long tokens dropped,
    lowercase, English Snowball stemmer), so query words meet the indexed terms."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def schema_of(table: str) -> Any:
    """One index per table: the item id (indexed, fast: the newest window and the id range),
    the text columns (`body`, TEXT_WEIGHTS) stemmed with positions (phrases), the search
    keys as raw terms."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("body", tokenizer_name="en_stem", index_option="position")
    builder.add_text_field("keys", tokenizer_name="raw", index_option="basic")
    return builder.build()


def record(path: Path) -> sqlite3.Connection:
    """The SQLite record, opened read-only (never written, never migrated)."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def items(connection: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    """Every item of `table` in id order: id, its indexed text columns, its stored keys."""
    columns = ", ".join(f"x.{c}" for c in TEXT_WEIGHTS[table])
    cursor = connection.execute(
        f"SELECT x.id, {columns}, k.keys FROM {table} x "
        f"LEFT JOIN {table}_search_keys k ON k.id = x.id ORDER BY x.id"
    )
    while rows := cursor.fetchmany(BATCH):
        yield from rows


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


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(
    connection: sqlite3.Connection, table: str, where: Path, heap: int, threads: int
) -> Built:
    """Index every item of `table` into `where` (replacing what is there): one writer with
    `heap` bytes and `threads` indexing threads, one commit at the end, merges awaited."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    index = tantivy.Index(schema_of(table), path=str(where), reuse=False)
    writer = index.writer(heap_size=heap, num_threads=threads)
    weights = list(TEXT_WEIGHTS[table].values())
    began = time.perf_counter()
    docs = 0
    for row in items(connection, table):
        doc = tantivy.Document()
        doc.add_unsigned("id", int(row[0]))
        for weight, value in zip(weights, row[1:-1], strict=True):
            for _ in range(weight if value else 0):
                doc.add_text("body", value)
        for key in (row[-1] or "").split():
            doc.add_text("keys", key.lower())
        writer.add_document(doc)
        docs += 1
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - began
    index.reload()
    segments = index.searcher().num_segments
    return Built(table, index, docs, seconds, directory_size(where), segments)


def opened(table: str, where: Path) -> Built:
    """An index built before (--reuse)."""
    index = tantivy.Index.open(str(where))
    searcher = index.searcher()
    return Built(table, index, searcher.num_docs, 0.0, directory_size(where), searcher.num_segments)


class Engine:
    """The search contract on tantivy: one query per table made of the words (each term in
    any text column, weighted as FTS5's columns) and the filters' keys (scored 0, like FTS5's
    keys column); the newest window of matches by id, then bm25 within exactly that window
    (the window is every match from its oldest id up, so an id range bounds the second pass)."""

    def __init__(self, indexes: dict[str, Any], offices: list[str], tops: dict[str, int]) -> None:
        self.indexes = indexes
        self.offices = offices
        self.tops = tops
        self.analyzer = analyzer()

    def _term(self, schema: Any, term: Term) -> Any:
        """A word or phrase in the item's text (`body`); a prefix term as a phrase whose
        last word is a prefix of an indexed term."""
        if term.prefix:
            return tantivy.Query.phrase_prefix_query(schema, "body", list(term.words))
        tokens = [t for w in term.words for t in self.analyzer.analyze(w)]
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(schema, "body", tokens[0])
        return tantivy.Query.phrase_query(schema, "body", tokens)

    def _keys(self, schema: Any, filters: SearchFilters) -> list[Any]:
        """One clause per keyed filter (an item must carry one of its keys), scored 0."""
        wanted = filter_keys(filters)
        clauses = [list(c) for c in wanted.clauses]
        if wanted.offices is not None:
            clauses.append(
                [search_keys.office_key(o) for o in self.offices if wanted.offices in o.lower()]
            )
        out = []
        for clause in clauses:
            if not clause:
                out.append(tantivy.Query.empty_query())
                continue
            keys = [tantivy.Query.term_query(schema, "keys", k.lower()) for k in clause]
            some = tantivy.Query.boolean_query([(tantivy.Occur.Should, k) for k in keys])
            out.append(tantivy.Query.const_score_query(some, 0.0))
        return out

    def query(self, table: str, words: Words, filters: SearchFilters) -> Any:
        """The whole query of `words` and `filters` on `table`'s index."""
        schema = self.indexes[table].schema
        groups = [
            tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, self._term(schema, t)) for t in group]
            )
            for group in words.groups
        ]
        every = [
            (
                tantivy.Occur.Must,
                tantivy.Query.boolean_query([(tantivy.Occur.Should, g) for g in groups]),
            )
        ]
        every += [(tantivy.Occur.Must, k) for k in self._keys(schema, filters)]
        every += [(tantivy.Occur.MustNot, self._term(schema, t)) for t in words.excluded]
        return tantivy.Query.boolean_query(every)

    def _since(self, table: str, query: Any, lowest: int) -> Any:
        """`query` on the items whose id is at least `lowest` (the id's fast field). The range
        is scored 0: left to itself it adds 1.0 to the score in a segment it cuts and
        nothing in one it holds whole, which ranked a segment's items above another's."""
        since = tantivy.Query.range_query(
            self.indexes[table].schema, "id", tantivy.FieldType.Unsigned, lower_bound=lowest
        )
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, query),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(since, 0.0)),
            ]
        )

    def _oldest(self, searcher: Any, query: Any, window: int) -> tuple[int | None, int]:
        """The id of the `window`-th newest match of `query` (None when fewer match) and how
        many match: tantivy keeps the newest `window` ids of the matches in its collector
        and hands over only that one."""
        found = searcher.search(
            query,
            limit=1,
            offset=window - 1,
            count=True,
            order_by_field="id",
            order=tantivy.Order.Desc,
        )
        return (int(found.hits[0][0]) if found.hits else None), int(found.count)

    def newest_bound(
        self, table: str, searcher: Any, query: Any, window: int
    ) -> tuple[int | None, int]:
        """The lowest id of the newest `window` matches (None when fewer match) and the
        matches counted up to the window. As backends.newest_window on PostgreSQL, the
        newest ids are probed first: a range of FIRST_SPAN windows of ids, then, with too
        few matches, a range sized to the density seen (times SPAN_MARGIN), then every id;
        so a common word or phrase visits the matches of a few ranges, not all of them. The
        newest id is the record's (`tops`: the database's max(id), an index probe, as on
        PostgreSQL; tantivy would read every id for it)."""
        top = self.tops[table]
        span = FIRST_SPAN * window
        for _probe in range(2):
            if span >= top:
                break
            oldest, count = self._oldest(searcher, self._since(table, query, top - span), window)
            if oldest is not None:
                return oldest, window
            if not count:
                break
            span = math.ceil(span * window / count * SPAN_MARGIN)
        oldest, count = self._oldest(searcher, query, window)
        return oldest, min(count, window)

    def ranked(
        self, table: str, words: Words, filters: SearchFilters, limit: int = PAGE
    ) -> tuple[list[tuple[int, float]], int]:
        """The `limit` best (id, score) pairs within the newest window and the count up to
        the window. The whole window is scored and ordered here, as the record does, so
        equal scores (frequent in a scale record, whose items vary a few hundred originals)
        go newest first: tantivy's own top `limit` would break those ties by its document
        order."""
        window = FILTERED_WINDOW if _letter_filtered(filters) else RANK_WINDOW
        searcher = self.indexes[table].searcher()
        query = self.query(table, words, filters)
        oldest, counted = self.newest_bound(table, searcher, query, window)
        if not counted:
            return [], 0
        scope = query if oldest is None else self._since(table, query, oldest)
        every = searcher.search(scope, limit=window, count=False).hits
        ids = searcher.fast_field_values("id", [address for _, address in every])
        best = heapq.nlargest(limit, zip((s for s, _ in every), ids, strict=True))
        return [(int(i), float(score)) for score, i in best], counted

    def total(self, table: str, words: Words, filters: SearchFilters) -> int:
        """Every match of the words and filters (what tantivy counts beyond the window)."""
        query = self.query(table, words, filters)
        return int(self.indexes[table].searcher().search(query, limit=1, count=True).count)


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
        for table in TEXT_WEIGHTS
    }
    print(f"tantivy {version('tantivy')} on {args.record}, {peak_rss()} RSS at start", flush=True)
    built = {}
    for fts, (table, _columns) in SQLITE_TABLES.items():
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

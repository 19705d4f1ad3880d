"""Search speed on a large record: the corpus parsed once, its letters, reviews, comments and
responses copied under many synthetic companies (at least --comments comments, by bulk
INSERT ... SELECT inside the database), then search latency percentiles (p50/p95/p99) for a
fixed set of queries, and render times of review and search pages, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/search.py                    # 1,000,000 comments, both stores
    .venv/bin/python benchmarks/search.py --comments 100000 --no-postgres
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import text

from reviewdesk.cli.serve import settle_heap
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import open_store, schema
from reviewdesk.record.fulltext import drop_sqlite_triggers
from reviewdesk.record.store import Store
from reviewdesk.services.search import (
    LetterKind,
    ReviewStatus,
    SearchFilters,
    SearchQuery,
    rebuild_index,
    search,
)
from reviewdesk.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "reviewdesk-bench-search"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_LOADERS = 2
"""Connections loading copies side by side (to_tsvector of the generated column is the cost)."""

TABLES = ["companies", "reviews", "raw_documents", "letters", "rounds", "letter_filings"]
TABLES += ["comments", "responses"]
"""Tables copied per synthetic company set, in an order foreign keys accept."""

QUERIES: list[tuple[str, SearchFilters]] = [
    ("non-GAAP measures", SearchFilters()),
    ('"revenue recognition"', SearchFilters()),
    ("goodwill impairment", SearchFilters()),
    ("segment OR segments", SearchFilters()),
    ("material weakness", SearchFilters()),
    ("tell us", SearchFilters()),
    ("revenue", SearchFilters()),
    ('"critical audit matter"', SearchFilters()),
    ("cybersecurity", SearchFilters(kind=LetterKind.comments)),
    ("revenue", SearchFilters(year=2018)),
    ("goodwill", SearchFilters(form="10-K", status=ReviewStatus.closed)),
    ("non-GAAP", SearchFilters(office="Office of Technology")),
    ("impairment", SearchFilters(company_id=7)),
]


def seed_store() -> Path:
    """The corpus ingested (parsed) once into a SQLite file, reused by later runs."""
    path = WORK / "seed.sqlite"
    if path.exists():
        return path
    store = open_store(str(path))
    summary = ingest_paths(store, [CORPUS / "docs"], CORPUS / "manifest.csv")
    store.close()
    print(f"seed: {summary.stored} letters parsed from {CORPUS}", flush=True)
    return path


def columns(table: str) -> list[str]:
    """The record's columns of a table (as the ORM knows them; no search_vector)."""
    return [c.name for c in schema.Base.metadata.tables[table].columns]


def strides(seed: sqlite3.Connection) -> dict[str, int]:
    """Per table, how far each copy's ids are shifted (the seed's largest id)."""
    out = {}
    for table in TABLES:
        if table != "raw_documents":
            out[table] = int(seed.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0)
    return out


def expressions(table: str, stride: dict[str, int], dialect: str) -> dict[str, str]:
    """Column -> SQL making copy `k` of seed row `s` (ids shifted, unique keys rewritten)."""

    def pad(expr: str, width: int) -> str:
        if dialect == "sqlite":
            return f"printf('%0{width}d', {expr})"
        return f"lpad(({expr})::text, {width}, '0')"

    def shift(column: str, target: str) -> str:
        return f"s.{column} + k * {stride[target]}"

    hexk = "printf('%08x', k)" if dialect == "sqlite" else "lpad(to_hex(k), 8, '0')"
    fk = {
        "companies": {"id": "companies"},
        "reviews": {"id": "reviews", "company_id": "companies"},
        "letters": {"id": "letters", "company_id": "companies", "review_id": "reviews"}
        | {"round_id": "rounds"},
        "rounds": {"id": "rounds", "review_id": "reviews", "staff_letter_id": "letters"}
        | {"response_letter_id": "letters"},
        "letter_filings": {"id": "letter_filings", "letter_id": "letters"},
        "comments": {"id": "comments", "letter_id": "letters", "follow_up_of_id": "comments"}
        | {"answered_by_id": "responses"},
        "responses": {"id": "responses", "letter_id": "letters", "comment_id": "comments"},
        "raw_documents": {},
        "labels": {"id": "labels", "comment_id": "comments", "response_id": "responses"},
    }[table]
    out = {c: f"s.{c}" for c in columns(table)}
    out.update({c: shift(c, target) for c, target in fk.items()})
    if table == "companies":
        out["cik"] = pad("k * 100000 + s.id", 10)
        out["name"] = "s.name || ' #' || k"
    if table == "letters":
        out["accession"] = f"'S' || {pad('k', 5)} || '-' || {pad('s.id', 8)}"
        out["raw_document_sha256"] = f"{hexk} || substr(s.raw_document_sha256, 9)"
        out["company_name"] = "s.company_name || ' #' || k"
        out["cik"] = pad("k * 100000 + s.company_id", 10)
    if table == "raw_documents":
        out["sha256"] = f"{hexk} || substr(s.sha256, 9)"
    if table == "letter_filings":
        out["filing_id"] = "NULL"
    return out


def copy_statement(table: str, stride: dict[str, int], dialect: str, first: int, last: int) -> str:
    """INSERT ... SELECT making copies first..last of a seed table."""
    made = expressions(table, stride, dialect)
    names = ", ".join(made)
    values = ", ".join(made.values())
    source = f"seed.{table}" if dialect == "sqlite" else f"seed_{table}"
    if dialect == "sqlite":
        ks = (
            f"WITH RECURSIVE ks(k) AS (SELECT {first} UNION ALL SELECT k + 1 FROM ks "
            f"WHERE k < {last}) "
        )
        return f"{ks}INSERT INTO main.{table} ({names}) SELECT {values} FROM {source} s, ks"
    return (
        f"INSERT INTO {table} ({names}) SELECT {values} FROM {source} s, "
        f"generate_series({first}, {last}) AS ks(k)"
    )


def copies_for(seed: sqlite3.Connection, comments: int) -> int:
    """How many copies of the corpus reach the wanted number of comments."""
    per_copy = int(seed.execute("SELECT count(*) FROM comments").fetchone()[0])
    return max(1, math.ceil(comments / per_copy))


def chunks(copies: int, size: int) -> Iterator[tuple[int, int]]:
    for first in range(0, copies, size):
        yield first, min(copies, first + size) - 1


def build_sqlite(seed_path: Path, copies: int, path: Path) -> Store:
    """A SQLite record with `copies` copies of the seed, its FTS index rebuilt in one pass."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(str(path))
    drop_sqlite_triggers(store)
    store.close()
    seed = sqlite3.connect(seed_path)
    stride = strides(seed)
    seed.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("ATTACH DATABASE ? AS seed", (str(seed_path),))
    started = time.perf_counter()
    for first, last in chunks(copies, 100):
        connection.execute("BEGIN")
        for table in TABLES:
            connection.execute(copy_statement(table, stride, "sqlite", first, last))
        connection.execute("COMMIT")
        print(
            f"  sqlite: copies {last + 1}/{copies} ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    connection.execute("DETACH DATABASE seed")
    connection.close()
    store = open_store(str(path))
    began = time.perf_counter()
    rebuild_index(store)
    print(f"  sqlite: FTS5 index built in {time.perf_counter() - began:.0f} s", flush=True)
    with store.engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    return store


def build_postgres(seed_path: Path, copies: int, database: str) -> Store:
    """A PostgreSQL record with `copies` copies of the seed; GIN indexes built after the load."""
    url = f"postgresql://postgres@127.0.0.1:5432/{database}"
    store = open_store(url)
    seed = sqlite3.connect(seed_path)
    stride = strides(seed)
    started = time.perf_counter()
    with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={database}") as pg:
        pg.execute("SET session_replication_role = replica")
        for table in ("comments", "responses"):
            pg.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        for table in TABLES:
            names = columns(table)
            pg.execute(
                sql.SQL("CREATE UNLOGGED TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(
                    sql.Identifier(f"seed_{table}"),
                    sql.SQL(", ").join(map(sql.Identifier, names)),
                    sql.Identifier(table),
                )
            )
            query = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(f"seed_{table}"), sql.SQL(", ").join(map(sql.Identifier, names))
            )
            with pg.cursor().copy(query) as copy:
                for row in seed.execute(f"SELECT {', '.join(names)} FROM {table}"):
                    copy.write_row(row)
        pg.commit()
        work = list(chunks(copies, 40))
        with ThreadPoolExecutor(PG_LOADERS) as pool:
            for done, last in enumerate(pool.map(lambda c: _pg_copies(database, stride, c), work)):
                print(
                    f"  postgresql: copies to {last + 1} ({done + 1}/{len(work)} chunks, "
                    f"{time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        began = time.perf_counter()
        pg.execute("SET maintenance_work_mem = '1GB'")
        for table in ("comments", "responses"):
            pg.execute(
                f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)"
            )
        for table in TABLES:
            pg.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(f"seed_{table}")))
        pg.commit()
        pg.autocommit = True
        pg.execute("VACUUM ANALYZE")
        print(f"  postgresql: GIN indexes built in {time.perf_counter() - began:.0f} s", flush=True)
    seed.close()
    return store


def _pg_copies(database: str, stride: dict[str, int], chunk: tuple[int, int]) -> int:
    """Make one chunk of copies on its own connection (loaders run side by side)."""
    with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={database}") as pg:
        pg.execute("SET session_replication_role = replica")
        for table in TABLES:
            pg.execute(copy_statement(table, stride, "postgresql", *chunk))
    return chunk[1]


def percentiles(samples: list[float]) -> str:
    """p50/p95/p99 of millisecond samples."""
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return f"p50 {at(0.50):7.1f} ms   p95 {at(0.95):7.1f} ms   p99 {at(0.99):7.1f} ms"


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def measure(label: str, store: Store, repeat: int) -> None:
    """Print search latencies (search() with count, ranking, snippets) and page renders."""
    with store.session() as session:
        comments = session.scalar(text("SELECT count(*) FROM comments"))
        responses = session.scalar(text("SELECT count(*) FROM responses"))
    print(f"\n{label}: {comments:,} comments, {responses:,} responses", flush=True)
    settle_heap()  # as `reviewdesk serve` does once its app is loaded
    samples: list[float] = []
    for words, filters in QUERIES:
        query = SearchQuery(words, filters)
        with store.session() as session:
            result = search(session, query)
            runs = [timed(lambda q=query: search(session, q)) for _ in range(repeat)]
        samples.extend(runs)
        shown = f"{words} {filters_label(filters)}".strip()
        capped = "+" if result.total_capped else ""
        print(
            f"  {shown:60s} {result.total:>6,}{capped:1s} hits  median {statistics.median(runs):7.1f} ms"
        )
    print(f"  search, {len(samples)} runs:  {percentiles(samples)}")
    client = TestClient(create_app(store))
    with store.session() as session:
        reviews = list(session.scalars(text("SELECT id FROM reviews ORDER BY id LIMIT 200")))[::20]
    pages = [timed(lambda i=i: client.get(f"/reviews/{i}")) for i in reviews for _ in range(3)]
    print(f"  review page, {len(pages)} renders:  {percentiles(pages)}")
    pages = [
        timed(lambda w=words: client.get("/search", params={"q": w, "page": 2}))
        for words, _ in QUERIES[:8]
        for _ in range(3)
    ]
    print(f"  search page, {len(pages)} renders:  {percentiles(pages)}", flush=True)


def filters_label(filters: SearchFilters) -> str:
    return " ".join(
        f"{k}={getattr(filters, k)}" for k in filters.__dataclass_fields__ if getattr(filters, k)
    )


@contextmanager
def pg_database(keep: bool) -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database, dropped at the end unless kept."""
    name = f"reviewdesk_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        if not keep:
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--comments", type=int, default=1_000_000, help="At least this many comments."
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query.")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the built databases.")
    args = parser.parse_args()
    if not (CORPUS / "manifest.csv").is_file():
        print(f"the corpus is read from {CORPUS}, which is absent", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    seed_path = seed_store()
    with sqlite3.connect(seed_path) as seed:
        copies = copies_for(seed, args.comments)
    print(f"{copies} copies of the corpus under synthetic companies", flush=True)
    if not args.no_sqlite:
        began = time.perf_counter()
        store = build_sqlite(seed_path, copies, WORK / "large.sqlite")
        print(f"  sqlite: built in {time.perf_counter() - began:.0f} s", flush=True)
        measure("SQLite FTS5", store, args.repeat)
        store.close()
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / 'large.sqlite'}{suffix}").unlink(missing_ok=True)
    if not args.no_postgres:
        with pg_database(args.keep) as database:
            began = time.perf_counter()
            store = build_postgres(seed_path, copies, database)
            print(f"  postgresql: built in {time.perf_counter() - began:.0f} s", flush=True)
            measure("PostgreSQL full text", store, args.repeat)
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Search speed on a large record: a record of about --items comments and answers built by
benchmarks/scale.py's builder (the parsed corpus under synthetic companies, dates and
wordings; kept and reused by size, in /tmp/reviewdesk-scale and database
reviewdesk_scale_LETTERS), then search latency percentiles (p50/p95/p99) per query class
(common words, phrases, rare words, and each filter: company, form, year, office, topic)
and render times of review and search pages, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/search.py                          # 1,000,000 items, both
    .venv/bin/python benchmarks/search.py --postgres --items 5000000
    .venv/bin/python benchmarks/search.py --sqlite --items 5000000
    .venv/bin/python benchmarks/search.py --postgres --database DB --search-index DIR

With --search-index (an engine index of the PostgreSQL record, `reviewdesk search-index
build`) the searches rank with it, and the index's upkeep is measured: a search's check
that the index is current, the reload after a commit, and applying changes (the newest
items re-fed to the index, one and a batch: the record is not changed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import text

import scale
from reviewdesk.cli.serve import settle_heap
from reviewdesk.record import open_store, search_feed
from reviewdesk.record.store import Store
from reviewdesk.services.search import SearchFilters, SearchQuery, search
from reviewdesk.services.search.engine_index import ENV_VAR
from reviewdesk.services.search.engine_index.directory import opened
from reviewdesk.services.search.engine_index.indexer import apply, check_record
from reviewdesk.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PG_ADMIN = scale.PG_ADMIN

QUERIES: list[tuple[str, str, SearchFilters]] = [
    ("common", "revenue", SearchFilters()),
    ("common", "tell us", SearchFilters()),
    ("common", "segment OR segments", SearchFilters()),
    ("common", "material weakness", SearchFilters()),
    ("common", "non-GAAP measures", SearchFilters()),
    ("phrase", '"revenue recognition"', SearchFilters()),
    ("phrase", '"critical audit matter"', SearchFilters()),
    ("phrase", '"in future filings"', SearchFilters()),
    ("rare", "counterproposal", SearchFilters()),
    ("rare", "cruising", SearchFilters()),
    ("rare", "cybersecurity", SearchFilters()),
    ("company", "impairment", SearchFilters(company_id=7)),
    ("company", "revenue", SearchFilters(company_id=1234)),
    ("form", "goodwill", SearchFilters(form="10-K")),
    ("form", "revenue", SearchFilters(form="S-1")),
    ("year", "revenue", SearchFilters(year=2018)),
    ("year", "goodwill", SearchFilters(year=2009)),
    ("office", "non-GAAP", SearchFilters(office="Office of Technology")),
    ("office", "revenue", SearchFilters(office="Office of Finance")),
    ("topic", "revenue", SearchFilters(topic="revenue")),
    ("topic", "disclose", SearchFilters(topic="climate")),
]
"""(class, words, filters): the query classes the targets name."""


START_NOTE = "(threading, search index, and trend facts when the record has none)"
"""What the desk's start pays before its first page: a built record carries no trend facts,
so the first start counts them over the whole record (88 s at a million items), which the
review page renders after it do not include."""


def percentiles(samples: list[float]) -> str:
    """p50/p95/p99 of millisecond samples."""
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return f"p50 {at(0.50):7.1f} ms   p95 {at(0.95):7.1f} ms   p99 {at(0.99):7.1f} ms"


def print_classes(by_class: dict[str, list[float]], label: str = "") -> None:
    """p50/p95/p99 of each query class's samples, then of all of them, a line each."""
    for kind, samples in by_class.items():
        print(f"  {label}{kind:8s} {len(samples):3d} runs:  {percentiles(samples)}")
    every = [x for samples in by_class.values() for x in samples]
    print(f"  {label}{'all':8s} {len(every):3d} runs:  {percentiles(every)}", flush=True)


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def measure(label: str, store: Store, repeat: int, pages: bool = True) -> None:
    """Print search latencies per query class (search() with count, ranking, snippets) and
    (unless `pages` is False) page renders."""
    with store.session() as session:
        comments = session.scalar(text("SELECT count(*) FROM comments"))
        responses = session.scalar(text("SELECT count(*) FROM responses"))
    print(f"\n{label}: {comments:,} comments, {responses:,} responses", flush=True)
    settle_heap()  # as `reviewdesk serve` does once its app is loaded
    by_class: dict[str, list[float]] = {}
    for kind, words, filters in QUERIES:
        query = SearchQuery(words, filters)
        with store.session() as session:
            result = search(session, query)
            runs = [timed(lambda q=query: search(session, q)) for _ in range(repeat)]
        by_class.setdefault(kind, []).extend(runs)
        shown = f"{words} {filters_label(filters)}".strip()
        capped = "+" if result.total_capped else ""
        print(
            f"  {kind:8s} {shown:48s} {result.total:>6,}{capped:1s} hits  "
            f"median {statistics.median(runs):7.1f} ms",
            flush=True,
        )
    print_classes(by_class)
    if not pages:
        return
    began = time.perf_counter()
    client = TestClient(create_app(store))
    print(f"  desk start: {time.perf_counter() - began:.1f} s {START_NOTE}", flush=True)
    with store.session() as session:
        reviews = list(session.scalars(text("SELECT id FROM reviews ORDER BY id LIMIT 200")))[::20]
    pages = [timed(lambda i=i: client.get(f"/reviews/{i}")) for i in reviews for _ in range(3)]
    print(f"  review page, {len(pages)} renders:  {percentiles(pages)}")
    pages = [
        timed(lambda w=words: client.get("/search", params={"q": w, "page": 2}))
        for _, words, _ in QUERIES[:8]
        for _ in range(3)
    ]
    print(f"  search page, {len(pages)} renders:  {percentiles(pages)}", flush=True)


UPKEEP_BATCH = 2_000
"""Items re-fed to the engine index to time applying a batch of changes."""


def refeed(store: Store, name: str, items: int) -> None:
    """Put the newest `items` items (half comments, half answers) in the index's feed, as if
    each had changed: applying them replaces each with itself."""
    with store.engine.begin() as connection:
        for table in ("comments", "responses"):
            connection.execute(
                text(
                    f"INSERT INTO {search_feed.CHANGES} (index_name, item_table, item_id) "
                    f"SELECT :n, '{table}', id FROM {table} ORDER BY id DESC LIMIT :k"
                ),
                {"n": name, "k": max(1, items // 2)},
            )


def measure_upkeep(store: Store, where: Path, repeat: int) -> None:
    """What keeping the engine index current costs: the check every search makes (its feed
    read and a stat of each table's commit), the reload after a commit, and applying one
    change and a batch of UPKEEP_BATCH."""
    index = opened(where)
    name = index.naming.name
    print(f"\nengine index upkeep ({where}):")

    def check() -> None:
        with store.engine.connect() as connection:
            search_feed.state(connection, name)
        index.fresh()

    checks = [timed(check) for _ in range(repeat * 20)]
    print(f"  search's check (feed empty, no reload): {percentiles(checks)}")
    for items in (1, UPKEEP_BATCH):
        applied, reloads = [], []
        for _ in range(repeat):
            refeed(store, name, items)
            began = time.perf_counter()
            done = apply(index, store.engine)
            applied.append((time.perf_counter() - began) * 1000)
            reloads.append(timed(index.fresh))
        per = statistics.median(applied) / max(done.changes, 1)
        print(
            f"  apply {done.changes:,} change(s): median {statistics.median(applied):8.1f} ms "
            f"({per:.2f} ms a change, writers opened and merges awaited); reload after it: "
            f"median {statistics.median(reloads):.2f} ms",
            flush=True,
        )


SERVER_SETTINGS = ("shared_buffers", "effective_cache_size", "work_mem", "max_connections")
"""The PostgreSQL server settings the figures depend on, printed beside them."""


def server_report(store: Store) -> str:
    """The PostgreSQL server's memory settings and its block counters of the record's
    database (shared buffers hit, and read from the OS or disk), so runs on differently
    sized servers are told apart and a run can be read as cached or not."""
    with store.session() as session:
        settings = ", ".join(
            f"{name} {session.scalar(text(f'SHOW {name}'))}" for name in SERVER_SETTINGS
        )
        hit, read = session.execute(
            text(
                "SELECT blks_hit, blks_read FROM pg_stat_database "
                "WHERE datname = current_database()"
            )
        ).one()
    return f"server: {settings}; blocks hit {hit:,}, read {read:,} since the counters' reset"


def filters_label(filters: SearchFilters) -> str:
    return " ".join(
        f"{k}={getattr(filters, k)}" for k in filters.__dataclass_fields__ if getattr(filters, k)
    )


def pg_built(name: str, letters: int) -> bool:
    """Whether database `name` holds a finished build of `letters` letters."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if found is None:
        return False
    with psycopg.connect(scale.pg_conninfo(name)) as pg:
        ready = pg.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_comments_search_vector'"
        ).fetchone()
        count = pg.execute("SELECT count(*) FROM letters").fetchone()
    return bool(ready and ready[0]) and bool(count and count[0] == letters)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--items", type=int, default=1_000_000, help="About this many comments and answers."
    )
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query.")
    parser.add_argument("--sqlite", action="store_true", help="Only the SQLite store.")
    parser.add_argument("--postgres", action="store_true", help="Only the PostgreSQL store.")
    parser.add_argument("--work", type=Path, default=scale.WORK, help="Seed and SQLite files.")
    parser.add_argument("--database", help="Measure this built PostgreSQL database as it is.")
    parser.add_argument(
        "--no-pages", action="store_true", help="Only the query classes, no page renders."
    )
    parser.add_argument(
        "--search-index",
        type=Path,
        help="PostgreSQL: rank with this engine index (reviewdesk search-index build).",
    )
    args = parser.parse_args()
    if not (CORPUS / "manifest.csv").is_file():
        print(f"the corpus is read from {CORPUS}, which is absent", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    seed = scale.load_seed(scale.seed_store(args.work, 2))
    letters = scale.letters_for_items(seed, args.items)
    both = not (args.sqlite or args.postgres)
    if args.sqlite or both:
        path = scale.sqlite_path(args.work, letters)
        if not path.exists():
            print(scale.build_sqlite(seed, letters, path).report(), flush=True)
        store = open_store(str(path))
        measure("SQLite FTS5", store, args.repeat, not args.no_pages)
        store.close()
    if args.postgres or both:
        name = args.database or scale.database_name(letters)
        if not args.database and not pg_built(name, letters):
            print(scale.build_postgres(seed, letters, name).report(), flush=True)
        store = open_store(scale.pg_url(name))
        label = "PostgreSQL full text"
        if args.search_index is not None:
            os.environ[ENV_VAR] = str(args.search_index)
            check_record(opened(args.search_index), store.engine)
            label = f"PostgreSQL with the engine index {args.search_index}"
        print(server_report(store), flush=True)
        measure(label, store, args.repeat, not args.no_pages)
        print(server_report(store), flush=True)
        if args.search_index is not None:
            measure_upkeep(store, args.search_index, args.repeat)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

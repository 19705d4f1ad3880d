"""Trends speed on a large record: benchmarks/scale.py's builder makes a record of at least
--comments comments from the parsed corpus (synthetic companies, dates and wording; labels
copied), the trend facts are counted as `reviewdesk trends --rebuild` counts them (its time
printed, and the time ingest's thread stage takes to recount one company's facts), then
p50/p95 of every trends view under several filter sets, and of the published figures, on
SQLite and PostgreSQL. Its records live in --work and database reviewdesk_trends_LETTERS
(not the scale benchmark's, which other runs reuse without the trend tables).

    .venv/bin/python benchmarks/trends.py                   # 1,000,000 comments, both stores
    .venv/bin/python benchmarks/trends.py --comments 100000 --no-postgres
    .venv/bin/python benchmarks/trends.py --no-sqlite --keep     # then --reuse: no rebuild

--reuse measures a record this command built before (the SQLite file, the PostgreSQL
database with --keep) instead of building it again; its facts are counted if it has none.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import scale
from reviewdesk.record import open_store, schema
from reviewdesk.record.store import Store
from reviewdesk.record.trend_upkeep import (
    facts_missing,
    rebuild_trend_facts,
    refresh_trend_facts,
)
from reviewdesk.services.trends import PeriodKind, TrendFilters, published_figures
from reviewdesk.services.trends.views import VIEWS
from search import percentiles, pg_built, timed

WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "reviewdesk-bench-trends"


CUTS: list[tuple[str, TrendFilters]] = [
    ("all", TrendFilters()),
    ("2020-2024 review years", TrendFilters(PeriodKind.review, 2020, 2024)),
    ("form 10-K", TrendFilters(form="10-K")),
    ("Office of Technology", TrendFilters(office="Office of Technology")),
    ("group MD&A, 2021", TrendFilters(year_from=2021, year_to=2021, group="MD&A")),
]


def company_cut(store: Store) -> tuple[str, TrendFilters]:
    """A cut of one company with many letters (the profile view needs one)."""
    with store.session() as session:
        company = session.scalar(
            select(schema.Letter.company_id)
            .where(schema.Letter.company_id.is_not(None))
            .group_by(schema.Letter.company_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    return f"company {company}", TrendFilters(company_id=company)


def count_facts(store: Store) -> None:
    """Count the trend facts of the whole record as `reviewdesk trends --rebuild` does, then
    recount one company's as ingest's thread stage does after a batch; print both times."""
    began = time.perf_counter()
    with store.write() as session:
        done = rebuild_trend_facts(session)
    print(
        f"  trend facts counted in {time.perf_counter() - began:.1f} s: {done.companies:,} "
        f"companies, {done.letter_cells:,} letter cells, {done.review_cells:,} review cells",
        flush=True,
    )
    _, cut = company_cut(store)
    began = time.perf_counter()
    with store.write() as session:
        refresh_trend_facts(session, {cut.company_id})
    print(
        f"  one company's facts recounted in {1000 * (time.perf_counter() - began):.0f} ms",
        flush=True,
    )


def count_missing_facts(store: Store) -> None:
    """Count the facts of a reused record that has none (built and kept before them)."""
    with store.session() as session:
        missing = facts_missing(session)
    if missing:
        count_facts(store)


def measure(label: str, store: Store, repeat: int, quick: bool = False) -> None:
    """Print p50/p95 per view over the cuts, and of the published figures."""
    with store.session() as session:
        comments = session.scalar(select(func.count()).select_from(schema.Comment))
        labels = session.scalar(select(func.count()).select_from(schema.Label))
        reviews = session.scalar(select(func.count()).select_from(schema.Review))
    print(f"\n{label}: {comments:,} comments, {labels:,} labels, {reviews:,} reviews", flush=True)
    company = company_cut(store)
    for name, view in VIEWS.items():
        cuts = [company] if name == "profile" else [*CUTS[: 1 if quick else None], company]
        samples: list[float] = []
        for cut, filters in cuts:
            with store.session() as session:
                view(session, filters)
                runs = [timed(lambda f=filters, v=view: v(session, f)) for _ in range(repeat)]
            samples.extend(runs)
            print(
                f"  {name:11s} {cut:24s} median {sorted(runs)[len(runs) // 2]:8.1f} ms", flush=True
            )
        print(f"  {name:11s} {len(samples)} runs:  {percentiles(samples)}", flush=True)
    with store.session() as session:
        runs = [timed(lambda: published_figures(session)) for _ in range(repeat)]
    print(f"  published   {len(runs)} runs:  {percentiles(runs)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--comments", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--repeat", type=int, default=5, help="runs per view and cut")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="reuse the records if built")
    parser.add_argument("--quick", action="store_true", help="only the whole record and a company")
    parser.add_argument("--work", type=Path, default=WORK, help="seed and SQLite files go here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    seed = scale.load_seed(scale.seed_store(args.work, 2))
    per_letter = len(seed.rows["comments"]) / len(seed.rows["letters"])
    letters = math.ceil(args.comments / per_letter)
    if not args.no_sqlite:
        path = args.work / f"trends-{letters}.sqlite"
        if args.reuse and path.exists():
            store = open_store(str(path))
            count_missing_facts(store)
        else:
            print(f"building {letters:,} letters into {path}", flush=True)
            print(scale.build_sqlite(seed, letters, path).report(), flush=True)
            store = open_store(str(path))
            count_facts(store)
        measure("SQLite", store, args.repeat, args.quick)
        store.close()
    if args.no_postgres:
        return 0
    database = f"reviewdesk_trends_{letters}"
    reuse = args.reuse and pg_built(database, letters)
    if not reuse:
        print(f"building {letters:,} letters into database {database}", flush=True)
        print(scale.build_postgres(seed, letters, database).report(), flush=True)
    store = open_store(scale.pg_url(database))
    try:
        if reuse:
            count_missing_facts(store)
        else:
            count_facts(store)
        measure("PostgreSQL", store, args.repeat, args.quick)
    finally:
        store.close()
        if not args.keep:
            scale.drop_database(database)
    return 0


if __name__ == "__main__":
    sys.exit(main())

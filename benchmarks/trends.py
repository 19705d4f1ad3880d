"""Trends speed on a large record: the corpus parsed once (with its topic labels), copied
under many synthetic companies to at least --comments comments by the search benchmark's bulk
INSERT ... SELECT (labels copied too), then p50/p95 of every trends view under several filter
sets, and of the published figures, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/trends.py                   # 1,000,000 comments, both stores
    .venv/bin/python benchmarks/trends.py --comments 100000 --no-postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import search as big
from reviewdesk import letters
from reviewdesk.letters.classify import CLASSIFIER_VERSION, classify_letter
from reviewdesk.record import open_store, schema
from reviewdesk.record.labels import write_machine_labels
from reviewdesk.record.store import Store
from reviewdesk.services.trends import PeriodKind, TrendFilters, published_figures
from reviewdesk.services.trends.views import VIEWS

WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "reviewdesk-bench-trends"
big.WORK = WORK
big.TABLES[:] = [t for t in big.TABLES if t != "raw_documents"] + ["labels"]
"""Copied with their labels, without the documents' bytes (no trends view reads them; foreign
keys are off while copying), so a million comments build in minutes."""
big.rebuild_index = lambda store: None
"""The trends views do not read the search index, so the big SQLite record goes without it."""


def label_seed(path: Path) -> None:
    """Give the seed's comments and answers the classifier's labels, as ingest's classify stage
    will, when the seed has none (the record's ingest may not classify yet)."""
    store = open_store(str(path))
    with store.write() as session:
        if session.scalar(select(func.count()).select_from(schema.Label)):
            store.close()
            return
        now = dt.datetime.now(dt.UTC)
        rows = session.scalars(
            select(schema.Letter).options(
                selectinload(schema.Letter.comments), selectinload(schema.Letter.responses)
            )
        )
        for row in rows:
            reading = letters.Letter(
                source=row.source,
                role=row.role,  # type: ignore[arg-type]
                comments=[
                    letters.Comment(c.number, c.heading, c.page, c.text) for c in row.comments
                ],
                responses=[
                    letters.Response(r.number, r.comment_text, r.response_text)
                    for r in row.responses
                ],
            )
            classify_letter(reading)
            write_machine_labels(session, row, reading, CLASSIFIER_VERSION, now)
    store.close()


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
                runs = [big.timed(lambda f=filters, v=view: v(session, f)) for _ in range(repeat)]
            samples.extend(runs)
            print(
                f"  {name:11s} {cut:24s} median {sorted(runs)[len(runs) // 2]:8.1f} ms", flush=True
            )
        print(f"  {name:11s} {len(samples)} runs:  {big.percentiles(samples)}", flush=True)
    with store.session() as session:
        runs = [big.timed(lambda: published_figures(session)) for _ in range(repeat)]
    print(f"  published   {len(runs)} runs:  {big.percentiles(runs)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--comments", type=int, default=1_000_000, help="at least this many")
    parser.add_argument("--repeat", type=int, default=5, help="runs per view and cut")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="reuse the SQLite record if built")
    parser.add_argument("--quick", action="store_true", help="only the whole record and a company")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    seed = big.seed_store()
    label_seed(seed)
    with sqlite3.connect(seed) as connection:
        copies = big.copies_for(connection, args.comments)
    path = WORK / f"trends-{args.comments}.sqlite"
    began = time.perf_counter()
    if args.reuse and path.exists():
        store = open_store(str(path))
    else:
        print(f"building {copies} copies of the corpus into {path}", flush=True)
        store = big.build_sqlite(seed, copies, path)
        print(f"  sqlite built in {time.perf_counter() - began:.0f} s", flush=True)
    measure("SQLite", store, args.repeat, args.quick)
    store.close()
    if args.no_postgres:
        return 0
    with big.pg_database(args.keep) as database:
        began = time.perf_counter()
        store = big.build_postgres(seed, copies, database)
        print(f"  postgresql built in {time.perf_counter() - began:.0f} s", flush=True)
        measure("PostgreSQL", store, args.repeat, args.quick)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

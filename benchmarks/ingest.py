"""Ingest the whole corpus into a fresh SQLite file and a fresh PostgreSQL database; print
documents per second, the time to rebuild reviews, and the size of each database.

    .venv/bin/python benchmarks/ingest.py [--jobs N] [--docs DIR] [--manifest CSV]

PostgreSQL is at 127.0.0.1:5432 (user postgres); a throwaway database is created and dropped.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from reviewdesk.record import Store, ingest_paths, list_documents, open_store, rebuild_reviews

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def run(store: Store, docs: list[Path], manifest: Path, jobs: int) -> tuple[float, float, int]:
    """Seconds to ingest, seconds to rebuild reviews, documents stored."""
    started = time.perf_counter()
    summary = ingest_paths(store, docs, manifest, jobs=jobs, rebuild=False)
    ingested = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_reviews(store)
    rebuilt = time.perf_counter() - started
    if summary.stored != len(docs):
        print(f"  warning: {summary.stored} of {len(docs)} stored ({summary.failed} not stored)")
    return ingested, rebuilt, summary.stored


def report(name: str, docs: int, ingested: float, rebuilt: float, size: int) -> None:
    print(
        f"{name:<11} {docs} documents in {ingested:6.1f} s = {docs / ingested:6.1f} docs/s; "
        f"reviews rebuilt in {rebuilt:5.1f} s; database {size / 1e6:6.1f} MB"
    )


def sqlite(docs: list[Path], manifest: Path, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        store = open_store(str(path))
        ingested, rebuilt, stored = run(store, docs, manifest, jobs)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        report("SQLite", stored, ingested, rebuilt, size)


def postgresql(docs: list[Path], manifest: Path, jobs: int) -> None:
    name = f"reviewdesk_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL  skipped: 127.0.0.1:5432 unreachable ({exc})")
        return
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        store = open_store(f"postgresql://postgres@127.0.0.1:5432/{name}")
        ingested, rebuilt, stored = run(store, docs, manifest, jobs)
        with store.engine.connect() as connection:
            size = int(
                connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
                or 0
            )
        store.close()
        report("PostgreSQL", stored, ingested, rebuilt, size)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--docs", type=Path, default=CORPUS / "docs")
    parser.add_argument("--manifest", type=Path, default=CORPUS / "manifest.csv")
    args = parser.parse_args()
    if not args.docs.is_dir():
        raise SystemExit(f"{args.docs}: the corpus is not there; give --docs and --manifest")
    docs = list_documents([args.docs])
    raw = sum(p.stat().st_size for p in docs)
    print(f"corpus: {len(docs)} documents, {raw / 1e6:.1f} MB; {args.jobs} parser processes")
    sqlite(docs, args.manifest, args.jobs)
    postgresql(docs, args.manifest, args.jobs)


if __name__ == "__main__":
    main()

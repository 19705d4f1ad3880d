"""Ingest benchmarks.

Default: the cost of a small batch against the size of the record. Ten corpus letters are
ingested (read, classify, store, thread, index) into an empty SQLite record and into a
synthetic record of 100,000 fictional letters of other companies (written directly, one
review per company, in a few minutes); both times are printed. --full also times a full
re-thread of the big record, which is what every batch cost before threading was scoped.

--corpus: the whole corpus into a fresh SQLite file and a fresh PostgreSQL database
(documents per second, threading time, database size). On the same run and the same
documents it first times the parse alone in as many bounded reader processes as ingest uses
(as benchmarks/parse.py does, and with classification, which ingest's readers also do), so
parse and ingest see the same load; then the peak RSS of this process and of its readers,
and the load average. `corpus_rates` returns these figures for other benchmarks.

    .venv/bin/python benchmarks/ingest.py [--letters N] [--record N] [--jobs N]
    .venv/bin/python benchmarks/ingest.py --corpus [--jobs N] [--docs DIR] [--manifest CSV]

PostgreSQL is at 127.0.0.1:5432 (user postgres); a throwaway database is created and dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import resource
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from reviewdesk import letters
from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import BoundedReaders
from reviewdesk.letters import parse_path
from reviewdesk.pipeline import ingest_paths, thread_all
from reviewdesk.pipeline.read import read
from reviewdesk.record import Store, list_documents, open_store, schema
from reviewdesk.record.reading import parser_version

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
LETTERS_PER_COMPANY = 5
ROWS_PER_INSERT = 5_000


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == ROWS_PER_INSERT:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _synthetic_letters(count: int, now: dt.datetime) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) of a fictional record: companies of five letters each, a staff comment
    letter, the company's response, a further staff letter, its response, a completion."""
    version = parser_version()
    start = dt.date(2005, 1, 3)
    for i in range(count):
        company, step = divmod(i, LETTERS_PER_COMPANY)
        letter_id = i + 1
        if step == 0:
            yield "companies", {"id": company + 1, "cik": f"{9_000_000_000 + company}"}
        staff = step % 2 == 0
        when = start + dt.timedelta(days=(company * 7) % 7000 + step * 20)
        content = f"Fictional synthetic letter {i}".encode()
        sha = hashlib.sha256(content).hexdigest()
        yield (
            "raw_documents",
            {
                "sha256": sha,
                "content": content,
                "size": len(content),
                "media_type": "text/plain",
                "original_name": f"synthetic-{i}.txt",
                "given": {},
                "received_at": now,
            },
        )
        kind = ("completion" if step == 4 else "comments") if staff else "response"
        yield (
            "letters",
            {
                "id": letter_id,
                "raw_document_sha256": sha,
                "source": f"synthetic/{i}.txt",
                "accession": f"99{company:08d}-26-{step:06d}",
                "edgar_form": "UPLOAD" if staff else "CORRESP",
                "filing_date": when,
                "cik": f"{9_000_000_000 + company}",
                "company_id": company + 1,
                "company_name": f"Fictional Company {company}",
                "role": "staff" if staff else "company",
                "kind": kind,
                "date": when,
                "refers_to_prior": step == 2,
                "parser_version": version,
                "parsed_at": now,
            },
        )
        yield (
            "letter_filings",
            {
                "letter_id": letter_id,
                "position": 0,
                "form": "10-K",
                "file_number": f"001-{company:05d}",
            },
        )
        for position in range(2 if kind == "comments" else 0):
            yield (
                "comments",
                {
                    "letter_id": letter_id,
                    "position": position,
                    "number": position + 1,
                    "text": f"Fictional comment {position + 1} on the revenue of company {company}.",
                },
            )
        for position in range(2 if kind == "response" else 0):
            yield (
                "responses",
                {
                    "letter_id": letter_id,
                    "position": position,
                    "number": position + 1,
                    "response_text": f"Fictional answer {position + 1} of company {company}.",
                },
            )


def build_record(store: Store, count: int) -> float:
    """Fill `store` with `count` synthetic letters; seconds it took."""
    started = time.perf_counter()
    tables = schema.Base.metadata.tables
    pending: dict[str, list[dict[str, Any]]] = {}
    order = (
        "companies",
        "reviews",
        "raw_documents",
        "letters",
        "letter_filings",
        "comments",
        "responses",
    )
    with store.engine.begin() as connection:
        for name, row in _synthetic_letters(count, dt.datetime.now(dt.UTC)):
            pending.setdefault(name, []).append(row)
            if len(pending[name]) >= ROWS_PER_INSERT and name == "responses":
                for table in order:
                    if pending.get(table):
                        connection.execute(tables[table].insert(), pending.pop(table))
        for table in order:
            if pending.get(table):
                connection.execute(tables[table].insert(), pending.pop(table))
    return time.perf_counter() - started


def timed_ingest(store: Store, docs: list[Path], manifest: Path, jobs: int) -> tuple[float, int]:
    """Seconds to put `docs` through the whole pipeline, and how many were stored."""
    started = time.perf_counter()
    summary = ingest_paths(store, docs, manifest, jobs=jobs)
    return time.perf_counter() - started, summary.stored


def scale(letters: int, record: int, jobs: int, docs: Path, manifest: Path, full: bool) -> None:
    batch = list_documents([docs])[:letters]
    print(f"{len(batch)} corpus letters into an empty record and into one of {record:,} letters")
    with tempfile.TemporaryDirectory() as folder:
        warm = open_store(str(Path(folder) / "warm-up.sqlite"))
        timed_ingest(warm, batch, manifest, jobs)  # loads the parser and classifier once
        warm.close()
        empty = open_store(str(Path(folder) / "empty.sqlite"))
        seconds, stored = timed_ingest(empty, batch, manifest, jobs)
        empty.close()
        print(f"  empty record: {stored} stored in {seconds:.2f} s", flush=True)
        big = open_store(str(Path(folder) / "big.sqlite"))
        built = build_record(big, record)
        print(f"  (built {record:,} synthetic letters in {built:.1f} s)", flush=True)
        seconds, stored = timed_ingest(big, batch, manifest, jobs)
        print(f"  {record:,}-letter record: {stored} stored in {seconds:.2f} s", flush=True)
        if full:
            started = time.perf_counter()
            thread_all(big)
            print(f"  full re-thread of that record: {time.perf_counter() - started:.1f} s")
        big.close()


def run(store: Store, docs: list[Path], manifest: Path, jobs: int) -> tuple[float, float, int]:
    """Seconds to ingest (with threading of the batch), seconds to re-thread all, stored."""
    started = time.perf_counter()
    summary = ingest_paths(store, docs, manifest, jobs=jobs)
    ingested = time.perf_counter() - started
    started = time.perf_counter()
    thread_all(store)
    rebuilt = time.perf_counter() - started
    if summary.stored != len(docs):
        print(f"  warning: {summary.stored} of {len(docs)} stored ({summary.failed} not stored)")
    return ingested, rebuilt, summary.stored


def report(name: str, docs: int, ingested: float, rebuilt: float, size: int) -> None:
    print(
        f"{name:<11} {docs} documents in {ingested:6.1f} s = {docs / ingested:6.1f} docs/s; "
        f"full re-thread {rebuilt:5.1f} s; database {size / 1e6:6.1f} MB"
    )


def sqlite(docs: list[Path], manifest: Path, jobs: int) -> float:
    """Ingest `docs` into a fresh SQLite file; its documents per second."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        store = open_store(str(path))
        ingested, rebuilt, stored = run(store, docs, manifest, jobs)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        report("SQLite", stored, ingested, rebuilt, size)
        return stored / ingested


def postgresql(docs: list[Path], manifest: Path, jobs: int) -> float | None:
    """Ingest `docs` into a fresh PostgreSQL database; its documents per second (None when
    PostgreSQL is not there)."""
    name = f"reviewdesk_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL  skipped: 127.0.0.1:5432 unreachable ({exc})")
        return None
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
        return stored / ingested
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _parse_only(path: Path, source: str) -> letters.Letter:
    """The full parse of one file, as benchmarks/parse.py times it in bounded readers."""
    del source
    return parse_path(path)


def _read_classified(path: Path, source: str) -> letters.Letter:
    """What ingest's readers do with one file: parse and classify (pipeline.read)."""
    return read(path.read_bytes(), source)


def parse_rate(docs: list[Path], jobs: int, work: Callable[[Path, str], letters.Letter]) -> float:
    """Documents per second (wall clock, reader start-up included) for `work` on every
    document in `jobs` bounded reader processes, in order, as ingest reads them."""
    started = time.perf_counter()
    refused = 0
    with BoundedReaders(jobs) as readers:
        calls = ((path, partial(work, path, str(path))) for path in docs)
        for _path, reading in readers.in_order(calls, str):
            refused += isinstance(reading, DocumentError)
    rate = len(docs) / (time.perf_counter() - started)
    if refused:
        print(f"  warning: the readers refused {refused} of {len(docs)} documents")
    return rate


@dataclass(frozen=True, slots=True)
class Rates:
    """Parse and ingest documents per second on one run, peak RSS in MiB, load average."""

    documents: int
    jobs: int
    parse: float
    parse_classify: float
    postgresql: float | None
    sqlite: float
    rss_self_mib: float
    rss_readers_mib: float
    load: tuple[float, float, float]


def corpus_rates(docs: list[Path], manifest: Path, jobs: int) -> Rates:
    """Parse alone, parse and classify, ingest into PostgreSQL and into SQLite, back to back
    on the same documents with `jobs` reader processes (printing each as it is measured)."""
    parse = parse_rate(docs, jobs, _parse_only)
    print(f"{'parse':<11} {len(docs)} documents, {jobs} bounded readers: {parse:6.1f} docs/s")
    classified = parse_rate(docs, jobs, _read_classified)
    print(
        f"{'+ classify':<11} {len(docs)} documents, {jobs} bounded readers: {classified:6.1f} docs/s"
    )
    pg = postgresql(docs, manifest, jobs)
    lite = sqlite(docs, manifest, jobs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    readers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Rates(len(docs), jobs, parse, classified, pg, lite, own, readers, os.getloadavg())


def print_rates(rates: Rates) -> None:
    """The comparison line: ingest against parse on the same run, memory, load."""
    pg = "n/a" if rates.postgresql is None else f"{rates.postgresql:.1f}"
    ratio = "" if rates.postgresql is None else f" ({rates.postgresql / rates.parse:.2f}x parse)"
    print(
        f"same run, {rates.jobs} processes: parse {rates.parse:.1f} docs/s, parse+classify "
        f"{rates.parse_classify:.1f}; ingest PostgreSQL {pg}{ratio}, SQLite {rates.sqlite:.1f} docs/s"
    )
    print(
        f"peak RSS: ingest process {rates.rss_self_mib:.0f} MiB, largest reader "
        f"{rates.rss_readers_mib:.0f} MiB (limit 1024 MiB each)"
    )
    print("load average: " + ", ".join(f"{x:.2f}" for x in rates.load))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="store_true", help="Ingest the whole corpus.")
    parser.add_argument("--jobs", "-j", type=int, default=None)
    parser.add_argument("--letters", type=int, default=10, help="Batch size (default 10).")
    parser.add_argument("--record", type=int, default=100_000, help="Synthetic record size.")
    parser.add_argument("--full", action="store_true", help="Also time a full re-thread.")
    parser.add_argument("--docs", type=Path, default=CORPUS / "docs")
    parser.add_argument("--manifest", type=Path, default=CORPUS / "manifest.csv")
    args = parser.parse_args()
    if not args.docs.is_dir():
        raise SystemExit(f"{args.docs}: the corpus is not there; give --docs and --manifest")
    if not args.corpus:
        scale(args.letters, args.record, args.jobs or 1, args.docs, args.manifest, args.full)
        return
    jobs = args.jobs or os.cpu_count() or 1
    docs = list_documents([args.docs])
    raw = sum(p.stat().st_size for p in docs)
    print(f"corpus: {len(docs)} documents, {raw / 1e6:.1f} MB; {jobs} parser processes")
    print_rates(corpus_rates(docs, args.manifest, jobs))


if __name__ == "__main__":
    main()

"""The fuzz corpus: mutations of real corpus letters plus the hostile shapes of issue 15, each
read and stored by the pipeline's read and store stages into a record that already holds real
letters, and each amendment-shaped input read
as a filing version (the desk's upload path). Every input must get a reading or a clear
per-document error within the per-document limits, and nothing stored before may change.

    .venv/bin/python -m tests.fuzz.run                       # full size (minutes)
    .venv/bin/python -m tests.fuzz.run --mutations 30 --scale 0.01   # the CI sample's size

It prints the inputs, the errors by kind, the slowest inputs and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import MEMORY_ENV, SECONDS_ENV, BoundedReaders, Limits
from reviewdesk.pipeline.read import read
from reviewdesk.record import Store, open_store
from reviewdesk.record.batch import store_paths
from reviewdesk.record.ingest import IngestOutcome, Status
from reviewdesk.services.redline import RedlineInputError, read_version_bytes
from tests.conftest import DOCS
from tests.fuzz.mutations import mutate
from tests.fuzz.shapes import SHAPES

KEPT_TABLES = (
    "raw_documents",
    "letters",
    "letter_filings",
    "contacts",
    "comments",
    "responses",
    "ingest_errors",
)
"""What ingest writes; rows stored before the fuzz inputs must come out of it unchanged."""
AMENDMENT_SUFFIXES = (".docx", ".htm", ".pdf")


@dataclass
class Timed:
    """One input's outcome and how long it took."""

    name: str
    seconds: float
    error: str | None


@dataclass
class FuzzReport:
    """What the fuzz run found."""

    inputs: int = 0
    read: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    not_stored: list[IngestOutcome] = field(default_factory=list)
    timings: list[Timed] = field(default_factory=list)
    changed_before: list[str] = field(default_factory=list)
    peak_worker_mib: float = 0.0
    peak_self_mib: float = 0.0

    def slowest(self, count: int = 5) -> list[Timed]:
        """The inputs that took longest."""
        return sorted(self.timings, key=lambda t: t.seconds, reverse=True)[:count]


def error_kind(message: str) -> str:
    """An error's kind: its message before the first detail, with numbers as N."""
    head = re.split(r"[;(]", message, maxsplit=1)[0]
    return re.sub(r"\d[\d,.]*", "N", head).strip()[:90]


def build_inputs(folder: Path, docs: list[Path], mutations: int, scale: float, seed: int) -> None:
    """Write the mutations and the hostile shapes into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in mutate(docs, mutations, seed):
        (folder / name).write_bytes(data)
    for number, build in enumerate(SHAPES.values()):
        name, data = build(scale)
        (folder / f"s{number:02d}_{name}").write_bytes(data)


def snapshot(store: Store) -> dict[str, dict[Any, tuple[Any, ...]]]:
    """Every row ingest writes, by table and primary key (the first column)."""
    rows: dict[str, dict[Any, tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table in KEPT_TABLES:
            result = connection.execute(text(f"SELECT * FROM {table}"))
            rows[table] = {row[0]: tuple(row) for row in result}
    return rows


def run(
    workdir: Path,
    docs: list[Path],
    *,
    mutations: int,
    scale: float,
    seed: int = 15,
    seed_letters: int = 5,
    jobs: int = 1,
) -> FuzzReport:
    """Build the inputs in `workdir`, ingest them after `seed_letters` real letters, read the
    amendment-shaped ones as filing versions, and report."""
    report = FuzzReport()
    inputs = workdir / "inputs"
    build_inputs(inputs, docs, mutations, scale, seed)
    store = open_store(str(workdir / "record.sqlite"))
    try:
        store_paths(store, docs[:seed_letters], jobs=1, reader=read)
        before = snapshot(store)
        paths = sorted(inputs.iterdir())
        report.inputs = len(paths)
        last = time.perf_counter()

        def count(outcome: IngestOutcome) -> None:
            nonlocal last
            now = time.perf_counter()
            report.timings.append(Timed(Path(outcome.source).name, now - last, outcome.error))
            last = now
            if outcome.status is Status.failed:
                report.not_stored.append(outcome)
            if outcome.error is None:
                report.read += 1
            else:
                report.errors[error_kind(outcome.error)] += 1

        store_paths(store, paths, jobs=jobs, progress=count, reader=read)
        after = snapshot(store)
        for table, rows in before.items():
            report.changed_before += [
                f"{table}:{key}" for key, row in rows.items() if after[table].get(key) != row
            ]
    finally:
        store.close()
    uploads = [p for p in paths if p.suffix in AMENDMENT_SUFFIXES]
    shaped = [p for p in uploads if p.name.startswith("s")]
    _read_amendments(report, shaped + [p for p in uploads if p not in shaped][:20])
    report.peak_worker_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report.peak_self_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def _read_amendments(report: FuzzReport, paths: list[Path]) -> None:
    """Read each as the desk reads an uploaded amendment (DOCX, HTML or PDF filing version)."""
    with BoundedReaders(1) as readers:
        for path in paths:
            started = time.perf_counter()
            error: str | None = None
            try:
                readers.call(
                    read_version_bytes,
                    path.read_bytes(),
                    path.name,
                    source=path.name,
                    expected=(RedlineInputError,),
                )
            except (DocumentError, RedlineInputError) as exc:
                error = exc.reason
            seconds = time.perf_counter() - started
            report.inputs += 1
            report.timings.append(Timed(f"amendment {path.name}", seconds, error))
            if error is None:
                report.read += 1
            else:
                report.errors[f"amendment: {error_kind(error)}"] += 1


def print_report(report: FuzzReport, limits: Limits) -> None:
    """The figures: inputs, errors by kind, slowest, peak memory."""
    print(f"inputs {report.inputs}: {report.read} read, {sum(report.errors.values())} errors")
    print(f"limits per document: {limits.memory_mib:,} MiB, {limits.seconds:g} s")
    for kind, number in report.errors.most_common():
        print(f"  {number:>5}  {kind}")
    print("slowest:")
    for timed in report.slowest():
        print(f"  {timed.seconds:7.2f} s  {timed.name}  {timed.error or 'read'}"[:160])
    print(
        f"peak memory: reader processes {report.peak_worker_mib:,.0f} MiB, "
        f"this process {report.peak_self_mib:,.0f} MiB"
    )
    print(
        f"not stored: {len(report.not_stored)}; rows stored before and changed: "
        f"{len(report.changed_before)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--mutations", type=int, default=600)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the sizes reported")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the inputs and record here")
    args = parser.parse_args()
    if not args.docs.is_dir():
        print(f"no corpus at {args.docs}; pass --docs FOLDER", file=sys.stderr)
        return 2
    docs = sorted(p for p in args.docs.iterdir() if p.is_file())
    limits = Limits.from_environment()
    os.environ.setdefault(MEMORY_ENV, str(limits.memory_mib))
    os.environ.setdefault(SECONDS_ENV, str(limits.seconds))
    with tempfile.TemporaryDirectory(prefix="reviewdesk-fuzz-") as scratch:
        workdir = args.workdir or Path(scratch)
        report = run(
            workdir,
            docs,
            mutations=args.mutations,
            scale=args.scale,
            seed=args.seed,
            jobs=args.jobs,
        )
    print_report(report, limits)
    return 1 if report.not_stored or report.changed_before else 0


if __name__ == "__main__":
    sys.exit(main())

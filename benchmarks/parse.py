"""Parse speed on the whole corpus: documents per second for raw text extraction alone, for
the full parse and for the parse with classification (topics, asks, answers, citations), and
peak memory. In-process times are CPU seconds, so other work on the machine does not count.

    .venv/bin/python benchmarks/parse.py [CORPUS_DOCS] [--repeat N]

It also times the full parse as `reviewdesk parse` runs it, in bounded reader processes
(one, and one per core), including their start-up, in wall-clock seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from reviewdesk.documents import DocumentError, read_path
from reviewdesk.documents.bounded import BoundedReaders
from reviewdesk.letters import parse_document, parse_path
from reviewdesk.letters.classify import classify_letter, shipped_reader
from reviewdesk.reviews.conversations import conversations, read_together

DEFAULT_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "docs"


def _extract(path: Path) -> None:
    with contextlib.suppress(DocumentError):
        read_path(path)


def _parse(path: Path) -> None:
    with contextlib.suppress(DocumentError):
        parse_document(read_path(path))


def _classified(path: Path) -> None:
    with contextlib.suppress(DocumentError):
        classify_letter(parse_document(read_path(path)))


def _together(paths: list[Path]) -> None:
    """As `reviewdesk parse` reads a run: every letter parsed and classified, then each staff
    comment read with the answers to it found among them (reviews/conversations.py)."""
    letters = []
    for path in paths:
        with contextlib.suppress(DocumentError):
            letter = parse_document(read_path(path))
            classify_letter(letter)
            letters.append(letter)
    talks = conversations(letters)
    read_together(talks, shipped_reader())


def _run_all(
    label: str, work: Callable[[list[Path]], None], paths: list[Path], repeat: int
) -> float:
    """The best of `repeat` runs of `work` over all documents, in CPU seconds; prints the rate."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work(paths)
        best = min(best, time.process_time() - started)
    rate = len(paths) / best
    print(f"{label:<22}{len(paths):>6} docs {best:>8.2f} CPU s {rate:>9.1f} docs/s")
    return rate


def _run(label: str, work: Callable[[Path], None], paths: list[Path], repeat: int) -> float:
    """`work` on each document in turn, timed as `_run_all` times a whole run."""

    def each(run: list[Path]) -> None:
        for path in run:
            work(path)

    return _run_all(label, each, paths, repeat)


def _bounded(paths: list[Path], workers: int) -> None:
    """The full parse as `reviewdesk parse` runs it: in bounded reader processes, in order."""
    started = time.perf_counter()
    with BoundedReaders(workers) as readers:
        calls = ((path, partial(parse_path, path)) for path in paths)
        for _path, _reading in readers.in_order(calls, str):
            pass
    took = time.perf_counter() - started
    label = f"bounded, {workers} worker{'s' if workers > 1 else ''}"
    print(f"{label:<22}{len(paths):>6} docs {took:>8.2f} s {len(paths) / took:>9.1f} docs/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the best counts")
    args = parser.parse_args()
    if not args.docs.is_dir():
        print(f"no corpus at {args.docs}; pass the folder of letters to read", file=sys.stderr)
        return 2
    paths = sorted(p for p in args.docs.iterdir() if p.is_file())
    by_kind: dict[str, list[Path]] = {}
    for path in paths:
        by_kind.setdefault(path.suffix.lower(), []).append(path)
    print(f"corpus: {args.docs} ({', '.join(f'{len(v)} {k}' for k, v in sorted(by_kind.items()))})")
    extract = _run("raw text extraction", _extract, paths, args.repeat)
    full = _run("full parse", _parse, paths, args.repeat)
    shipped_reader()
    classified = _run("parse + classify", _classified, paths, args.repeat)
    print(
        f"classification costs {100 * (full / classified - 1):.1f}% of the parse time "
        "(target: at most 20%)"
    )
    together = _run_all("+ read with answers", _together, paths, args.repeat)
    print(
        f"classification with comments read with their answers (as `reviewdesk parse` reads a "
        f"run) costs {100 * (full / together - 1):.1f}% of the parse time (target: at most 20%)"
    )
    for suffix, group in sorted(by_kind.items()):
        _run(f"  full parse {suffix}", _parse, group, 1)
    print(f"full parse costs {extract / full:.2f}x the raw extraction (target: at most 2x)")
    for workers in sorted({1, os.cpu_count() or 1}):
        _bounded(paths, workers)
    tracemalloc.start()
    for path in paths:
        _parse(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak Python memory during a full pass: {peak / 2**20:.1f} MiB; process peak RSS {rss:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest many documents: parse them in a process pool, write each from this process in its
own transaction, in input order, so an interrupted run resumes where it stopped."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.record import schema
from reviewdesk.record.ingest import (
    IngestOutcome,
    Status,
    digest,
    find_duplicate,
    rebuild_reviews,
    record_reading,
)
from reviewdesk.record.manifest import Manifest, read_manifest
from reviewdesk.record.reading import fill, read_letter, self_description
from reviewdesk.record.store import Store

DOCUMENT_SUFFIXES = frozenset({".pdf", ".htm", ".html", ".txt"})
WINDOW_PER_JOB = 4
"""Documents in flight per worker: enough to keep workers busy, few enough to bound memory."""
CRASHED = "the parser crashed its worker process on this document; it is kept for a reparse"

Progress = Callable[[IngestOutcome], None]


@dataclass
class Summary:
    """Counts of a batch, and the documents that were kept with an error or not kept at all."""

    given: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: int = 0
    failed: int = 0
    problems: list[IngestOutcome] = field(default_factory=list)
    reviews_rebuilt: bool = False

    def add(self, outcome: IngestOutcome) -> None:
        """Count one document's outcome."""
        self.given += 1
        if outcome.status in (Status.stored, Status.stored_with_error):
            self.stored += 1
        if outcome.status is Status.duplicate:
            self.duplicates += 1
        if outcome.status is Status.stored_with_error:
            self.errors += 1
        if outcome.status is Status.failed:
            self.failed += 1
        if outcome.error is not None:
            self.problems.append(outcome)


def list_documents(paths: Iterable[str | Path]) -> list[Path]:
    """Each document named: files as given, folders walked in sorted order for .pdf, .htm,
    .html and .txt files."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                child
                for child in sorted(path.rglob("*"))
                if child.is_file() and child.suffix.lower() in DOCUMENT_SUFFIXES
            )
        else:
            found.append(path)
    return found


@dataclass
class _Task:
    path: Path
    source: str
    given: SubmissionHeader
    data: bytes = b""
    sha256: str = ""
    parse: bool = True
    outcome: IngestOutcome | None = None


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    manifest: Manifest | str | Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    *,
    rebuild: bool = True,
) -> Summary:
    """Ingest every document under `paths`; documents already stored are recognised without
    being parsed again, and reviews are rebuilt at the end (when that layer exists)."""
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = read_manifest(manifest)
    jobs = max(1, jobs if jobs is not None else os.cpu_count() or 1)
    summary = Summary()
    tasks = _tasks(store, list_documents(paths), manifest or Manifest())
    for task, reading in _parsed(tasks, jobs):
        outcome = _finish(store, task, reading)
        summary.add(outcome)
        if progress is not None:
            progress(outcome)
    if rebuild:
        summary.reviews_rebuilt = rebuild_reviews(store)
    return summary


def _tasks(store: Store, documents: list[Path], manifest: Manifest) -> Iterator[_Task]:
    with store.session() as session:
        known = set(session.scalars(select(schema.Letter.raw_document_sha256)))
        known |= {a for a in session.scalars(select(schema.Letter.accession)) if a}
    for path in documents:
        task = _Task(path, str(path), manifest.lookup(path))
        try:
            task.data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            task.outcome = IngestOutcome(
                Status.failed, task.source, error=f"cannot be read ({reason}); check the path"
            )
            yield task
            continue
        task.sha256 = digest(task.data)
        accession = fill(task.given, self_description(b"", task.source)).accession
        task.parse = task.sha256 not in known and accession not in known
        known.add(task.sha256)
        if accession:
            known.add(accession)
        yield task


def _finish(store: Store, task: _Task, reading: letters.Letter | None) -> IngestOutcome:
    if task.outcome is not None:
        return task.outcome
    try:
        if reading is None:
            known = find_duplicate(store, task.sha256, task.given, task.source)
            if known is not None:
                return known
            reading = read_letter(task.data, task.source)
        return record_reading(store, task.data, reading, source=task.source, given=task.given)
    except Exception as exc:  # one document's write failing must not stop the batch
        return IngestOutcome(
            Status.failed,
            task.source,
            task.sha256,
            error=f"could not be stored ({type(exc).__name__}: {exc}); run ingest again",
        )


def _parsed(tasks: Iterator[_Task], jobs: int) -> Iterator[tuple[_Task, letters.Letter | None]]:
    """Each task with its reading (None when it needs none), in input order."""
    if jobs == 1:
        for task in tasks:
            needs = task.parse and task.outcome is None
            yield task, read_letter(task.data, task.source) if needs else None
        return
    with _Pool(jobs) as pool:
        yield from pool.run(tasks)


class _Pool:
    """A process pool that keeps a bounded window of documents in flight, in order, and
    survives a worker crash by finding the document that caused it."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.window = jobs * WINDOW_PER_JOB
        self.pending: deque[tuple[_Task, Future[letters.Letter] | None]] = deque()
        self.executor = self._start()

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"))

    def _submit(self, task: _Task) -> Future[letters.Letter] | None:
        if not task.parse or task.outcome is not None:
            return None
        try:
            return self.executor.submit(read_letter, task.data, task.source)
        except BrokenProcessPool as exc:
            broken: Future[letters.Letter] = Future()
            broken.set_exception(exc)
            return broken

    def run(self, tasks: Iterator[_Task]) -> Iterator[tuple[_Task, letters.Letter | None]]:
        exhausted = False
        while True:
            while not exhausted and sum(f is not None for _, f in self.pending) < self.window:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                self.pending.append((task, self._submit(task)))
            if not self.pending:
                return
            task, future = self.pending.popleft()
            yield task, self._result(task, future)

    def _result(self, task: _Task, future: Future[letters.Letter] | None) -> letters.Letter | None:
        if future is None:
            return None
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            alone = self.executor.submit(read_letter, task.data, task.source)
            try:
                return alone.result()
            except BrokenProcessPool:
                self._restart()
                return letters.Letter(source=task.source, error=CRASHED)
            finally:
                self._resubmit()

    def _restart(self) -> None:
        """A fresh pool after a crash; if its workers cannot even start, stop the batch."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        try:
            self.executor.submit(_ready).result()
        except BrokenProcessPool as exc:
            raise RuntimeError(
                "the parser's worker processes cannot start; run again with -j 1"
            ) from exc

    def _resubmit(self) -> None:
        self.pending = deque((task, self._submit(task)) for task, _ in self.pending)


def _ready() -> bool:
    """A worker that can run this has started and imported the parser."""
    return True

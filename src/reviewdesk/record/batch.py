"""The pipeline's store stage for many documents: read them in a process pool (with the
pipeline's reader), write them from one writer thread of this process a small group per
transaction, in input order, so an interrupted run resumes where it stopped. Documents
already stored are recognised by an indexed look-up per chunk of documents, so a batch costs
the same whatever the size of the record."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.record.companies import keep_tickers
from reviewdesk.record.ingest import (
    IngestOutcome,
    Status,
    digest,
    find_duplicate,
    find_duplicates,
    record_reading,
    record_readings,
)
from reviewdesk.record.manifest import Manifest, read_manifest
from reviewdesk.record.pool import Reader, read_in_order, read_one
from reviewdesk.record.store import Store

DOCUMENT_SUFFIXES = frozenset({".pdf", ".htm", ".html", ".txt"})
Progress = Callable[[IngestOutcome], None]
WRITE_GROUP = 8
"""New documents stored in one transaction: a kill loses at most this many (a rerun redoes
them), and a batch pays one commit for each group."""
WRITES_AHEAD = 2
"""Groups handed to the writer thread and not yet written: the readers keep reading while a
group is written, and the bytes waiting stay bounded."""
LOOKUP_CHUNK = 16
"""Documents read from disk and looked up in the record together; bounds the bytes held."""


@dataclass
class Summary:
    """Counts of a batch, and the documents that were kept with an error or not kept at all."""

    given: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: int = 0
    failed: int = 0
    problems: list[IngestOutcome] = field(default_factory=list)
    letter_ids: list[int] = field(default_factory=list)
    """The letters this batch stored (what threading takes)."""
    reviews_rebuilt: bool = False
    recent_advanced: list[str] = field(default_factory=list)
    """SQLite: the recent search indexes the batch's index stage advanced, one line each."""

    def add(self, outcome: IngestOutcome) -> None:
        """Count one document's outcome."""
        self.given += 1
        if outcome.status in (Status.stored, Status.stored_with_error):
            self.stored += 1
            if outcome.letter_id is not None:
                self.letter_ids.append(outcome.letter_id)
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


def store_paths(
    store: Store,
    paths: Iterable[str | Path],
    manifest: Manifest | str | Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    *,
    reader: Reader,
) -> Summary:
    """Read (with `reader`, in `jobs` processes) and store every document under `paths`;
    documents already stored are recognised without being read again."""
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = read_manifest(manifest)
    jobs = max(1, jobs if jobs is not None else os.cpu_count() or 1)
    summary = Summary()
    tasks = _tasks(store, list_documents(paths), manifest or Manifest())
    work = ((task, task.data if task.parse and task.outcome is None else None) for task in tasks)
    readings = read_in_order(work, jobs, source=lambda task: task.source, reader=reader)
    for outcome in _written(store, readings, reader):
        summary.add(outcome)
        if progress is not None:
            progress(outcome)
    if manifest is not None and manifest.tickers:
        keep_tickers(store, manifest.tickers)
    return summary


def _tasks(store: Store, documents: list[Path], manifest: Manifest) -> Iterator[_Task]:
    """Each document as a task, read from disk and looked up in the record a chunk of
    `LOOKUP_CHUNK` at a time (one query for the chunk, not one per document)."""
    seen: set[str] = set()
    for start in range(0, len(documents), LOOKUP_CHUNK):
        chunk = [_read(path, manifest) for path in documents[start : start + LOOKUP_CHUNK]]
        readable = [task for task in chunk if task.outcome is None]
        known = find_duplicates(store, [(t.sha256, t.given, t.source) for t in readable])
        for task, outcome in zip(readable, known, strict=True):
            task.outcome = outcome
            task.parse = task.sha256 not in seen
            seen.add(task.sha256)
        yield from chunk


def _read(path: Path, manifest: Manifest) -> _Task:
    task = _Task(path, str(path), manifest.lookup(path))
    try:
        task.data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        task.outcome = IngestOutcome(
            Status.failed, task.source, error=f"cannot be read ({reason}); check the path"
        )
        return task
    task.sha256 = digest(task.data)
    return task


def _written(
    store: Store, readings: Iterable[tuple[_Task, letters.Letter | None]], reader: Reader
) -> Iterator[IngestOutcome]:
    """Each task's outcome, in order. New readings are written `WRITE_GROUP` to a transaction
    by one writer thread, in input order, while this thread goes on handing documents to the
    readers; at most `WRITES_AHEAD` groups wait for it."""
    pending: deque[Future[list[IngestOutcome]]] = deque()
    with ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") as writer:

        def hand(write: Callable[[], list[IngestOutcome]]) -> Iterator[IngestOutcome]:
            pending.append(writer.submit(write))
            while len(pending) > WRITES_AHEAD or (pending and pending[0].done()):
                yield from pending.popleft().result()

        group: list[tuple[_Task, letters.Letter]] = []
        for task, reading in readings:
            if task.outcome is None and reading is not None:
                group.append((task, reading))
                if len(group) < WRITE_GROUP:
                    continue
            if group:
                yield from hand(partial(_write_group, store, group, reader))
            group = []
            if task.outcome is not None or reading is None:
                yield from hand(partial(_finish_one, store, task, reading, reader))
        if group:
            yield from hand(partial(_write_group, store, group, reader))
        while pending:
            yield from pending.popleft().result()


def _finish_one(
    store: Store, task: _Task, reading: letters.Letter | None, reader: Reader
) -> list[IngestOutcome]:
    return [_finish(store, task, reading, reader)]


def _write_group(
    store: Store, group: list[tuple[_Task, letters.Letter]], reader: Reader
) -> list[IngestOutcome]:
    if not group:
        return []
    try:
        return record_readings(
            store, [(t.data, t.sha256, reading, t.source, t.given) for t, reading in group]
        )
    except Exception:  # nothing of the group was kept: each document on its own, as before
        return [_finish(store, task, reading, reader) for task, reading in group]


def _finish(
    store: Store, task: _Task, reading: letters.Letter | None, reader: Reader
) -> IngestOutcome:
    if task.outcome is not None:
        return task.outcome
    try:
        if reading is None:
            known = find_duplicate(store, task.sha256, task.given, task.source)
            if known is not None:
                return known
            reading = read_one(reader, task.data, task.source)
        return record_reading(
            store, task.data, reading, source=task.source, given=task.given, sha256=task.sha256
        )
    except Exception as exc:  # one document's write failing must not stop the batch
        return IngestOutcome(
            Status.failed,
            task.source,
            task.sha256,
            error=f"could not be stored ({type(exc).__name__}: {exc}); run ingest again",
        )

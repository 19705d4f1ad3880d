"""The pipeline's store stage for many documents: read them in a process pool (with the
pipeline's reader), write them from one writer thread of this process a small group per
transaction, in input order, so an interrupted run resumes where it stopped. Documents
already stored are recognised by an indexed look-up per chunk of documents, so a batch costs
the same whatever the size of the record. Once the batch has stored the last of its
documents of a company (by the manifest's CIK), the writer thread hands that company's
letters to the pipeline's thread stage while the readers go on (`ThreadAhead`)."""

from __future__ import annotations

import logging
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters.about.compiled import TopicOdds
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
AHEAD_LETTERS = 96
"""Letters of finished companies gathered before the writer threads them ahead: a threading
run costs a transaction and some thirty statements whatever its size, so several companies go
together (the corpus's 905 letters take 8 runs; 15 at 48 letters cost 0.6 CPU ms per
document more than one closing run)."""

KEPT_ODDS = 50_000
"""Items whose topic odds (from the read stage, about a kilobyte each) the writer keeps for
their threading at most; beyond it, threading reads those items' passages again."""

ItemOdds = Mapping[tuple[str, int, int], TopicOdds]
"""The topic odds the read stage gave stored items, by ("comment" or "response", letter id,
position in the letter)."""
Threader = Callable[[list[int], ItemOdds], object]
"""The pipeline's thread stage for letters, with their items' odds from the read stage."""

log = logging.getLogger(__name__)


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
    threaded_ahead: list[int] = field(default_factory=list)
    """The letters of `letter_ids` already threaded while the batch was storing."""
    topic_odds: ItemOdds = field(default_factory=dict)
    """The read stage's topic odds of the items of the letters left to thread (so threading
    need not read their passages again to read a comment with its answers)."""
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


@dataclass
class ThreadAhead:
    """Which stored letters can be threaded before the batch ends: a company's, once the
    batch has stored the last of its documents that the manifest gives that company's CIK
    (documents it gives no CIK wait for the closing threading). `thread` is the pipeline's
    thread stage for a company's letters; a letter's company read from the document itself
    may differ from the manifest's, which only costs a second threading of that company.
    It also keeps the topic odds the read stage gave each stored letter's items until the
    letter is threaded (`KEPT_ODDS` at most), for threading's joint reading."""

    thread: Threader
    ciks: list[str | None]
    """The manifest's CIK of each document of the batch, in input order."""
    last: dict[str, int] = field(default_factory=dict)
    seen: int = 0
    stored: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    finished: list[int] = field(default_factory=list)
    threaded: list[int] = field(default_factory=list)
    """Letters threaded ahead (appended by the writer thread)."""
    odds: dict[int, dict[tuple[str, int], TopicOdds]] = field(default_factory=dict)
    """By letter: the odds of its items by kind and position (kept by the writer thread)."""
    kept: int = 0

    def __post_init__(self) -> None:
        self.last = {cik: index for index, cik in enumerate(self.ciks) if cik}

    def after(self, outcome: IngestOutcome) -> Callable[[], list[IngestOutcome]] | None:
        """Take the next document's outcome; the threading run to hand the writer when
        enough letters of finished companies wait and documents remain to store."""
        index, self.seen = self.seen, self.seen + 1
        cik = self.ciks[index] if index < len(self.ciks) else None
        if cik is None:
            return None
        if outcome.new_letter is not None:
            self.stored[cik].append(outcome.new_letter)
        if self.last[cik] == index:
            self.finished.extend(self.stored.pop(cik, []))
        if len(self.finished) < AHEAD_LETTERS or self.seen >= len(self.ciks):
            return None
        letter_ids, self.finished = self.finished, []
        return partial(self._run, letter_ids)

    def keep(self, letter_id: int, reading: letters.Letter) -> None:
        """Keep the topic odds the read stage gave a stored letter's items (writer thread)."""
        items = [(("comment", p), c.topic_odds) for p, c in enumerate(reading.comments)]
        items += [(("response", p), r.topic_odds) for p, r in enumerate(reading.responses)]
        known = {key: odds for key, odds in items if odds is not None}
        if known and self.kept + len(known) <= KEPT_ODDS:
            self.odds[letter_id] = known
            self.kept += len(known)

    def taken(self, letter_ids: Iterable[int]) -> ItemOdds:
        """The odds kept of these letters' items, no longer kept."""
        found: dict[tuple[str, int, int], TopicOdds] = {}
        for letter_id in letter_ids:
            known = self.odds.pop(letter_id, {})
            self.kept -= len(known)
            found.update({(kind, letter_id, p): odds for (kind, p), odds in known.items()})
        return found

    def _run(self, letter_ids: list[int]) -> list[IngestOutcome]:
        """Thread `letter_ids` in the writer thread; a failure leaves them to the closing
        threading (nothing of the run is kept) and never stops the batch."""
        known = self.taken(letter_ids)
        try:
            self.thread(letter_ids, known)
        except Exception:
            log.exception("threading ahead failed; the closing threading does it instead")
            return []
        self.threaded.extend(letter_ids)
        return []


def store_paths(
    store: Store,
    paths: Iterable[str | Path],
    manifest: Manifest | str | Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    *,
    reader: Reader,
    thread_ahead: Threader | None = None,
) -> Summary:
    """Read (with `reader`, in `jobs` processes) and store every document under `paths`;
    documents already stored are recognised without being read again. `thread_ahead` (the
    pipeline's thread stage) is given, from the writer thread, the letters of each company
    the batch has stored all of (`ThreadAhead`); `Summary.threaded_ahead` lists them."""
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = read_manifest(manifest)
    manifest = manifest or Manifest()
    jobs = max(1, jobs if jobs is not None else os.cpu_count() or 1)
    summary = Summary()
    documents = list_documents(paths)
    headers = [manifest.lookup(path) for path in documents]
    ahead = (
        None
        if thread_ahead is None
        else ThreadAhead(thread_ahead, [given.cik for given in headers])
    )
    tasks = _tasks(store, documents, headers)
    work = ((task, task.data if task.parse and task.outcome is None else None) for task in tasks)
    readings = read_in_order(work, jobs, source=lambda task: task.source, reader=reader)
    for outcome in _written(store, readings, reader, ahead):
        summary.add(outcome)
        if progress is not None:
            progress(outcome)
    if manifest.tickers:
        keep_tickers(store, manifest.tickers)
    if ahead is not None:
        summary.threaded_ahead = list(ahead.threaded)
        summary.topic_odds = ahead.taken(list(ahead.odds))
    return summary


def _tasks(store: Store, documents: list[Path], headers: list[SubmissionHeader]) -> Iterator[_Task]:
    """Each document as a task with what the manifest says of it (`headers`, looked up once
    per document: each look-up resolves the path on disk), read from disk and looked up in
    the record a chunk of `LOOKUP_CHUNK` at a time (one query for the chunk, not one per
    document)."""
    seen: set[str] = set()
    for start in range(0, len(documents), LOOKUP_CHUNK):
        end = start + LOOKUP_CHUNK
        chunk = [
            _read(*told) for told in zip(documents[start:end], headers[start:end], strict=True)
        ]
        readable = [task for task in chunk if task.outcome is None]
        known = find_duplicates(store, [(t.sha256, t.given, t.source) for t in readable])
        for task, outcome in zip(readable, known, strict=True):
            task.outcome = outcome
            task.parse = task.sha256 not in seen
            seen.add(task.sha256)
        yield from chunk


def _read(path: Path, given: SubmissionHeader) -> _Task:
    task = _Task(path, str(path), given)
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
    store: Store,
    readings: Iterable[tuple[_Task, letters.Letter | None]],
    reader: Reader,
    ahead: ThreadAhead | None,
) -> Iterator[IngestOutcome]:
    """Each task's outcome, in order. New readings are written `WRITE_GROUP` to a transaction
    by one writer thread, in input order, while this thread goes on handing documents to the
    readers; at most `WRITES_AHEAD` groups wait for it. Threading runs ahead (`ahead`) go to
    the same writer thread, after the writes of the letters they thread."""
    pending: deque[Future[list[IngestOutcome]]] = deque()
    with ThreadPoolExecutor(1, thread_name_prefix="ingest-writer") as writer:

        def hand(write: Callable[[], list[IngestOutcome]]) -> Iterator[IngestOutcome]:
            pending.append(writer.submit(write))
            while len(pending) > WRITES_AHEAD or (pending and pending[0].done()):
                for outcome in pending.popleft().result():
                    yield outcome
                    run = None if ahead is None else ahead.after(outcome)
                    if run is not None:
                        pending.append(writer.submit(run))

        group: list[tuple[_Task, letters.Letter]] = []
        for task, reading in readings:
            if task.outcome is None and reading is not None:
                group.append((task, reading))
                if len(group) < WRITE_GROUP:
                    continue
            if group:
                yield from hand(partial(_write_group, store, group, reader, ahead))
            group = []
            if task.outcome is not None or reading is None:
                yield from hand(partial(_finish_one, store, task, reading, reader))
        if group:
            yield from hand(partial(_write_group, store, group, reader, ahead))
        while pending:
            yield from pending.popleft().result()


def _finish_one(
    store: Store, task: _Task, reading: letters.Letter | None, reader: Reader
) -> list[IngestOutcome]:
    return [_finish(store, task, reading, reader)]


def _write_group(
    store: Store,
    group: list[tuple[_Task, letters.Letter]],
    reader: Reader,
    ahead: ThreadAhead | None,
) -> list[IngestOutcome]:
    if not group:
        return []
    try:
        outcomes = record_readings(
            store, [(t.data, t.sha256, reading, t.source, t.given) for t, reading in group]
        )
    except Exception:  # nothing of the group was kept: each document on its own, as before
        outcomes = [_finish(store, task, reading, reader) for task, reading in group]
    if ahead is not None:
        for outcome, (_, reading) in zip(outcomes, group, strict=True):
            if outcome.new_letter is not None:
                ahead.keep(outcome.new_letter, reading)
    return outcomes


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

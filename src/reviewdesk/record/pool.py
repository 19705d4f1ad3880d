"""Parse documents in a process pool and hand the readings back in input order, with a
bounded number in flight; a document that crashes its worker is found and marked, not fatal."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from reviewdesk import letters
from reviewdesk.record.reading import read_letter

Item = TypeVar("Item")
Reader = Callable[[bytes, str], letters.Letter]
WINDOW_PER_JOB = 4
"""Documents in flight per worker: enough to keep workers busy, few enough to bound memory."""
CRASHED = "the parser crashed its worker process on this document; it is kept for a reparse"


def read_in_order(
    work: Iterator[tuple[Item, bytes | None]],
    jobs: int,
    *,
    source: Callable[[Item], str],
    reader: Reader | None = None,
) -> Iterator[tuple[Item, letters.Letter | None]]:
    """Each item with the reading of its bytes (None where it has no bytes to read), in
    order; `jobs` 1 parses in this process. `reader` (default: the parser) must be a
    module-level function so worker processes can import it."""
    read = reader or read_letter
    if jobs <= 1:
        for item, data in work:
            yield item, None if data is None else read(data, source(item))
        return
    with _Pool[Item](jobs, source, read) as pool:
        yield from pool.run(work)


class _Pool(Generic[Item]):
    """A spawn-context process pool with a window of documents in flight, kept in order."""

    def __init__(self, jobs: int, source: Callable[[Item], str], read: Reader) -> None:
        self.jobs = jobs
        self.source = source
        self.read = read
        self.window = jobs * WINDOW_PER_JOB
        self.pending: deque[tuple[Item, bytes | None, Future[letters.Letter] | None]] = deque()
        self.executor = self._start()

    def __enter__(self) -> _Pool[Item]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"))

    def _submit(self, item: Item, data: bytes | None) -> Future[letters.Letter] | None:
        if data is None:
            return None
        try:
            return self.executor.submit(self.read, data, self.source(item))
        except BrokenProcessPool as exc:
            broken: Future[letters.Letter] = Future()
            broken.set_exception(exc)
            return broken

    def run(
        self, work: Iterator[tuple[Item, bytes | None]]
    ) -> Iterator[tuple[Item, letters.Letter | None]]:
        """Keep the window full; yield the oldest item as soon as its reading is ready."""
        exhausted = False
        while True:
            while not exhausted and sum(f is not None for *_, f in self.pending) < self.window:
                entry = next(work, None)
                if entry is None:
                    exhausted = True
                    break
                item, data = entry
                self.pending.append((item, data, self._submit(item, data)))
            if not self.pending:
                return
            item, data, future = self.pending.popleft()
            yield item, self._result(item, data, future)

    def _result(
        self, item: Item, data: bytes | None, future: Future[letters.Letter] | None
    ) -> letters.Letter | None:
        if future is None or data is None:
            return None
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            alone = self.executor.submit(self.read, data, self.source(item))
            try:
                return alone.result()
            except BrokenProcessPool:
                self._restart()
                return letters.Letter(source=self.source(item), error=CRASHED)
            finally:
                self.pending = deque(
                    (other, raw, self._submit(other, raw)) for other, raw, _ in self.pending
                )

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


def _ready() -> bool:
    """A worker that can run this has started and imported the parser."""
    return True

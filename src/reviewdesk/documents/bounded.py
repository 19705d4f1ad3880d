"""Read untrusted documents in worker processes bounded in memory and time.

A crafted PDF, DOCX or HTML can make a reader take gigabytes or minutes. Each document is read
in a long-lived worker process (pebble's pool: per-task timeouts that kill the worker, workers
replaced when they die or after `TASKS_PER_WORKER` documents) whose address space is capped
with RLIMIT_AS. What exceeds a limit becomes a DocumentError naming the document and the
limit; the caller and the other documents go on. Workers die with the process that started
them (PR_SET_PDEATHSIG, and a thread that watches the parent), so a killed batch leaves none.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.util import Finalize
from typing import Any, TypeVar

import pebble
from pebble import ProcessExpired

from reviewdesk.documents.errors import DocumentError

T = TypeVar("T")
Item = TypeVar("Item")
MEMORY_ENV = "REVIEWDESK_READ_MEMORY_MIB"
SECONDS_ENV = "REVIEWDESK_READ_SECONDS"
SHARED_WORKERS = 2
"""Workers of the process-wide pool (`shared_readers`): uploads and fetches come one by one."""
WINDOW_PER_WORKER = 4
"""Documents in flight per worker in a batch: enough to keep it busy, few enough to bound memory."""
TASKS_PER_WORKER = 500
"""Documents a worker reads before it is replaced, so a slowly growing heap is given back."""
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Limits:
    """What reading one document may take: the worker's address space and wall-clock time."""

    memory_mib: int = 2048
    seconds: float = 60.0

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits from $REVIEWDESK_READ_MEMORY_MIB and $REVIEWDESK_READ_SECONDS, else the
        defaults (2,048 MiB, 60 s)."""
        default = cls()
        return cls(
            memory_mib=_positive(MEMORY_ENV, int, default.memory_mib),
            seconds=_positive(SECONDS_ENV, float, default.seconds),
        )


def _positive(name: str, kind: Callable[[str], T], default: T) -> T:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not float(value) > 0:  # type: ignore[arg-type]
        raise ValueError(f"${name} is {raw!r}; give a positive number")
    return value


class BoundedReaders:
    """A pool of bounded worker processes; `submit` a module-level function of a document,
    `outcome` its result or a DocumentError saying which limit the document exceeded."""

    def __init__(self, workers: int = 1, limits: Limits | None = None) -> None:
        self.limits = limits or Limits.from_environment()
        self.workers = max(1, workers)
        watch_thread_only = threading.current_thread() is not threading.main_thread()
        self._pool = pebble.ProcessPool(
            max_workers=self.workers,
            max_tasks=TASKS_PER_WORKER,
            initializer=_bound_worker,
            initargs=(self.limits.memory_mib, os.getpid(), not watch_thread_only),
            context=multiprocessing.get_context("spawn"),
        )

    def __enter__(self) -> BoundedReaders:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def submit(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Start reading in a worker; the future's result is `function(*args, **kwargs)`.
        `function` must be importable by name (module level) so the worker can load it."""
        future: Future[T] = self._pool.schedule(
            function, args=args, kwargs=kwargs, timeout=self.limits.seconds
        )
        return future

    def outcome(
        self, future: Future[T], source: str, expected: tuple[type[Exception], ...] = ()
    ) -> T:
        """The result of a submitted read, or a DocumentError naming `source` when the
        document exceeded a limit, crashed its worker or made the reader fail."""
        passed_on: tuple[type[Exception], ...] = (DocumentError, *expected)
        try:
            return future.result()
        except passed_on:
            raise
        except FutureTimeout:
            raise DocumentError(source, self.too_slow()) from None
        except MemoryError:
            raise DocumentError(source, self.too_big()) from None
        except ProcessExpired as exc:
            raise DocumentError(source, self.crashed(exc.exitcode)) from None
        except CancelledError:
            raise DocumentError(source, "reading was cancelled; read it again") from None
        except BrokenProcessPool as exc:
            raise RuntimeError(
                "the reader's worker processes cannot start; check that the machine has "
                f"{self.limits.memory_mib:,} MiB free for each, or lower ${MEMORY_ENV}"
            ) from exc
        except Exception as exc:
            raise DocumentError(source, f"the reader failed: {type(exc).__name__}: {exc}") from exc

    def call(
        self,
        function: Callable[..., T],
        *args: Any,
        source: str,
        expected: tuple[type[Exception], ...] = (),
        **kwargs: Any,
    ) -> T:
        """`function(*args, **kwargs)` in a bounded worker, waiting for it (see `outcome`;
        the `expected` errors of `function` are raised as they are)."""
        return self.outcome(self.submit(function, *args, **kwargs), source, expected)

    def in_order(
        self,
        work: Iterable[tuple[Item, Callable[[], T] | None]],
        source: Callable[[Item], str],
    ) -> Iterator[tuple[Item, T | DocumentError | None]]:
        """Each item with the result of its call (a picklable callable, e.g. a partial of a
        module-level function; None for no call), or the DocumentError its document raised,
        in input order, with `WINDOW_PER_WORKER` documents in flight per worker."""
        pending: deque[tuple[Item, Future[T] | None]] = deque()
        window = self.workers * WINDOW_PER_WORKER
        calls = iter(work)
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                entry = next(calls, None)
                if entry is None:
                    exhausted = True
                    break
                item, call = entry
                pending.append((item, None if call is None else self.submit(call)))
            if not pending:
                return
            item, future = pending.popleft()
            if future is None:
                yield item, None
                continue
            try:
                yield item, self.outcome(future, source(item))
            except DocumentError as exc:
                yield item, exc

    def too_slow(self) -> str:
        """The reason given for a document that takes longer than the time limit."""
        return (
            f"reading it took longer than the {self.limits.seconds:g} s a document may take, "
            f"so it was stopped; if you trust it, raise ${SECONDS_ENV} and read it again"
        )

    def too_big(self) -> str:
        """The reason given for a document that needs more memory than the limit."""
        return (
            f"reading it needs more than the {self.limits.memory_mib:,} MiB a document may use, "
            f"so it was stopped; if you trust it, raise ${MEMORY_ENV} and read it again"
        )

    def crashed(self, exitcode: int | None) -> str:
        """The reason given for a document whose reader process died."""
        how = (
            f"signal {signal.Signals(-exitcode).name}"
            if exitcode is not None and exitcode < 0 and -exitcode in signal.valid_signals()
            else f"exit code {exitcode}"
        )
        return (
            f"its reader process died ({how}), most likely out of the "
            f"{self.limits.memory_mib:,} MiB a document may use; the file is damaged or crafted"
        )

    def close(self) -> None:
        """Stop the workers (a read still running is abandoned)."""
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join()


_shared: BoundedReaders | None = None
_shared_lock = threading.Lock()


def shared_readers() -> BoundedReaders:
    """This process's pool of bounded readers for one document at a time (a server, a fetch,
    an upload): started on first use with `SHARED_WORKERS` workers, stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = BoundedReaders(SHARED_WORKERS)
            # Stopped by multiprocessing's exit handler, which also runs in a child process
            # (where atexit does not) before it waits for the workers to end.
            Finalize(_shared, _shared.close, exitpriority=10)
        return _shared


def _bound_worker(memory_mib: int, parent: int, death_signal: bool) -> None:
    """In each worker, before any document: cap the address space, die with the parent."""
    if death_signal and sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    limit = memory_mib * 2**20
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _watch_parent(parent: int) -> None:
    """End this worker as soon as the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)

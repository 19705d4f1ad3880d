"""Parse documents in bounded worker processes and hand the readings back in input order: a
document that exceeds the per-document memory or time limit, or crashes its worker, gets a
reading with `error` set (and is still kept); the rest of the batch is read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

from reviewdesk import letters
from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import SHARED_WORKERS, BoundedReaders, Limits, shared_readers
from reviewdesk.record.reading import read_letter

Item = TypeVar("Item")
Reader = Callable[[bytes, str], letters.Letter]


def read_in_order(
    work: Iterator[tuple[Item, bytes | None]],
    jobs: int,
    *,
    source: Callable[[Item], str],
    reader: Reader | None = None,
    limits: Limits | None = None,
) -> Iterator[tuple[Item, letters.Letter | None]]:
    """Each item with the reading of its bytes (None where it has no bytes to read), in
    order, read by `jobs` bounded workers (this process's shared ones when there are enough
    of them and `limits` is not given). `reader` (default: the parser) must be a module-level
    function so worker processes can import it."""
    read = reader or read_letter
    calls = (
        (item, None if data is None else partial(read, data, source(item))) for item, data in work
    )
    if limits is None and jobs <= SHARED_WORKERS:  # workers already started in this process
        readings = shared_readers().in_order(calls, source)
        yield from ((item, _reading(result, source(item))) for item, result in readings)
        return
    with BoundedReaders(jobs, limits) as readers:
        for item, result in readers.in_order(calls, source):
            yield item, _reading(result, source(item))


def read_one(reader: Reader, data: bytes, source: str) -> letters.Letter:
    """One document's reading by `reader` (module-level) in one of this process's bounded
    workers: a document over the memory or time limit, or one that crashes its reader, gets a
    reading with `error` set."""
    try:
        return shared_readers().call(reader, data, source, source=source)
    except DocumentError as exc:
        return letters.Letter(source=source, error=exc.reason)


def _reading(result: letters.Letter | DocumentError | None, source: str) -> letters.Letter | None:
    if isinstance(result, DocumentError):
        return letters.Letter(source=source, error=result.reason)
    return result

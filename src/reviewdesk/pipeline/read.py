"""Read stage: a document's bytes to a classified reading. Module-level so the bounded reader
processes import it; parsing and classifying both run there, within the per-document memory
and time limits (`reviewdesk.documents.bounded`)."""

from __future__ import annotations

from reviewdesk import letters
from reviewdesk.pipeline.classify import classify
from reviewdesk.record.pool import read_one
from reviewdesk.record.reading import read_letter


def read(data: bytes, source: str) -> letters.Letter:
    """The parser's reading of `data` (a crash becomes the reading's error), classified."""
    return classify(read_letter(data, source))


def read_bounded(data: bytes, source: str) -> letters.Letter:
    """The read stage for a document that arrives alone (a fetch, a publication): `read` in
    one of this process's bounded reader processes; over a limit, the reading's error says so."""
    return read_one(read, data, source)

"""Read stage: a document's bytes to a classified reading. Module-level so the process pool's
workers import it; parsing and classifying both run in the worker."""

from __future__ import annotations

from reviewdesk import letters
from reviewdesk.pipeline.classify import classify
from reviewdesk.record.reading import read_letter


def read(data: bytes, source: str) -> letters.Letter:
    """The parser's reading of `data` (a crash becomes the reading's error), classified."""
    return classify(read_letter(data, source))

"""Classify stage: what each comment is about and asks, and how each answer answers, filled
into the reading by `reviewdesk.letters.classify` before it is stored."""

from __future__ import annotations

from reviewdesk import letters
from reviewdesk.letters.classify import classify_letter


def classify(reading: letters.Letter) -> letters.Letter:
    """`reading` with its topics, asks and answers filled; a classifier failure is kept as
    the reading's error (the document is stored all the same, and a reparse retries it)."""
    try:
        classify_letter(reading)
    except Exception as exc:  # a classifier bug must not lose the document
        failure = f"the classifier failed: {type(exc).__name__}: {exc}"
        reading.error = f"{reading.error}; {failure}" if reading.error else failure
    return reading

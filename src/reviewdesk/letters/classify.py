"""What each comment is about and asks, and how each answer answers (eval/TOPICS.md codes):
`reviewdesk parse` and the pipeline's classify stage call `classify_letter` on every reading.

The shipped model (letters/about/linear-topics.json.gz, built by `reviewdesk topics train`)
is loaded once per process, on first use."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from reviewdesk.letters.about.compiled import CompiledModel
from reviewdesk.letters.about.labels import comment_passage, letter_forms, response_passage
from reviewdesk.letters.about.model import LinearModel, load_model
from reviewdesk.letters.cites import cite_letter
from reviewdesk.letters.model import Letter

MODEL_PATH = Path(__file__).resolve().parent / "about" / "linear-topics.json.gz"


def _version() -> str:
    """The classifier's name and the digest of the model file it reads."""
    digest = (
        hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]
        if MODEL_PATH.exists()
        else "missing"
    )
    return f"linear-topics+cites/3 model {digest}"


CLASSIFIER_VERSION: str = _version()
"""Which classifier read the letter; stored with the labels, part of what makes them stale."""


@cache
def shipped_model() -> LinearModel:
    """The packaged model, read on first use."""
    if not MODEL_PATH.exists():
        raise FileNotFoundError(
            f"the topic model {MODEL_PATH} is missing; build it with `reviewdesk topics train`"
        )
    return load_model(MODEL_PATH)


@cache
def shipped_reader() -> CompiledModel:
    """The packaged model compiled for reading, built on first use."""
    return CompiledModel(shipped_model())


def classify_letter(letter: Letter, reader: CompiledModel | None = None) -> None:
    """Fill, in place, the topics, asks and citations of each comment and the answer classes,
    topics and citations of each response (left empty where there is no text to go on), read
    with the shipped model or `reader` (cross-validation reads with each fold's)."""
    if letter.error is not None:
        return
    cite_letter(letter)
    reader = reader or shipped_reader()
    forms = letter_forms(letter)
    for comment in letter.comments:
        if comment.text.strip() or (comment.heading or "").strip():
            reading = reader.read(comment_passage(comment, forms), "asks")
            comment.topics, comment.asks = reading.topics, reading.codes
            comment.topic_odds = reading.odds
    for response in letter.responses:
        if response.response_text.strip():
            reading = reader.read(response_passage(response, forms), "answer")
            response.topics, response.answer = reading.topics, reading.codes
            response.topic_odds = reading.odds

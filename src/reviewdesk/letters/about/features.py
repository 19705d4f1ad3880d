"""What the linear model sees of a comment or an answer: the words of its caption, of its text
and of the restated comment, the authorities it cites and the cue hits of the rules."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from reviewdesk.letters.about.signals import answer_cues, ask_cues, citations, topic_cues

_TOKEN = re.compile(r"[a-z][a-z0-9&]*(?:[-'][a-z0-9]+)*|\d+(?:-\d+)?[a-z]?")

Features = dict[str, float]


@dataclass(frozen=True, slots=True)
class Passage:
    """The text of one item to classify: a staff comment (caption and text) or a company
    answer (the comment as restated, if it is, and the answer)."""

    heading: str | None
    text: str
    answer: str | None = None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _block(prefix: str, terms: list[str], out: Features, weight: float = 1.0) -> None:
    """Add a block of binary terms, L2-normalised within the block so a long text does not
    drown a short caption."""
    unique = set(terms)
    if not unique:
        return
    value = weight / math.sqrt(len(unique))
    for term in unique:
        out[prefix + term] = value


def _ngrams(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def passage_features(passage: Passage) -> Features:
    """The sparse feature vector of a passage, as term -> weight."""
    out: Features = {}
    heading = passage.heading or ""
    _block("h:", _ngrams(_tokens(heading)), out)
    _block("w:", _ngrams(_tokens(passage.text)), out)
    if passage.answer is not None:
        _block("r:", _ngrams(_tokens(passage.answer)), out)
    whole = f"{heading}\n{passage.text}\n{passage.answer or ''}"
    _block("c:", citations(whole), out)
    _block("hc:", list(topic_cues(heading)), out)
    body_cues = topic_cues(f"{passage.text}\n{passage.answer or ''}")
    for topic, count in body_cues.items():
        out["tc:" + topic] = math.log1p(count) / 2
    _block("ak:", list(ask_cues(passage.text)), out, 0.5)
    if passage.answer is not None:
        _block("an:", list(answer_cues(passage.answer)), out, 0.5)
    return out

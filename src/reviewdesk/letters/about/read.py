"""Reading a passage with the linear model: its topics (main first), asks or answer classes."""

from __future__ import annotations

from reviewdesk.letters.about.features import Passage, passage_features
from reviewdesk.letters.about.model import LinearModel, Vector

MAX_TOPICS = 3


def passage_vector(model: LinearModel, passage: Passage) -> Vector:
    """The passage's features with the signals the model was trained on."""
    return model.vector(passage_features(passage, model.lexicon, model.settings["signals"]))


def read_topics(model: LinearModel, vector: Vector) -> list[str]:
    """The most probable topic first, then up to two more as probable as the head's threshold."""
    probs = model.probabilities("topic", vector)
    ranked = sorted(probs, key=lambda c: (-probs[c], c))
    threshold = model.heads["topic"].threshold
    return ranked[:1] + [t for t in ranked[1:MAX_TOPICS] if probs[t] >= threshold]


def read_codes(model: LinearModel, head: str, vector: Vector) -> list[str]:
    """Every code at least as probable as the head's threshold, else the single most probable
    one, in vocabulary order."""
    probs = model.probabilities(head, vector)
    threshold = model.heads[head].threshold
    chosen = [c for c in model.heads[head].classes if probs[c] >= threshold]
    return chosen or [max(probs, key=lambda c: (probs[c], c))]

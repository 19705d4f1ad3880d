"""Reading a passage with the linear model: its topics (main first), asks or answer classes."""

from __future__ import annotations

from reviewdesk.letters.about.features import Features
from reviewdesk.letters.about.model import LinearModel

MAX_TOPICS = 3


def read_topics(model: LinearModel, features: Features) -> list[str]:
    """The most probable topic first, then up to two more as probable as the head's threshold."""
    probs = model.probabilities("topic", features)
    ranked = sorted(probs, key=lambda c: (-probs[c], c))
    threshold = model.heads["topic"].threshold
    return ranked[:1] + [t for t in ranked[1:MAX_TOPICS] if probs[t] >= threshold]


def read_codes(model: LinearModel, head: str, features: Features) -> list[str]:
    """Every code at least as probable as the head's threshold, else the single most probable
    one, in vocabulary order."""
    probs = model.probabilities(head, features)
    threshold = model.heads[head].threshold
    chosen = [c for c in model.heads[head].classes if probs[c] >= threshold]
    return chosen or [max(probs, key=lambda c: (probs[c], c))]

"""Reading a passage with the linear model: its topics (main first), asks or answer classes."""

from __future__ import annotations

from reviewdesk.letters.about.features import Passage, passage_features
from reviewdesk.letters.about.model import LinearModel, Vector

MAX_TOPICS = 3


def passage_vector(model: LinearModel, passage: Passage) -> Vector:
    """The passage's features with the signals the model was trained on."""
    return model.vector(passage_features(passage, model.lexicon, model.settings["signals"]))


def read_main(model: LinearModel, vector: Vector) -> str:
    """The most probable topic of the softmax head (trained on main topics)."""
    probs = model.probabilities("topic", vector)
    return min(probs, key=lambda c: (-probs[c], c))


def read_topics(model: LinearModel, vector: Vector) -> list[str]:
    """The main topic first, then up to two more whose per-topic probability reaches its
    threshold, most probable first."""
    main = read_main(model, vector)
    head = model.heads["topics"]
    probs = model.probabilities("topics", vector)
    cuts = dict(zip(head.classes, head.thresholds.tolist(), strict=True))
    more = sorted(
        (t for t in probs if t != main and probs[t] >= cuts[t]), key=lambda c: (-probs[c], c)
    )
    return [main, *more[: MAX_TOPICS - 1]]


def read_codes(model: LinearModel, head: str, vector: Vector) -> list[str]:
    """Every code at least as probable as its threshold, else the single most probable one,
    in vocabulary order."""
    probs = model.probabilities(head, vector)
    cuts = model.heads[head].thresholds.tolist()
    chosen = [c for c, cut in zip(model.heads[head].classes, cuts, strict=True) if probs[c] >= cut]
    return chosen or [max(probs, key=lambda c: (probs[c], c))]

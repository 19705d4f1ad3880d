"""The shipped linear model: a vocabulary and, per head (topic, topics, asks, answer),
classes, weights, intercepts and per-class thresholds, kept as gzipped JSON and scored with
numpy."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reviewdesk.letters.about.features import Features

FORMAT = "reviewdesk-linear-2"

Vector = tuple[NDArray[np.intp], NDArray[np.float64]]
"""A passage's known features: vocabulary indexes and their weights."""


@dataclass(frozen=True, slots=True)
class Head:
    """One linear classifier over the shared vocabulary."""

    classes: tuple[str, ...]
    weights: NDArray[np.float64]
    """features x classes (rows are gathered per passage)."""
    intercept: NDArray[np.float64]
    multilabel: bool
    thresholds: NDArray[np.float64]
    """Per class, the probability from which a multi-label head names it."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Vocabulary, heads and the settings they were trained with."""

    name: str
    vocabulary: dict[str, int]
    heads: dict[str, Head]
    settings: dict[str, Any]
    lexicon: dict[str, tuple[str, ...]]
    """word or word pair -> the rules' cue codes it carries."""

    def vector(self, features: Features) -> Vector:
        """The features the model knows, as vocabulary indexes and weights."""
        vocabulary = self.vocabulary
        known = list(features.keys() & vocabulary.keys())
        index = np.fromiter((vocabulary[t] for t in known), dtype=np.intp, count=len(known))
        values = np.fromiter((features[t] for t in known), dtype=np.float64, count=len(known))
        return index, values

    def probabilities(self, head: str, vector: Vector) -> dict[str, float]:
        """Each class's probability: softmax for a single-label head, per-class logistic for a
        multi-label one."""
        model = self.heads[head]
        index, values = vector
        scores = values @ model.weights[index] + model.intercept
        if model.multilabel:
            probs = 1.0 / (1.0 + np.exp(-scores))
        else:
            shifted = np.exp(scores - scores.max())
            probs = shifted / shifted.sum()
        return dict(zip(model.classes, probs.tolist(), strict=True))

    def to_json(self) -> dict[str, Any]:
        """The file's content: plain lists; each head's weights as int8 with a scale per class
        (a step of 1/254 of a class's largest weight)."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "format": FORMAT,
            "name": self.name,
            "settings": self.settings,
            "vocabulary": terms,
            "lexicon": {term: list(codes) for term, codes in sorted(self.lexicon.items())},
            "heads": {
                name: {
                    "classes": list(h.classes),
                    "multilabel": h.multilabel,
                    "thresholds": [round(float(x), 4) for x in h.thresholds],
                    "intercept": [round(float(x), 6) for x in h.intercept],
                    **_quantised(h.weights),
                }
                for name, h in self.heads.items()
            },
        }

    def save(self, path: Path) -> None:
        """Write the model as gzipped JSON, byte for byte the same for the same model."""
        data = json.dumps(self.to_json(), separators=(",", ":"), sort_keys=True).encode()
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _quantised(weights: NDArray[np.float64]) -> dict[str, Any]:
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    levels = np.rint(weights / scale).astype(np.int8)
    return {
        "scale": [float(x) for x in scale],
        "weights": base64.b64encode(levels.tobytes()).decode("ascii"),
    }


def _dequantised(h: dict[str, Any], width: int) -> NDArray[np.float64]:
    levels = np.frombuffer(base64.b64decode(h["weights"]), dtype=np.int8)
    scale = np.asarray(h["scale"], dtype=np.float64)
    return levels.reshape(width, len(scale)).astype(np.float64) * scale


def quantised(model: LinearModel) -> LinearModel:
    """The model as its file keeps it (weights rounded to their int8 steps)."""
    width = len(model.vocabulary)
    heads = {
        name: Head(
            h.classes,
            _dequantised(_quantised(h.weights), width),
            h.intercept,
            h.multilabel,
            h.thresholds,
        )
        for name, h in model.heads.items()
    }
    return LinearModel(model.name, model.vocabulary, heads, model.settings, model.lexicon)


def load_model(path: Path) -> LinearModel:
    """Read a model file written by `LinearModel.save`; says which file is wrong if it is."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError) as error:
        raise ValueError(
            f"{path}: not a ReviewDesk topic model ({error}); rebuild it with "
            "`reviewdesk topics train`"
        ) from error
    if data.get("format") != FORMAT:
        raise ValueError(
            f"{path}: model format {data.get('format')!r}, expected {FORMAT!r}; "
            "rebuild it with `reviewdesk topics train`"
        )
    vocabulary = {term: i for i, term in enumerate(data["vocabulary"])}
    heads = {
        name: Head(
            classes=tuple(h["classes"]),
            weights=_dequantised(h, len(vocabulary)),
            intercept=np.asarray(h["intercept"], dtype=np.float64),
            multilabel=bool(h["multilabel"]),
            thresholds=np.asarray(h["thresholds"], dtype=np.float64),
        )
        for name, h in data["heads"].items()
    }
    lexicon = {term: tuple(codes) for term, codes in data["lexicon"].items()}
    return LinearModel(data["name"], vocabulary, heads, dict(data["settings"]), lexicon)

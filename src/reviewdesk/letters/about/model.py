"""The shipped linear model: a vocabulary and, per head (topic, asks, answer), classes,
coefficients and intercepts, kept as gzipped JSON and scored with numpy."""

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

FORMAT = "reviewdesk-linear-1"


@dataclass(frozen=True, slots=True)
class Head:
    """One linear classifier over the shared vocabulary."""

    classes: tuple[str, ...]
    coef: NDArray[np.float64]
    """classes x features (one row for a binary head)."""
    intercept: NDArray[np.float64]
    multilabel: bool
    threshold: float


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Vocabulary, heads and the settings they were trained with."""

    name: str
    vocabulary: dict[str, int]
    heads: dict[str, Head]
    settings: dict[str, Any]

    def _vector(self, features: Features) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        pairs = [(self.vocabulary[t], v) for t, v in features.items() if t in self.vocabulary]
        index = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
        values = np.fromiter((v for _, v in pairs), dtype=np.float64, count=len(pairs))
        return index, values

    def probabilities(self, head: str, features: Features) -> dict[str, float]:
        """Each class's probability: softmax for a single-label head, per-class logistic for a
        multi-label one."""
        model = self.heads[head]
        index, values = self._vector(features)
        scores = model.coef[:, index] @ values + model.intercept
        if model.multilabel:
            probs = 1.0 / (1.0 + np.exp(-scores))
        else:
            shifted = np.exp(scores - scores.max())
            probs = shifted / shifted.sum()
        return {c: float(p) for c, p in zip(model.classes, probs, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """The file's content: plain lists; each head's coefficients as int8 with a scale per
        class (a 1/254 step of the largest weight changes no reading measurably)."""
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "format": FORMAT,
            "name": self.name,
            "settings": self.settings,
            "vocabulary": terms,
            "heads": {
                name: {
                    "classes": list(h.classes),
                    "multilabel": h.multilabel,
                    "threshold": h.threshold,
                    "intercept": [round(float(x), 6) for x in h.intercept],
                    **_quantised(h.coef),
                }
                for name, h in self.heads.items()
            },
        }

    def save(self, path: Path) -> None:
        """Write the model as gzipped JSON, byte for byte the same for the same model."""
        data = json.dumps(self.to_json(), separators=(",", ":"), sort_keys=True).encode()
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _quantised(coef: NDArray[np.float64]) -> dict[str, Any]:
    scale = np.abs(coef).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    levels = np.rint(coef / scale[:, None]).astype(np.int8)
    return {
        "scale": [float(x) for x in scale],
        "coef": base64.b64encode(levels.tobytes()).decode("ascii"),
    }


def _dequantised(h: dict[str, Any], width: int) -> NDArray[np.float64]:
    levels = np.frombuffer(base64.b64decode(h["coef"]), dtype=np.int8)
    scale = np.asarray(h["scale"], dtype=np.float64)
    return levels.reshape(len(scale), width).astype(np.float64) * scale[:, None]


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
    heads = {}
    for name, h in data["heads"].items():
        heads[name] = Head(
            classes=tuple(h["classes"]),
            coef=_dequantised(h, len(vocabulary)),
            intercept=np.asarray(h["intercept"], dtype=np.float64),
            multilabel=bool(h["multilabel"]),
            threshold=float(h["threshold"]),
        )
    return LinearModel(data["name"], vocabulary, heads, dict(data["settings"]))

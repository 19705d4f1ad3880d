"""Cross-validated figures for a reading method: folds that keep each company on one side, and
the four figures of shared/eval/score_topics.py computed the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sklearn.model_selection import GroupKFold

from reviewdesk.letters.about.labels import LabelledItem


@dataclass(frozen=True, slots=True)
class Reading:
    """What a method read for one item."""

    topics: list[str]
    codes: list[str]
    """asks for a comment, answer classes for an answer."""


Method = Callable[[Sequence[LabelledItem], Sequence[LabelledItem]], list[Reading]]
"""(training items, test items) -> one reading per test item."""


@dataclass(slots=True)
class Scores:
    """Counts behind main topic right, topic micro-F1, asks and answer micro-F1."""

    main_right: int = 0
    items: int = 0
    topic: tuple[int, int, int] = (0, 0, 0)
    asks: tuple[int, int, int] = (0, 0, 0)
    answer: tuple[int, int, int] = (0, 0, 0)

    def add(self, item: LabelledItem, reading: Reading) -> None:
        """Count one item as score_topics.py does (an `also` code counts as right)."""
        gold, also, predicted = set(item.topics), set(item.also), reading.topics
        self.items += 1
        self.main_right += bool(predicted) and predicted[0] in gold | also
        right = set(predicted) & (gold | also)
        missed = max(0, len(gold - set(predicted)) - len(right & also - gold))
        self.topic = _plus(self.topic, len(right), len(set(predicted) - right), missed)
        codes, truth = set(reading.codes), set(item.asks if item.role == "staff" else item.answer)
        counts = (len(codes & truth), len(codes - truth), len(truth - codes))
        if item.role == "staff":
            self.asks = _plus(self.asks, *counts)
        else:
            self.answer = _plus(self.answer, *counts)

    def figures(self) -> dict[str, float]:
        """main, topic_f1, asks_f1, answer_f1."""
        return {
            "main": self.main_right / self.items if self.items else 0.0,
            "topic_f1": _f1(self.topic),
            "asks_f1": _f1(self.asks),
            "answer_f1": _f1(self.answer),
        }


def _plus(a: tuple[int, int, int], tp: int, fp: int, fn: int) -> tuple[int, int, int]:
    return (a[0] + tp, a[1] + fp, a[2] + fn)


def _f1(counts: tuple[int, int, int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def folds(items: Sequence[LabelledItem], k: int = 5) -> list[tuple[list[int], list[int]]]:
    """k train/test index splits grouped by company (deterministic)."""
    groups = [item.group for item in items]
    return [
        (list(train), list(test))
        for train, test in GroupKFold(n_splits=k).split(list(range(len(items))), groups=groups)
    ]


def cross_validate(items: Sequence[LabelledItem], method: Method, k: int = 5) -> Scores:
    """Train on k-1 folds, read the held-out fold, for every fold; the pooled counts."""
    scores = Scores()
    for train, test in folds(items, k):
        held_out = [items[i] for i in test]
        for item, reading in zip(
            held_out, method([items[i] for i in train], held_out), strict=True
        ):
            scores.add(item, reading)
    return scores

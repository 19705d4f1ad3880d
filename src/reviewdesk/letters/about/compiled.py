"""The model compiled for reading many letters: the same readings as `read.py`, for less CPU.

Each part's known terms are looked up by a set intersection with that part's own table (no
prefixed feature names, no feature dictionary), the cue lexicon likewise, and all heads'
weights sit side by side so one gather scores a passage for every head.
`tests/letters/test_classify.py` checks that it reads exactly as the feature path that
training and cross-validation use."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from reviewdesk.letters.about.features import (
    AUTHORITIES,
    TOKEN,
    Passage,
    form_terms,
)
from reviewdesk.letters.about.model import LinearModel
from reviewdesk.letters.about.read import MAX_TOPICS


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model reads of one passage: topics (main first) and the codes of its head."""

    topics: list[str]
    codes: list[str]
    odds: TopicOdds | None = None
    """The topic probabilities the topics were read from."""


@dataclass(frozen=True, slots=True)
class TopicOdds:
    """How probable each topic is for a passage: the softmax of the main-topic head and the
    per-topic probabilities of the more-topics head, in the model's class order. Odds of
    passages about the same thing (a comment and its answers) can be averaged."""

    main: NDArray[np.float64]
    more: NDArray[np.float64]

    @staticmethod
    def mean(odds: list[TopicOdds], weights: list[float]) -> TopicOdds:
        """The weighted mean of several passages' odds (weights need not sum to one)."""
        main = np.average(np.vstack([o.main for o in odds]), axis=0, weights=weights)
        more = np.average(np.vstack([o.more for o in odds]), axis=0, weights=weights)
        return TopicOdds(main, more)


class CompiledModel:
    """A `LinearModel` laid out for fast reading (the topic head a softmax, the others
    per-class logistic, as `fit_model` trains them)."""

    def __init__(self, model: LinearModel) -> None:
        self.signals = frozenset(model.settings["signals"])
        self.parts: dict[str, dict[str, int]] = {}
        for term, index in model.vocabulary.items():
            prefix, _, rest = term.partition(":")
            self.parts.setdefault(prefix, {})[rest] = index
        self.cues: dict[str, dict[str, tuple[str, ...]]] = {"tc": {}, "ak": {}, "an": {}}
        for term, codes in model.lexicon.items():
            for code in codes:
                prefix, _, name = code.partition(":")
                table = self.cues[prefix]
                table[term] = (*table.get(term, ()), name)
        names = list(model.heads)
        self.weights = np.hstack([model.heads[h].weights for h in names])
        self.intercept = np.concatenate([model.heads[h].intercept for h in names])
        self.heads: dict[str, tuple[slice, tuple[str, ...], NDArray[np.float64]]] = {}
        """Per head: its columns, classes and thresholds."""
        start = 0
        for name in names:
            head = model.heads[name]
            width = len(head.classes)
            self.heads[name] = (slice(start, start + width), head.classes, head.thresholds)
            start += width

    def read(self, passage: Passage, head: str) -> Reading:
        """Topics and the `head` codes ("asks" or "answer") of a passage, as `read_topics`
        and `read_codes` read them, with the topic odds they come from."""
        scores = self._scores(passage)
        odds = self._odds(scores)
        part, codes, cuts = self.heads[head]
        probs = 1.0 / (1.0 + np.exp(-scores[part]))
        chosen = [codes[i] for i in np.flatnonzero(probs >= cuts).tolist()]
        if not chosen:
            best = probs.max()
            chosen = [max(codes[i] for i in np.flatnonzero(probs == best).tolist())]
        main = _first(scores[self.heads["topic"][0]], self.heads["topic"][1])
        return Reading(self._topics(main, odds), chosen, odds)

    def odds(self, passage: Passage) -> TopicOdds:
        """The topic probabilities of a passage (to be combined with others before reading)."""
        return self._odds(self._scores(passage))

    def _odds(self, scores: NDArray[np.float64]) -> TopicOdds:
        part = self.heads["topic"][0]
        shifted = np.exp(scores[part] - scores[part].max())
        more = 1.0 / (1.0 + np.exp(-scores[self.heads["topics"][0]]))
        return TopicOdds(shifted / shifted.sum(), more)

    def topics(self, odds: TopicOdds) -> list[str]:
        """The topics of these odds as `read` reads them: the most probable main topic, then
        up to two more whose probability reaches the threshold, most probable first."""
        return self._topics(_first(odds.main, self.heads["topic"][1]), odds)

    def _topics(self, main: str, odds: TopicOdds) -> list[str]:
        _, classes, cuts = self.heads["topics"]
        others = sorted(
            (-float(odds.more[i]), classes[i])
            for i in np.flatnonzero(odds.more >= cuts).tolist()
            if classes[i] != main
        )
        return [main, *(c for _, c in others[: MAX_TOPICS - 1])]

    def _scores(self, passage: Passage) -> NDArray[np.float64]:
        index: list[int] = []
        values: list[float] = []

        def block(prefix: str, hits: Iterable[str], size: int, weight: float = 1.0) -> None:
            known = self.parts.get(prefix)
            if size and known:
                found = [known[t] for t in hits if t in known]
                index.extend(found)
                values.extend([weight / math.sqrt(size)] * len(found))

        signals = self.signals
        topic_cues = self.cues["tc"]
        head_tokens = _tokens(passage.heading or "")
        text_tokens = _tokens(passage.text)
        heading = _ngrams(head_tokens)
        text = _ngrams(text_tokens)
        block("h", heading & self.parts.get("h", {}).keys(), len(heading))
        block("w", text & self.parts.get("w", {}).keys(), len(text))
        cited = _cited(head_tokens) | _cited(text_tokens)
        body_cues = text & topic_cues.keys()
        answer: set[str] | None = None
        if passage.answer is not None:
            answer_tokens = _tokens(passage.answer)
            answer = _ngrams(answer_tokens)
            block("r", answer & self.parts.get("r", {}).keys(), len(answer))
            cited |= _cited(answer_tokens)
            body_cues |= answer & topic_cues.keys()
        if "cites" in signals:
            block("c", cited, len(cited))
        if "forms" in signals and passage.forms:
            forms = form_terms(passage.forms)
            block("f", forms, len(forms))
        if "caption_cues" in signals:
            caption = {c for t in heading & topic_cues.keys() for c in topic_cues[t]}
            block("hc", caption, len(caption))
        if "text_cues" in signals:
            counted = Counter(c for t in body_cues for c in topic_cues[t])
            known = self.parts.get("tc", {})
            for code, count in counted.items():
                if code in known:
                    index.append(known[code])
                    values.append(math.log1p(count) / 2)
        if "phrase_cues" in signals:
            asks = self.cues["ak"]
            found = {c for t in text & asks.keys() for c in asks[t]}
            block("ak", found, len(found), 0.5)
            if answer is not None:
                answers = self.cues["an"]
                found = {c for t in answer & answers.keys() for c in answers[t]}
                block("an", found, len(found), 0.5)
        if not index:
            return self.intercept.copy()
        gathered = self.weights[np.asarray(index, dtype=np.intp)]
        result: NDArray[np.float64] = np.asarray(values) @ gathered + self.intercept
        return result


def _first(row: NDArray[np.float64], classes: tuple[str, ...]) -> str:
    """The class of the highest score; of tied ones, the first by name (as `read_main`)."""
    return min(classes[i] for i in np.flatnonzero(row == row.max()).tolist())


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _ngrams(tokens: list[str]) -> set[str]:
    """Words and word pairs, as `features.passage_terms` makes them."""
    terms = set(tokens)
    terms.update(map(" ".join, pairwise(tokens)))
    return terms


def _cited(tokens: list[str]) -> set[str]:
    """Authorities named, as `features.passage_terms` reads them (looked for only when an
    authority word is there at all)."""
    if AUTHORITIES.isdisjoint(tokens):
        return set()
    return {f"{a} {b}" for a, b in pairwise(tokens) if a in AUTHORITIES and b[0].isdigit()}

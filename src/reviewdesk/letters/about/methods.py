"""The reading methods compared by cross-validation (the embedding one lives in
benchmarks/topics_cv.py, since it needs the optional torch extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reviewdesk.letters.about.evaluate import Method, Reading
from reviewdesk.letters.about.features import (
    Passage,
    Terms,
    cue_features,
    passage_terms,
    word_features,
)
from reviewdesk.letters.about.labels import LabelledItem
from reviewdesk.letters.about.model import quantised
from reviewdesk.letters.about.read import read_codes, read_topics
from reviewdesk.letters.about.signals import rule_answers, rule_asks, rule_topics
from reviewdesk.letters.about.train import SETTINGS, fit_model


def rules(_train: Sequence[LabelledItem], test: Sequence[LabelledItem]) -> list[Reading]:
    """Transparent rules: caption and citation cues for topics, cue phrases for asks/answers."""
    out = []
    for item in test:
        p = item.passage
        text = f"{p.text}\n{p.answer or ''}"
        codes = rule_asks(p.text) if item.role == "staff" else rule_answers(p.answer or "")
        out.append(Reading(rule_topics(p.heading, text), codes))
    return out


def linear(settings: dict[str, Any] | None = None) -> Method:
    """The linear model with these settings (default: the shipped ones), trained on the
    training items and read as its file keeps it; passages are tokenised once across folds."""
    settings = {**SETTINGS, **(settings or {})}
    signals = settings["signals"]
    cache: dict[Passage, Terms] = {}

    def terms(item: LabelledItem) -> Terms:
        if item.passage not in cache:
            cache[item.passage] = passage_terms(item.passage)
        return cache[item.passage]

    def method(train: Sequence[LabelledItem], test: Sequence[LabelledItem]) -> list[Reading]:
        model = quantised(fit_model(train, "cv", settings, [terms(item) for item in train]))
        out = []
        for item in test:
            t = terms(item)
            features = {**word_features(t, signals), **cue_features(t, model.lexicon, signals)}
            vector = model.vector(features)
            head = "asks" if item.role == "staff" else "answer"
            out.append(Reading(read_topics(model, vector), read_codes(model, head, vector)))
        return out

    return method

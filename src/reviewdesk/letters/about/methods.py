"""The reading methods compared by cross-validation (the embedding one lives in
benchmarks/topics_cv.py, since it needs the optional torch extra)."""

from __future__ import annotations

from collections.abc import Sequence

from reviewdesk.letters.about.evaluate import Reading
from reviewdesk.letters.about.features import passage_features
from reviewdesk.letters.about.labels import LabelledItem
from reviewdesk.letters.about.read import read_codes, read_topics
from reviewdesk.letters.about.signals import rule_answers, rule_asks, rule_topics
from reviewdesk.letters.about.train import fit_model


def rules(_train: Sequence[LabelledItem], test: Sequence[LabelledItem]) -> list[Reading]:
    """Transparent rules: caption and citation cues for topics, cue phrases for asks/answers."""
    out = []
    for item in test:
        p = item.passage
        text = f"{p.text}\n{p.answer or ''}"
        codes = rule_asks(p.text) if item.role == "staff" else rule_answers(p.answer or "")
        out.append(Reading(rule_topics(p.heading, text), codes))
    return out


def linear(train: Sequence[LabelledItem], test: Sequence[LabelledItem]) -> list[Reading]:
    """The linear model trained on the training items."""
    model = fit_model(train, "cv")
    out = []
    for item in test:
        features = passage_features(item.passage)
        head = "asks" if item.role == "staff" else "answer"
        out.append(Reading(read_topics(model, features), read_codes(model, head, features)))
    return out

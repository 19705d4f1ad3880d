"""Fitting the linear model from labelled items (scikit-learn logistic regression, lbfgs, no
randomness: the same labels give the same model file)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from reviewdesk.letters.about.features import (
    Features,
    Terms,
    cue_features,
    passage_terms,
    word_features,
)
from reviewdesk.letters.about.labels import LabelledItem
from reviewdesk.letters.about.model import Head, LinearModel
from reviewdesk.letters.about.signals import term_cues
from reviewdesk.letters.vocabulary import ANSWERS, ASKS, TOPICS

SETTINGS: dict[str, Any] = {
    "min_df": 5,
    "lexicon_min_df": 2,
    "c_topic": 10.0,
    "c_codes": 4.0,
    "secondary_weight": 0.3,
    "second_topic": 0.2,
    "code_threshold": 0.4,
    "signals": ["cites", "caption_cues", "text_cues", "phrase_cues"],
}
"""Chosen by cross-validation on the dev labels (benchmarks/topics_cv.py)."""


def _matrix(rows: Sequence[Features], vocabulary: dict[str, int]) -> csr_matrix:
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        for term in sorted(row):
            if term in vocabulary:
                indices.append(vocabulary[term])
                data.append(row[term])
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))


def _topic_head(x: csr_matrix, items: Sequence[LabelledItem], settings: dict[str, Any]) -> Head:
    """Softmax over topics, trained on the main topic (weight 1) and the others (lower)."""
    rows, labels, weights = [], [], []
    for i, item in enumerate(items):
        for k, topic in enumerate(item.topics):
            rows.append(i)
            labels.append(topic)
            weights.append(1.0 if k == 0 else settings["secondary_weight"])
    classes = tuple(t for t in TOPICS if t in set(labels))
    if len(classes) < 2:
        raise ValueError(f"the labels name {len(classes)} topic(s); training needs at least two")
    fit = LogisticRegression(C=settings["c_topic"], max_iter=3000)
    fit.fit(x[rows], np.array(labels), sample_weight=np.array(weights))
    coef, intercept = fit.coef_, fit.intercept_
    if len(classes) == 2:  # one logistic row w: softmax over (0, w) is the same reading
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.append(0.0, intercept)
    order = [list(fit.classes_).index(c) for c in classes]
    return Head(classes, coef[order].T, intercept[order], False, settings["second_topic"])


def _codes_head(
    x: csr_matrix, codes: Sequence[tuple[str, ...]], names: Sequence[str], settings: dict[str, Any]
) -> Head:
    """One logistic regression per code (multi-label)."""
    seen = Counter(c for item in codes for c in set(item))
    classes = tuple(c for c in names if 0 < seen[c] < len(codes))
    coef = np.zeros((len(classes), x.shape[1]))
    intercept = np.zeros(len(classes))
    for r, code in enumerate(classes):
        target = np.array([code in item for item in codes])
        fit = LogisticRegression(C=settings["c_codes"], solver="liblinear")
        fit.fit(x, target)
        coef[r], intercept[r] = fit.coef_[0], fit.intercept_[0]
    return Head(classes, coef.T, intercept, True, settings["code_threshold"])


def fit_model(
    items: Sequence[LabelledItem],
    name: str,
    settings: dict[str, Any] | None = None,
    terms: Sequence[Terms] | None = None,
) -> LinearModel:
    """Train the topic, asks and answer heads on the labelled items (one thread, so float
    sums come out the same on every machine run)."""
    with threadpool_limits(1):
        return _fit(items, name, {**SETTINGS, **(settings or {})}, terms)


def _fit(
    items: Sequence[LabelledItem],
    name: str,
    settings: dict[str, Any],
    terms: Sequence[Terms] | None,
) -> LinearModel:
    signals = settings["signals"]
    if terms is None:
        terms = [passage_terms(item.passage) for item in items]
    words = [word_features(t, signals) for t in terms]
    df: Counter[str] = Counter(term for row in words for term in row)
    known = sorted(t for t, n in df.items() if n >= settings["min_df"])
    lexicon = _lexicon(df, settings["lexicon_min_df"])
    rows = [{**w, **cue_features(t, lexicon, signals)} for w, t in zip(words, terms, strict=True)]
    cues = sorted({term for row in rows for term in row} - set(df))
    vocabulary = {t: i for i, t in enumerate(known + cues)}
    x = _matrix(rows, vocabulary)
    topical = [i for i, item in enumerate(items) if item.topics]
    staff = [i for i, item in enumerate(items) if item.role == "staff"]
    company = [i for i, item in enumerate(items) if item.role == "company"]
    heads = {
        "topic": _topic_head(x[topical], [items[i] for i in topical], settings),
        "asks": _codes_head(x[staff], [items[i].asks for i in staff], tuple(ASKS), settings),
        "answer": _codes_head(
            x[company], [items[i].answer for i in company], tuple(ANSWERS), settings
        ),
    }
    return LinearModel(name, vocabulary, heads, settings, lexicon)


def _lexicon(df: Counter[str], min_df: int) -> dict[str, tuple[str, ...]]:
    """The rules' cue codes of every word and word pair of the training texts (in at least
    `min_df` passages) that carries one."""
    seen: Counter[str] = Counter()
    for term, n in df.items():
        if term[:2] in ("h:", "w:", "r:"):
            seen[term[2:]] += n
    words = sorted(w for w, n in seen.items() if n >= min_df)
    return {word: tuple(codes) for word in words if (codes := term_cues(word))}

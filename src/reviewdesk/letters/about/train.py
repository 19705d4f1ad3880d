"""Fitting the linear model from labelled items (scikit-learn logistic regression, no
randomness: the same labels give the same model file).

The threshold that adds second and third topics is not tuned on the figures of the labels the
model learns from: it is chosen on readings of companies held out of inner folds of the training
labels (grouped by company), so a cross-validated figure never saw its test fold's labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
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
from reviewdesk.letters.about.read import read_main
from reviewdesk.letters.about.signals import term_cues
from reviewdesk.letters.vocabulary import ANSWERS, ASKS, TOPICS

SETTINGS: dict[str, Any] = {
    "min_df": 5,
    "lexicon_min_df": 2,
    "c_topic": 10.0,
    "c_codes": 4.0,
    "secondary_weight": 0.3,
    "also_weight": 0.3,
    "code_threshold": 0.4,
    "more_topics": 0.4,
    "inner_folds": 3,
    "signals": ["cites", "caption_cues", "text_cues", "phrase_cues", "forms"],
}
"""Chosen by cross-validation on the dev labels (benchmarks/topics_cv.py); `more_topics` is
only the fall-back for label sets too small for inner folds (per-code ask and answer thresholds
chosen in inner folds read worse than the one `code_threshold`, so there is none)."""

GRID = tuple(round(0.15 + 0.05 * k, 2) for k in range(12))
"""Thresholds tried in the inner folds: 0.15 to 0.70."""
INNER_MIN_COMPANIES = 6
INNER_MIN_ITEMS = 100
"""Below these, the fall-back threshold is kept (too little to choose from)."""


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
    """Softmax over topics, trained on the main topic (weight 1), the others and the `also`
    codes a reader could fairly choose as main instead (lower): what decides the main topic."""
    rows, labels, weights = [], [], []
    for i, item in enumerate(items):
        for k, topic in enumerate(item.topics):
            rows.append(i)
            labels.append(topic)
            weights.append(1.0 if k == 0 else settings["secondary_weight"])
        for topic in dict.fromkeys(item.also):
            if topic not in item.topics and settings["also_weight"] > 0:
                rows.append(i)
                labels.append(topic)
                weights.append(settings["also_weight"])
    classes = tuple(t for t in TOPICS if t in set(labels))
    if len(classes) < 2:
        raise ValueError(f"the labels name {len(classes)} topic(s); training needs at least two")
    fit = LogisticRegression(C=settings["c_topic"], max_iter=3000)
    fit.fit(x[rows], np.array(labels), sample_weight=np.array(weights))
    coef, intercept = fit.coef_, fit.intercept_
    if len(classes) == 2:  # one logistic row w: softmax over (0, w) is the same reading
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.append(0.0, intercept)
    order = [list(fit.classes_).index(c) for c in classes]
    return Head(classes, coef[order].T, intercept[order], False, np.zeros(len(classes)))


def _codes_head(
    x: csr_matrix,
    codes: Sequence[tuple[str, ...]],
    names: Sequence[str],
    settings: dict[str, Any],
    thresholds: dict[str, float],
    default: float,
) -> Head:
    """One logistic regression per code (multi-label), each with its threshold."""
    seen = Counter(c for item in codes for c in set(item))
    classes = tuple(c for c in names if 0 < seen[c] < len(codes))
    coef = np.zeros((len(classes), x.shape[1]))
    intercept = np.zeros(len(classes))
    for r, code in enumerate(classes):
        target = np.array([code in item for item in codes])
        fit = LogisticRegression(C=settings["c_codes"], solver="liblinear")
        fit.fit(x, target)
        coef[r], intercept[r] = fit.coef_[0], fit.intercept_[0]
    cut = np.array([thresholds.get(c, default) for c in classes])
    return Head(classes, coef.T, intercept, True, cut)


def _more_head(
    x: csr_matrix, items: Sequence[LabelledItem], settings: dict[str, Any], threshold: float
) -> Head:
    """One logistic regression per topic for "this is also a topic, besides the main one":
    trained on the items whose main topic is another one, so a topic that is often the main
    one in a kind of letter (mergers in a proxy) is not added to every comment of it. An item's
    other topics and its `also` codes (which a reading may fairly name) are the positives."""
    others = [set(item.topics[1:]) | set(item.also) for item in items]
    seen = Counter(
        t for item, more in zip(items, others, strict=True) for t in more - {item.topics[0]}
    )
    classes = tuple(t for t in TOPICS if seen[t])
    coef = np.zeros((len(classes), x.shape[1]))
    intercept = np.full(len(classes), -30.0)
    for r, topic in enumerate(classes):
        rows = [i for i, item in enumerate(items) if item.topics[0] != topic]
        target = np.array([topic in others[i] for i in rows])
        if target.all():
            continue
        fit = LogisticRegression(C=settings["c_codes"], solver="liblinear")
        fit.fit(x[rows], target)
        coef[r], intercept[r] = fit.coef_[0], fit.intercept_[0]
    return Head(classes, coef.T, intercept, True, np.full(len(classes), threshold))


def fit_model(
    items: Sequence[LabelledItem],
    name: str,
    settings: dict[str, Any] | None = None,
    terms: Sequence[Terms] | None = None,
) -> LinearModel:
    """Train the topic, more-topics, asks and answer heads on the labelled items, with the
    more-topics threshold chosen in inner folds (one thread, so float sums come out the same
    on every machine run)."""
    chosen = {**SETTINGS, **(settings or {})}
    if terms is None:
        terms = [passage_terms(item.passage) for item in items]
    with threadpool_limits(1):
        chosen["thresholds"] = inner_thresholds(items, terms, chosen)
        return _fit(items, name, chosen, terms)


def _fit(
    items: Sequence[LabelledItem],
    name: str,
    settings: dict[str, Any],
    terms: Sequence[Terms],
    codes: bool = True,
) -> LinearModel:
    """The model with these settings; without `codes`, only the topic heads (inner folds)."""
    signals = settings["signals"]
    thresholds = settings.get("thresholds") or {}
    words = [word_features(t, signals) for t in terms]
    df: Counter[str] = Counter(term for row in words for term in row)
    known = sorted(t for t, n in df.items() if n >= settings["min_df"])
    lexicon = _lexicon(df, settings["lexicon_min_df"])
    rows = [{**w, **cue_features(t, lexicon, signals)} for w, t in zip(words, terms, strict=True)]
    cues = sorted({term for row in rows for term in row} - set(df))
    vocabulary = {t: i for i, t in enumerate(known + cues)}
    x = _matrix(rows, vocabulary)
    topical = [i for i, item in enumerate(items) if item.topics]
    more = thresholds.get("more_topics", settings["more_topics"])
    heads = {
        "topic": _topic_head(x[topical], [items[i] for i in topical], settings),
        "topics": _more_head(x[topical], [items[i] for i in topical], settings, more),
    }
    if codes:
        staff = [i for i, item in enumerate(items) if item.role == "staff"]
        company = [i for i, item in enumerate(items) if item.role == "company"]
        default = settings["code_threshold"]
        heads["asks"] = _codes_head(
            x[staff], [items[i].asks for i in staff], tuple(ASKS), settings, {}, default
        )
        heads["answer"] = _codes_head(
            x[company], [items[i].answer for i in company], tuple(ANSWERS), settings, {}, default
        )
    return LinearModel(name, vocabulary, heads, settings, lexicon)


def inner_thresholds(
    items: Sequence[LabelledItem], terms: Sequence[Terms], settings: dict[str, Any]
) -> dict[str, Any]:
    """The more-topics threshold that reads best the companies held out of inner folds of
    these items (empty when there are too few companies: the fall-back then holds)."""
    groups = [item.group for item in items]
    k = settings["inner_folds"]
    if k < 2 or len(set(groups)) < max(k, INNER_MIN_COMPANIES) or len(items) < INNER_MIN_ITEMS:
        return {}
    plain = {**settings, "thresholds": {}}
    held: list[tuple[LabelledItem, str, dict[str, float]]] = []
    for train, test in GroupKFold(n_splits=k).split(list(range(len(items))), groups=groups):
        model = _fit([items[i] for i in train], "inner", plain, [terms[i] for i in train], False)
        for i in test:
            vector = model.vector(_features(terms[i], model, settings))
            held.append((items[i], read_main(model, vector), model.probabilities("topics", vector)))
    return {"more_topics": _more_topics(held)}


def _features(terms: Terms, model: LinearModel, settings: dict[str, Any]) -> Features:
    signals = settings["signals"]
    return {**word_features(terms, signals), **cue_features(terms, model.lexicon, signals)}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _more_topics(
    held: Sequence[tuple[LabelledItem, str, dict[str, float]]],
) -> float:
    """The threshold on the per-topic probabilities above which a topic other than the main
    one is added, best by topic micro-F1 on the held-out readings (the lowest of ties)."""

    def f1(cut: float) -> float:
        tp = fp = fn = 0
        for item, main, probs in held:
            if not item.topics:
                continue
            others = sorted(
                (t for t in probs if t != main and probs[t] >= cut), key=lambda t: -probs[t]
            )
            predicted = {main, *others[:2]}
            gold, also = set(item.topics), set(item.also)
            right = predicted & (gold | also)
            tp += len(right)
            fp += len(predicted - right)
            fn += max(0, len(gold - predicted) - len(right & also - gold))
        return _f1(tp, fp, fn)

    return max(GRID, key=lambda cut: (f1(cut), -cut))


def _lexicon(df: Counter[str], min_df: int) -> dict[str, tuple[str, ...]]:
    """The rules' cue codes of every word and word pair of the training texts (in at least
    `min_df` passages) that carries one."""
    seen: Counter[str] = Counter()
    for term, n in df.items():
        if term[:2] in ("h:", "w:", "r:"):
            seen[term[2:]] += n
    words = sorted(w for w, n in seen.items() if n >= min_df)
    return {word: tuple(codes) for word in words if (codes := term_cues(word))}

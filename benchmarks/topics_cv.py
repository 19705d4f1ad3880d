"""Cross-validated reading of topics, asks and answer classes: 5 folds grouped by company (CIK
of the corpus manifest), so no company's letters are on both sides; one table row per method.

    .venv/bin/python benchmarks/topics_cv.py [--labels DIR] [--docs DIR] [--methods rules,...]

Methods: transparent rules; the linear model on words alone; the linear model on words plus the
signals (the shipped settings); all-MiniLM-L6-v2 sentence vectors with logistic regression on
top (needs the optional `.[precedents]` extra and torch; skipped when it is not installed)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewdesk.letters.about.evaluate import Method, Reading, cross_validate
from reviewdesk.letters.about.labels import LabelledItem, load_labelled
from reviewdesk.letters.about.methods import linear, rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def embedding() -> Method | None:
    """Sentence vectors of caption, text and answer, with logistic regression heads."""
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        from reviewdesk.services.precedents.embedding import EmbeddingUnavailable, load_encoder
    except ImportError:
        return None
    try:
        encoder = load_encoder()
    except EmbeddingUnavailable as error:
        print(f"embedding skipped: {error}", file=sys.stderr)
        return None
    vectors: dict[int, Any] = {}

    def encode(items: Sequence[LabelledItem]) -> Any:
        todo = [i for i in items if id(i) not in vectors]
        if todo:
            texts = [
                f"{i.passage.heading or ''}\n{i.passage.text}\n{i.passage.answer or ''}"
                for i in todo
            ]
            for item, row in zip(todo, encoder.encode(texts), strict=True):
                vectors[id(item)] = row
        return np.vstack([vectors[id(i)] for i in items])

    def method(train: Sequence[LabelledItem], test: Sequence[LabelledItem]) -> list[Reading]:
        x_train, x_test = encode(train), encode(test)
        topic = LogisticRegression(C=10.0, max_iter=3000)
        topic.fit(x_train, [i.topics[0] for i in train])
        topic_probs = topic.predict_proba(x_test)
        codes: dict[str, list[tuple[str, Any]]] = {"staff": [], "company": []}
        for role in codes:
            rows = [k for k, i in enumerate(train) if i.role == role]
            names = sorted({c for k in rows for c in _codes(train[k])})
            for name in names:
                target = [name in _codes(train[k]) for k in rows]
                if 0 < sum(target) < len(rows):
                    fit = LogisticRegression(C=4.0, max_iter=3000).fit(x_train[rows], target)
                    codes[role].append((name, fit.predict_proba(x_test)[:, 1]))
        out = []
        for k, item in enumerate(test):
            ranked = sorted(zip(topic_probs[k], topic.classes_, strict=True), reverse=True)
            topics = [ranked[0][1]] + [c for p, c in ranked[1:3] if p >= 0.35]
            probs = {name: p[k] for name, p in codes[item.role]}
            chosen = [c for c, p in probs.items() if p >= 0.4] or [
                max(probs, key=probs.__getitem__)
            ]
            out.append(Reading(topics, chosen))
        return out

    return method


def _codes(item: LabelledItem) -> tuple[str, ...]:
    return item.asks if item.role == "staff" else item.answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=SHARED / "eval" / "dev-topics")
    parser.add_argument("--docs", type=Path, default=SHARED / "corpus" / "docs")
    parser.add_argument("--manifest", type=Path, default=SHARED / "corpus" / "manifest.csv")
    parser.add_argument(
        "--methods", default="rules,words,linear,embedding", help="comma-separated, in order"
    )
    args = parser.parse_args()
    if not args.labels.is_dir():
        print(f"no labels at {args.labels}; pass --labels DIR", file=sys.stderr)
        return 2
    items, problems = load_labelled([args.labels], [args.docs, args.docs.parent], args.manifest)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    companies = len({i.group for i in items})
    print(f"{len(items)} labelled items of {companies} companies, 5 folds grouped by company\n")
    available: dict[str, tuple[str, Any]] = {
        "rules": ("rules (captions, cited rules, cue phrases)", lambda: rules),
        "words": ("linear, words only", lambda: linear({"signals": []})),
        "linear": ("linear, words + signals (shipped)", linear),
        "embedding": ("embedding (MiniLM) + logistic regression", embedding),
    }
    chosen = args.methods.split(",")
    unknown = [m for m in chosen if m not in available]
    if unknown:
        print(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(available)}")
        return 2
    methods: list[tuple[str, Method | None]] = [
        (available[m][0], available[m][1]()) for m in chosen
    ]
    print("| method | main topic right | topic micro-F1 | asks F1 | answer F1 | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, method in methods:
        if method is None:
            continue
        started = time.perf_counter()
        f = cross_validate(items, method).figures()
        print(
            f"| {name} | {f['main']:.3f} | {f['topic_f1']:.3f} | {f['asks_f1']:.3f} | "
            f"{f['answer_f1']:.3f} | {time.perf_counter() - started:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

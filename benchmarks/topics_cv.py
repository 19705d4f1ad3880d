"""Cross-validated reading of topics, asks and answer classes: 5 folds grouped by company (CIK
of the corpus manifest), so no company's letters are on both sides; one table row per method.

    .venv/bin/python benchmarks/topics_cv.py [--labels DIR] [--docs DIR] [--methods rules,...]

Methods: transparent rules; the linear model on words alone; the linear model on words plus the
signals (the shipped settings); all-MiniLM-L6-v2 sentence vectors with logistic regression on
top (needs the optional `.[precedents]` extra and torch; skipped when it is not installed)."""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewdesk.letters import Letter, parse_path
from reviewdesk.letters.about.compiled import CompiledModel
from reviewdesk.letters.about.evaluate import Method, Reading, Scores, cross_validate, folds
from reviewdesk.letters.about.labels import LabelledItem, find_document, load_labelled
from reviewdesk.letters.about.methods import linear, rules
from reviewdesk.letters.about.model import quantised
from reviewdesk.letters.about.train import fit_model
from reviewdesk.letters.classify import classify_letter
from reviewdesk.reviews.conversations import conversations, read_together

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


def together(items: Sequence[LabelledItem], docs: Path) -> tuple[Scores, int]:
    """The reading `reviewdesk parse` gives when a comment's staff letter and the response
    answering it are read in one run: each fold's model classifies the held-out companies'
    letters, then reviews/conversations.py pairs answers with their comments by threading
    (no manifest: company names, file numbers and dates, as a bare `parse` of files has) and
    reads each pair's topics together. Scored per item as score_topics.py does."""
    accessions = sorted({item.accession for item in items})
    paths = {a: p for a in accessions if (p := find_document(a, [docs, docs.parent])) is not None}
    read = {a: parse_path(paths[a]) for a in sorted(paths)}
    scores, paired = Scores(), 0
    for train, test in folds(items):
        model = quantised(fit_model([items[i] for i in train], "cv"))
        reader = CompiledModel(model)
        held = sorted({items[i].accession for i in test} & read.keys())
        letters = [copy.deepcopy(read[a]) for a in held]
        for letter in letters:
            classify_letter(letter, reader)
        talks = conversations(letters)
        read_together(talks, reader)
        paired += sum(len(talk.answers) for talk in talks)
        found = dict(zip(held, letters, strict=True))
        for i in test:
            item = items[i]
            reading = _reading(item, found.get(item.accession))
            if reading is None:  # an un-numbered item: read alone, as nothing pairs it
                alone = reader.read(item.passage, "asks" if item.role == "staff" else "answer")
                reading = Reading(alone.topics, alone.codes)
            scores.add(item, reading)
    return scores, paired


def _reading(item: LabelledItem, letter: Letter | None) -> Reading | None:
    """What the letter as classified says of a labelled item (None when it is not there)."""
    if letter is None or item.number is None:
        return None
    if item.role == "staff":
        for comment in letter.comments:
            if comment.number == item.number:
                return Reading(comment.topics, comment.asks)
    else:
        for response in letter.responses:
            if response.number == item.number:
                return Reading(response.topics, response.answer)
    return None


def _codes(item: LabelledItem) -> tuple[str, ...]:
    return item.asks if item.role == "staff" else item.answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=SHARED / "eval" / "dev-topics")
    parser.add_argument("--docs", type=Path, default=SHARED / "corpus" / "docs")
    parser.add_argument("--manifest", type=Path, default=SHARED / "corpus" / "manifest.csv")
    parser.add_argument(
        "--methods",
        default="rules,words,linear,together,embedding",
        help="comma-separated, in order",
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
        "together": ("linear, comments read with their answers (shipped `parse`)", lambda: None),
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
    for (name, method), key in zip(methods, chosen, strict=True):
        started = time.perf_counter()
        if key == "together":
            scores, paired = together(items, args.docs)
            print(f"({paired} held-out answers read with the comment they answer)", flush=True)
            f = scores.figures()
        elif method is None:
            continue
        else:
            f = cross_validate(items, method).figures()
        print(
            f"| {name} | {f['main']:.3f} | {f['topic_f1']:.3f} | {f['asks_f1']:.3f} | "
            f"{f['answer_f1']:.3f} | {time.perf_counter() - started:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the linear model sees of a comment or an answer: the words and word pairs of its
caption, of its text and of the answer, the authorities it cites, the forms of the filings the
letter is about, and the hits of the rules' cue lexicon (built from the vocabulary when the
model is trained). This is the path training and cross-validation take; `compiled.py` reads
the same features faster for the shipped model."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TOKEN = re.compile(r"[a-z][a-z0-9&]*(?:[-'][a-z0-9]+)*|\d+(?:-\d+)?[a-z]?")

Features = dict[str, float]
Lexicon = Mapping[str, Sequence[str]]
"""word or word pair -> the cue codes it carries ("tc:revenue", "ak:explain", "an:revised")."""

SIGNALS = ("cites", "caption_cues", "text_cues", "phrase_cues", "forms")
"""The signal blocks beside the words; any can be left out (for measuring)."""

AUTHORITIES = frozenset(
    {"asc", "topic", "item", "items", "rule", "rules", "article", "sab", "ifrs", "ias", "guide"}
)


@dataclass(frozen=True, slots=True)
class Passage:
    """The text of one item to classify: a staff comment (caption and text) or a company
    answer (the comment as restated, if it is, and the answer)."""

    heading: str | None
    text: str
    answer: str | None = None
    forms: tuple[str, ...] = ()
    """The EDGAR form codes of the filings the letter is about (its Re: block)."""


@dataclass(frozen=True, slots=True)
class Terms:
    """A passage's words and word pairs, per part, and the authorities it names."""

    heading: frozenset[str]
    text: frozenset[str]
    answer: frozenset[str] | None
    cited: frozenset[str]
    forms: frozenset[str]


def _ngrams(tokens: list[str]) -> frozenset[str]:
    return frozenset(tokens).union(f"{a} {b}" for a, b in itertools.pairwise(tokens))


def _cited(tokens: list[str]) -> list[str]:
    """Authorities named, as their first two tokens ("asc 606", "item 402", "rule 3-05",
    "item 10" of "Item 10(e)"): a cheap stand-in for letters/cites.py's exact forms, which
    cost several times the whole reading."""
    return [
        f"{a} {b}" for a, b in itertools.pairwise(tokens) if a in AUTHORITIES and b[0].isdigit()
    ]


_FORM_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern))
    for family, pattern in (
        ("periodic", r"^(10-K|10-Q|20-F|40-F|10-KT|10-QT|10-K405|11-K|N-CSR)"),
        ("current", r"^(8-K|6-K)"),
        ("registration", r"^(S-1|S-3|S-11|F-1|F-3|10-12|DRS|1-A|N-2|POS AM|S-8)"),
        ("merger", r"^(S-4|F-4|DEFM14|PREM14|425)"),
        ("proxy", r"^(DEF 14|PRE 14|DEFR14|PRER14|DEFA14)"),
        ("contest", r"^(PREC14|DEFC14|DFAN14|PREN14|DEFN14)"),
        ("tender", r"^(SC TO|SC 13E|SC 14D|SC14D)"),
    )
)


def form_terms(forms: Sequence[str]) -> frozenset[str]:
    """The reviewed filings' form codes and their families ("10-K" and "periodic",
    "PREC14A" and "contest"): what a comment asks of a periodic report is usually a change in
    future filings, and a proxy contest's comments are proxy matters."""
    out: set[str] = set()
    for form in forms:
        code = form.strip().upper()
        out.add(code.lower())
        out.update(family for family, pattern in _FORM_FAMILIES if pattern.match(code))
    return frozenset(out)


def passage_terms(passage: Passage) -> Terms:
    """Tokenise each part of a passage once."""
    head = TOKEN.findall((passage.heading or "").lower())
    text = TOKEN.findall(passage.text.lower())
    answer = TOKEN.findall(passage.answer.lower()) if passage.answer is not None else []
    return Terms(
        heading=_ngrams(head),
        text=_ngrams(text),
        answer=_ngrams(answer) if passage.answer is not None else None,
        cited=frozenset(_cited(head) + _cited(text) + _cited(answer)),
        forms=form_terms(passage.forms),
    )


def _block(
    prefix: str, terms: frozenset[str] | set[str], out: Features, weight: float = 1.0
) -> None:
    """Add a block of binary terms, L2-normalised within the block so a long text does not
    drown a short caption."""
    if not terms:
        return
    value = weight / math.sqrt(len(terms))
    for term in terms:
        out[prefix + term] = value


def _cues(terms: frozenset[str], lexicon: Lexicon, prefix: str) -> Counter[str]:
    """Lexicon hits of these terms with this prefix (a set intersection finds the few terms
    that carry a cue)."""
    return Counter(c for t in terms & lexicon.keys() for c in lexicon[t] if c.startswith(prefix))


def word_features(terms: Terms, signals: Sequence[str] = SIGNALS) -> Features:
    """The words, word pairs and cited authorities of a passage."""
    out: Features = {}
    _block("h:", terms.heading, out)
    _block("w:", terms.text, out)
    if terms.answer is not None:
        _block("r:", terms.answer, out)
    if "cites" in signals:
        _block("c:", terms.cited, out)
    if "forms" in signals:
        _block("f:", terms.forms, out)
    return out


def cue_features(terms: Terms, lexicon: Lexicon, signals: Sequence[str] = SIGNALS) -> Features:
    """The lexicon's hits: topic cues of the caption (hc:) and of the text (tc:, counted),
    ask cues of the comment (ak:) and answer cues of the answer (an:)."""
    out: Features = {}
    if "caption_cues" in signals:
        _block("hc:", {c[3:] for c in _cues(terms.heading, lexicon, "tc:")}, out)
    body = terms.text | (terms.answer or frozenset())
    if "text_cues" in signals:
        for cue, count in _cues(body, lexicon, "tc:").items():
            out[cue] = math.log1p(count) / 2
    if "phrase_cues" in signals:
        _block("ak:", {c[3:] for c in _cues(terms.text, lexicon, "ak:")}, out, 0.5)
        if terms.answer is not None:
            _block("an:", {c[3:] for c in _cues(terms.answer, lexicon, "an:")}, out, 0.5)
    return out


def passage_features(
    passage: Passage, lexicon: Lexicon, signals: Sequence[str] = SIGNALS
) -> Features:
    """The sparse feature vector of a passage, as term -> weight."""
    terms = passage_terms(passage)
    return {**word_features(terms, signals), **cue_features(terms, lexicon, signals)}

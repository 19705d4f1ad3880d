"""Word-level comparison of two texts, and how alike two texts are."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from reviewdesk.services.redline.model import Segment, SegmentOp

_TOKEN = re.compile(r"\w+(?:[.,'’\-/]\w+)*|[^\w\s]")
_GLUE = frozenset(
    "a an and the of to in on for or by as at is be was with that this its it".split()
)

Token = tuple[str, bool]
"""A word or punctuation mark, and whether a space precedes it."""


def tokens(text: str) -> list[Token]:
    """Words and punctuation marks of `text`, each with whether whitespace precedes it."""
    out: list[Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        out.append((match.group(), match.start() > end or (not out and match.start() > 0)))
        end = match.end()
    return out


def _segment(op: SegmentOp, run: list[Token]) -> Segment:
    text = ""
    for index, (word, space) in enumerate(run):
        text += (" " if space and index else "") + word
    return Segment(op, text, run[0][1])


def word_diff(old: str, new: str) -> list[Segment]:
    """The word-level changes that turn `old` into `new`, as kept/deleted/inserted segments.

    Short runs of glue words ('the', 'of', a comma) left between two changes are folded into
    the change, so a rewritten phrase reads as one deletion and one insertion.
    """
    a = tokens(old)
    b = tokens(new)
    matcher = SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    ops: list[tuple[str, int, int, int, int]] = list(matcher.get_opcodes())
    groups: list[tuple[str, list[Token], list[Token]]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal" and 0 < index < len(ops) - 1 and _glue(b[j1:j2]):
            tag = "replace"
        if tag == "equal":
            groups.append(("equal", [], b[j1:j2]))
        elif groups and groups[-1][0] == "change":
            groups[-1][1].extend(a[i1:i2])
            groups[-1][2].extend(b[j1:j2])
        else:
            groups.append(("change", list(a[i1:i2]), list(b[j1:j2])))
    segments: list[Segment] = []
    for tag, deleted, kept_or_inserted in groups:
        if tag == "equal":
            segments.append(_segment("equal", kept_or_inserted))
            continue
        if deleted:
            segments.append(_segment("delete", deleted))
        if kept_or_inserted:
            segments.append(_segment("insert", kept_or_inserted))
    return segments


def _glue(run: list[Token]) -> bool:
    return len(run) <= 2 and all(w.lower() in _GLUE or not w[0].isalnum() for w, _ in run)


def bag(text: str) -> Counter[str]:
    """The words of a text, counted, for similarity."""
    return Counter(word.lower() for word, _ in tokens(text) if word[0].isalnum())


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two word bags: 1.0 for the same words, 0.0 for none in common."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    common = sum((a & b).values())
    return 2.0 * common / total

"""Aligning two sequences of blocks: patience anchors, then pairing by likeness.

Paragraph-level alignment on interned block keys keeps a 300-page filing fast: unique blocks
common to both versions anchor the alignment (patience diff), the stretches between anchors are
aligned with difflib (autojunk off), and only the blocks left over are compared word by word.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from reviewdesk.services.redline.words import similarity

DP_CELLS = 20_000
"""Largest stretch (old blocks x new blocks) paired by dynamic programming; larger stretches
are paired greedily within a small window."""
WINDOW = 6


def align(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int]]:
    """Index pairs (i, j) with a[i] == b[j], increasing in both, covering as much as it can."""
    pairs: list[tuple[int, int]] = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo += 1
            blo += 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
        if not anchors:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for block in matcher.get_matching_blocks():
                pairs.extend((alo + block.a + k, blo + block.b + k) for k in range(block.size))
            continue
        previous_a, previous_b = alo, blo
        for i, j in anchors:
            pairs.append((i, j))
            work.append((previous_a, i, previous_b, j))
            previous_a, previous_b = i + 1, j + 1
        work.append((previous_a, ahi, previous_b, bhi))
    pairs.sort()
    return pairs


def _unique_anchors(
    a: Sequence[int], b: Sequence[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Items occurring once in each range, kept in the longest chain increasing in both."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    candidates = [
        (i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b
    ]
    if not candidates:
        return []
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(candidates)
    for index, (_, j) in enumerate(candidates):
        position = bisect_left(tails, j)
        if position == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[position] = j
            tail_index[position] = index
        previous[index] = tail_index[position - 1] if position else -1
    chain: list[tuple[int, int]] = []
    index = tail_index[-1]
    while index >= 0:
        chain.append(candidates[index])
        index = previous[index]
    chain.reverse()
    return chain


def pair_alike(
    old: Sequence[Counter[str]],
    new: Sequence[Counter[str]],
    classes: tuple[Sequence[int], Sequence[int]],
    threshold: float,
) -> list[tuple[int, int]]:
    """Pairs (i, j), increasing in both, of alike items (similarity >= threshold) that make
    the most likeness in total; only items of the same class pair (a table with a table)."""
    n, m = len(old), len(new)
    if not n or not m:
        return []
    if n * m > DP_CELLS:
        return _pair_greedy(old, new, classes, threshold)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(m - 1, -1, -1):
            best = max(below[j], row[j + 1])
            if classes[0][i] == classes[1][j]:
                alike = similarity(old[i], new[j])
                if alike >= threshold:
                    best = max(best, alike + below[j + 1])
            row[j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if score[i][j] == score[i + 1][j]:
            i += 1
        elif score[i][j] == score[i][j + 1]:
            j += 1
        else:
            pairs.append((i, j))
            i += 1
            j += 1
    return pairs


def _pair_greedy(
    old: Sequence[Counter[str]],
    new: Sequence[Counter[str]],
    classes: tuple[Sequence[int], Sequence[int]],
    threshold: float,
) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(old) and j < len(new):
        found = None
        for reach in range(WINDOW):
            for di, dj in ((0, reach), (reach, 0)):
                if i + di < len(old) and j + dj < len(new):
                    allowed = classes[0][i + di] == classes[1][j + dj]
                    if allowed and similarity(old[i + di], new[j + dj]) >= threshold:
                        found = (i + di, j + dj)
                        break
            if found:
                break
        if found is None:
            i += 1
            continue
        pairs.append(found)
        i, j = found[0] + 1, found[1] + 1
    return pairs

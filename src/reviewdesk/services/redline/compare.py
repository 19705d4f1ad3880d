"""Compare two versions of a filing: aligned blocks, word-level edits, moves and table cells."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from reviewdesk.services.redline.align import align, pair_alike
from reviewdesk.services.redline.blocks import Block, Version
from reviewdesk.services.redline.model import Entry, Redline, RowDiff, Segment, SegmentOp
from reviewdesk.services.redline.words import bag, similarity, tokens, word_diff

PAIR_THRESHOLD = 0.5
"""Two paragraphs at the same place this alike are one paragraph edited, not two."""
TABLE_THRESHOLD = 0.3
MOVE_MIN_WORDS = 4
"""Shorter blocks ('None.', 'Yes') recur too often to be called moved."""
NEAR_MOVE = 0.8
"""A deleted and an inserted block this alike (elsewhere) are one block moved and edited."""
ROW_THRESHOLD = 0.3


@dataclass(slots=True)
class _Region:
    """A stretch where the versions differ, after the matched pair number `after` (-1: before
    the first): its old and new index ranges, the indices not yet explained, and the pairs of
    blocks edited in place."""

    after: int
    old_range: range
    new_range: range
    old: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)


def compare(old: Version, new: Version) -> Redline:
    """The marked copy's entries turning `old` into `new`."""
    a, b = old.blocks, new.blocks
    interned: dict[tuple[str, str], int] = {}
    keys_a = [interned.setdefault(block.key, len(interned)) for block in a]
    keys_b = [interned.setdefault(block.key, len(interned)) for block in b]
    matched = align(keys_a, keys_b)
    regions = _regions(matched, len(a), len(b))
    moves = _exact_moves(regions, a, b)
    bags: dict[tuple[str, int], Counter[str]] = {}
    for region in regions:
        region.old = [i for i in region.old if i not in moves.values()]
        region.new = [j for j in region.new if j not in moves]
        _pair_region(region, a, b, bags)
    moves.update(_near_moves(regions, a, b, bags, moves))
    return Redline(
        old.source, new.source, _entries(matched, regions, moves, a, b), old.pages, new.pages
    )


def _regions(matched: list[tuple[int, int]], n: int, m: int) -> list[_Region]:
    regions: list[_Region] = []
    previous = (-1, -1)
    for number, (i, j) in enumerate([*matched, (n, m)]):
        if i > previous[0] + 1 or j > previous[1] + 1:
            old_range, new_range = range(previous[0] + 1, i), range(previous[1] + 1, j)
            regions.append(
                _Region(number - 1, old_range, new_range, list(old_range), list(new_range))
            )
        previous = (i, j)
    return regions


def _movable(block: Block) -> bool:
    return block.kind == "table" or block.words >= MOVE_MIN_WORDS


def _exact_moves(regions: list[_Region], a: list[Block], b: list[Block]) -> dict[int, int]:
    """New index -> old index of blocks deleted in one place and inserted unchanged in another."""
    deleted: dict[tuple[str, str], list[int]] = defaultdict(list)
    for region in regions:
        for i in region.old:
            if _movable(a[i]):
                deleted[a[i].key].append(i)
    moves: dict[int, int] = {}
    for region in regions:
        for j in region.new:
            waiting = deleted.get(b[j].key)
            if waiting and _movable(b[j]):
                moves[j] = waiting.pop(0)
    return moves


def _bag(
    bags: dict[tuple[str, int], Counter[str]], side: str, index: int, block: Block
) -> Counter[str]:
    key = (side, index)
    if key not in bags:
        bags[key] = bag(block.text)
    return bags[key]


def _pair_region(
    region: _Region, a: list[Block], b: list[Block], bags: dict[tuple[str, int], Counter[str]]
) -> None:
    """Pair the region's old and new blocks that are one block edited in place."""
    if not region.old or not region.new:
        return
    old_bags = [_bag(bags, "a", i, a[i]) for i in region.old]
    new_bags = [_bag(bags, "b", j, b[j]) for j in region.new]
    old_class = [int(a[i].kind == "table") for i in region.old]
    new_class = [int(b[j].kind == "table") for j in region.new]
    threshold = PAIR_THRESHOLD
    if all(old_class) and all(new_class):
        threshold = TABLE_THRESHOLD
    pairs = pair_alike(old_bags, new_bags, (old_class, new_class), threshold)
    region.pairs = [(region.old[p], region.new[q]) for p, q in pairs]


def _near_moves(
    regions: list[_Region],
    a: list[Block],
    b: list[Block],
    bags: dict[tuple[str, int], Counter[str]],
    moves: dict[int, int],
) -> dict[int, int]:
    """New index -> old index of blocks moved and edited, found by shared word shingles."""
    paired_old = {i for region in regions for i, _ in region.pairs}
    paired_new = {j for region in regions for _, j in region.pairs}
    by_edge: dict[str, list[int]] = defaultdict(list)
    for region in regions:
        for i in region.old:
            if i not in paired_old and a[i].kind != "table" and _movable(a[i]):
                for edge in _edges(a[i].text):
                    by_edge[edge].append(i)
    found: dict[int, int] = {}
    taken: set[int] = set()
    for region in regions:
        for j in region.new:
            if j in paired_new or b[j].kind == "table" or not _movable(b[j]):
                continue
            candidates = {i for edge in _edges(b[j].text) for i in by_edge.get(edge, ())}
            best, best_score = None, NEAR_MOVE
            for i in sorted(candidates - taken):
                score = similarity(_bag(bags, "a", i, a[i]), _bag(bags, "b", j, b[j]))
                if score >= best_score:
                    best, best_score = i, score
            if best is not None:
                found[j] = best
                taken.add(best)
    for region in regions:
        region.old = [i for i in region.old if i not in taken]
        region.new = [j for j in region.new if j not in found]
    return found


def _edges(text: str) -> tuple[str, ...]:
    """Four-word shingles at the start, middle and end of a text: a block moved and edited
    keeps at least one of them unless it was rewritten throughout."""
    words = [w.lower() for w, _ in tokens(text)]
    middle = max(0, len(words) // 2 - 2)
    return (
        "<" + " ".join(words[:4]),
        "=" + " ".join(words[middle : middle + 4]),
        ">" + " ".join(words[-4:]),
    )


def _entries(
    matched: list[tuple[int, int]],
    regions: list[_Region],
    moves: dict[int, int],
    a: list[Block],
    b: list[Block],
) -> list[Entry]:
    move_ids = {old: number for number, (_, old) in enumerate(sorted(moves.items()), start=1)}
    by_place = {region.after: region for region in regions}
    entries: list[Entry] = []
    for number in range(-1, len(matched)):
        if number >= 0:
            i, j = matched[number]
            entries.append(Entry("same", a[i], b[j], b[j].page, b[j].section))
        region = by_place.get(number)
        if region is not None:
            entries.extend(_region_entries(region, moves, move_ids, a, b))
    _place_deletions(entries)
    return entries


def _region_entries(
    region: _Region,
    moves: dict[int, int],
    move_ids: dict[int, int],
    a: list[Block],
    b: list[Block],
) -> list[Entry]:
    out: list[Entry] = []
    old_at, new_at = region.old_range.start, region.new_range.start
    for pi, pj in [*region.pairs, (region.old_range.stop, region.new_range.stop)]:
        for i in range(old_at, pi):
            block = a[i]
            if i in move_ids:
                out.append(Entry("moved_from", block, None, 0, block.section, move=move_ids[i]))
            else:
                out.append(Entry("deleted", block, None, 0, block.section))
        for j in range(new_at, pj):
            block = b[j]
            if j in moves:
                source = a[moves[j]]
                segments = [] if source.kind == "table" else word_diff(source.text, block.text)
                out.append(
                    Entry(
                        "moved_to",
                        source,
                        block,
                        block.page,
                        block.section,
                        segments,
                        move=move_ids[moves[j]],
                    )
                )
            else:
                out.append(Entry("inserted", None, block, block.page, block.section))
        if pi < region.old_range.stop:
            out.append(_edited(a[pi], b[pj]))
        old_at, new_at = pi + 1, pj + 1
    return out


def _edited(old: Block, new: Block) -> Entry:
    if old.kind == "table" and new.kind == "table":
        return Entry("table", old, new, new.page, new.section, rows=table_diff(old.rows, new.rows))
    return Entry("changed", old, new, new.page, new.section, word_diff(old.text, new.text))


def _place_deletions(entries: list[Entry]) -> None:
    """Give blocks that are only in the old version the new page they show at."""
    page = 0
    for entry in entries:
        if entry.new is not None:
            page = entry.page
        elif page:
            entry.page = page
    following = 1
    for entry in reversed(entries):
        if entry.new is not None:
            following = entry.page
        elif not entry.page:
            entry.page = following


def table_diff(old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...]) -> list[RowDiff]:
    """Rows of the new table, with deleted old rows in place, compared cell by cell."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    rows: list[RowDiff] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(RowDiff("same", [_kept(c) for c in row]) for row in new[j1:j2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        pairs = pair_alike(
            [bag(" ".join(r)) for r in olds],
            [bag(" ".join(r)) for r in news],
            ([0] * len(olds), [0] * len(news)),
            ROW_THRESHOLD,
        )
        oi = nj = 0
        for pi, pj in [*pairs, (len(olds), len(news))]:
            rows.extend(RowDiff("deleted", [_whole("delete", c) for c in r]) for r in olds[oi:pi])
            rows.extend(RowDiff("inserted", [_whole("insert", c) for c in r]) for r in news[nj:pj])
            if pi < len(olds):
                rows.append(_row_change(olds[pi], news[pj]))
            oi, nj = pi + 1, pj + 1
    return rows


def _row_change(old: tuple[str, ...], new: tuple[str, ...]) -> RowDiff:
    width = max(len(old), len(new))
    cells = [
        word_diff(old[k] if k < len(old) else "", new[k] if k < len(new) else "")
        for k in range(width)
    ]
    return RowDiff("changed", cells)


def _kept(text: str) -> list[Segment]:
    return [Segment("equal", text, False)] if text else []


def _whole(op: SegmentOp, text: str) -> list[Segment]:
    return [Segment(op, text, False)] if text else []

"""What a comparison of two versions is: entries in reading order of the marked copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reviewdesk.services.redline.blocks import Block

SegmentOp = Literal["equal", "insert", "delete"]
EntryKind = Literal["same", "changed", "inserted", "deleted", "moved_from", "moved_to", "table"]
RowKind = Literal["same", "changed", "inserted", "deleted"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words that is kept, inserted or deleted; `space` is whether a space precedes it."""

    op: SegmentOp
    text: str
    space: bool = True


@dataclass(slots=True)
class RowDiff:
    """One row of a compared table: each cell as segments (positional, cell by cell)."""

    kind: RowKind
    cells: list[list[Segment]]


@dataclass(slots=True)
class Entry:
    """One block of the marked copy.

    `same`: unchanged; `changed`: edited in place (`segments` holds the word diff);
    `inserted` / `deleted`: whole block; `moved_from`: where a moved block was (old position);
    `moved_to`: where it is now (`segments` shows any edits made while moving; `move` links the
    pair); `table`: a table edited in place, compared cell by cell (`rows`).
    `page` and `section` are where the entry shows in the new version (for a deletion, the new
    page at that point).
    """

    kind: EntryKind
    old: Block | None
    new: Block | None
    page: int
    section: str | None
    segments: list[Segment] = field(default_factory=list)
    rows: list[RowDiff] = field(default_factory=list)
    move: int | None = None

    @property
    def changed(self) -> bool:
        """Whether this entry marks a change."""
        if self.kind == "moved_to":
            return True
        return self.kind != "same"


@dataclass(slots=True)
class SectionChange:
    """What changed under one caption: counts of words and blocks, and the pages touched."""

    section: str | None
    pages: list[int]
    inserted_words: int = 0
    deleted_words: int = 0
    changed_blocks: int = 0
    inserted_blocks: int = 0
    deleted_blocks: int = 0
    moved_blocks: int = 0
    moved_away_blocks: int = 0
    changed_tables: int = 0
    first_entry: int = 0


@dataclass(slots=True)
class Redline:
    """The comparison of an old and a new version of a filing."""

    old_source: str
    new_source: str
    entries: list[Entry]
    old_pages: int = 1
    new_pages: int = 1

    def insertions(self) -> list[str]:
        """Inserted text, run by run in reading order (a whole inserted block is one run;
        an inserted table row is its cells joined by ' | '); moves are not insertions."""
        return self._runs("insert")

    def deletions(self) -> list[str]:
        """Deleted text, run by run in reading order, as `insertions` does for insertions."""
        return self._runs("delete")

    def moves(self) -> list[tuple[str, str]]:
        """Each moved block as (text before, text after), in the order of the new version."""
        return [
            (entry.old.text, entry.new.text)
            for entry in self.entries
            if entry.kind == "moved_to" and entry.old is not None and entry.new is not None
        ]

    def changed_entries(self) -> list[tuple[int, Entry]]:
        """Entries that mark a change, with their index."""
        return [(index, entry) for index, entry in enumerate(self.entries) if entry.changed]

    def changed_pages(self) -> set[int]:
        """Pages of the new version that show a change."""
        return {entry.page for _, entry in self.changed_entries()}

    def _runs(self, op: SegmentOp) -> list[str]:
        whole: EntryKind = "inserted" if op == "insert" else "deleted"
        row_whole: RowKind = "inserted" if op == "insert" else "deleted"
        runs: list[str] = []
        for entry in self.entries:
            block = entry.new if op == "insert" else entry.old
            if entry.kind == whole and block is not None:
                runs.append(block.text)
            elif entry.kind in ("changed", "moved_to"):
                runs.extend(s.text for s in entry.segments if s.op == op)
            elif entry.kind == "table":
                for row in entry.rows:
                    if row.kind == row_whole:
                        runs.append(" | ".join(_plain(cell) for cell in row.cells))
                    elif row.kind == "changed":
                        for cell in row.cells:
                            runs.extend(s.text for s in cell if s.op == op)
        return runs


def _plain(segments: list[Segment]) -> str:
    out = ""
    for segment in segments:
        out += (" " if segment.space and out else "") + segment.text
    return out

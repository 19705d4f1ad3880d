"""A filing version as the marked copy sees it: headings, paragraphs and tables, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with runs of whitespace made one space, for comparing versions."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph or table of a version, with its page and the section it is under.

    `section` is the caption of the nearest heading above (a heading's own caption for a
    heading); `rows` holds a table's cells, row by row; `text` is the block's whole text
    (a table's cells joined by " | ", rows by " / ").
    """

    kind: BlockKind
    text: str
    page: int = 1
    section: str | None = None
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """What must be equal for two blocks to be the same block."""
        return (self.kind, self.text)

    @property
    def words(self) -> int:
        """How many words the block has."""
        return len(self.text.split())


def table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """The whole text of a table, for keys and word counts."""
    return " / ".join(" | ".join(cells) for cells in rows)


@dataclass(slots=True)
class Version:
    """One version of a filing: where it came from, its blocks, and how many pages it has."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    pages: int = 1


@dataclass(slots=True)
class VersionBuilder:
    """Collects blocks in reading order, tracking the current section caption."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    section: str | None = None

    def heading(self, text: str, page: int) -> None:
        """Add a heading; the blocks after it belong to its section."""
        text = normalise(text)
        if text:
            self.section = text
            self.blocks.append(Block("heading", text, page, text))

    def paragraph(self, text: str, page: int) -> None:
        """Add a paragraph of body text."""
        text = normalise(text)
        if text:
            self.blocks.append(Block("paragraph", text, page, self.section))

    def table(self, rows: list[list[str]], page: int) -> None:
        """Add a table given as rows of cell texts (empty rows are dropped)."""
        clean = tuple(
            tuple(normalise(cell) for cell in row) for row in rows if any(c.strip() for c in row)
        )
        if clean:
            self.blocks.append(Block("table", table_text(clean), page, self.section, clean))

    def build(self) -> Version:
        """The finished version."""
        pages = max((block.page for block in self.blocks), default=1)
        return Version(self.source, self.blocks, pages)

"""What a trends view gives back: titled tables (the chart draws one column of a table, each
row may carry the search filters that drill into it)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """How to draw a table: one bar per row, labelled by `label` columns, sized by `value`."""

    label: tuple[str, ...]
    value: str
    unit: str = ""


@dataclass(slots=True)
class TrendTable:
    """One table of a view: columns, rows, an optional chart, and per row the search filters
    that show the letters behind it (None when a row has no matching search)."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: ChartSpec | None = None
    searches: list[dict[str, str] | None] = field(default_factory=list)
    note: str = ""

    def add(self, row: list[Cell], search: dict[str, str] | None = None) -> None:
        """Append a row and the search filters behind it."""
        self.rows.append(row)
        self.searches.append(search)

    def records(self) -> list[dict[str, Cell]]:
        """The rows as column-keyed dicts."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON."""
        return {
            "name": self.name,
            "title": self.title,
            "note": self.note,
            "columns": self.columns,
            "rows": self.records(),
        }

    def to_csv(self) -> str:
        """The table as CSV with a header line."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()


@dataclass(slots=True)
class TrendView:
    """A view: its tables and the filters it was counted under, in words."""

    name: str
    title: str
    filters: str
    tables: list[TrendTable] = field(default_factory=list)

    def table(self, name: str) -> TrendTable:
        """The table of this name."""
        found = next((t for t in self.tables if t.name == name), None)
        if found is None:
            raise KeyError(f"view {self.name} has no table {name!r}")
        return found

    def to_dict(self) -> dict[str, Any]:
        """The view as JSON."""
        return {
            "view": self.name,
            "title": self.title,
            "filters": self.filters,
            "tables": [t.to_dict() for t in self.tables],
        }


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal; None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None

"""Lists of records in the terminal, as CSV or as JSON: one set of columns, three renderings.
Terminal tables keep dates, numbers and status words whole at any width (a date is never cut
to `2021-0…`); only free text (names, file numbers, accessions) folds onto more lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

ISO_DATE_WIDTH = len("2024-05-10")


class OutputFormat(StrEnum):
    """How a list is printed: a table for people, CSV or JSON for other programs."""

    table = "table"
    csv = "csv"
    json = "json"


ColumnKind = Literal["text", "date", "number", "word"]
"""text folds; a date, a number and a word (a status) are never cut or wrapped."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its key in CSV and JSON, its header in the table, what it holds, whether
    the terminal table shows it (CSV and JSON carry every column), what an empty cell reads
    as in the table, the style of a value there and the words it reads as there (CSV and
    JSON keep the code)."""

    key: str
    kind: ColumnKind = "text"
    header: str | None = None
    in_table: bool = True
    empty: str = ""
    style: Callable[[object], str | None] | None = None
    words: Callable[[object], str] | None = None

    @property
    def title(self) -> str:
        return self.header or self.key.replace("_", " ")


def date_column(table: Table, header: str, **options: object) -> None:
    """Add a column of ISO dates that never wraps or cuts a date."""
    table.add_column(header, no_wrap=True, min_width=ISO_DATE_WIDTH, **options)  # type: ignore[arg-type]


def _add_column(table: Table, column: Column) -> None:
    if column.kind == "date":
        date_column(table, column.title)
    elif column.kind == "number":
        table.add_column(column.title, justify="right", no_wrap=True)
    elif column.kind == "word":
        table.add_column(column.title, no_wrap=True)
    else:
        table.add_column(column.title, overflow="fold")


def _plain(value: object) -> object:
    """A JSON value: dates as ISO text, lists kept, the rest as they are."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _cell(value: object) -> str:
    """A CSV or table cell: empty for nothing, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _table_cell(column: Column, value: object) -> Text:
    if value is None or value == [] or value == "":
        return Text(column.empty, style="cyan" if column.empty else "")
    if column.words is not None:
        text = column.words(value)
    elif isinstance(value, list | tuple):
        text = ", ".join(map(_cell, value))
    else:
        text = _cell(value)
    return Text(text, style=(column.style(value) if column.style else None) or "")


def render_csv(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> str:
    """The rows as CSV with a header line of column keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def render_json(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> str:
    """The rows as a JSON array of objects keyed by column key (dates as ISO text)."""
    return json.dumps(
        [{c.key: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows],
        indent=2,
    )


def render_table(title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> Table:
    """The rows as a rich table of the columns shown in the terminal."""
    table = Table(title=title)
    shown = [i for i, c in enumerate(columns) if c.in_table]
    for i in shown:
        _add_column(table, columns[i])
    for row in rows:
        table.add_row(*(_table_cell(columns[i], row[i]) for i in shown))
    return table


def print_listing(
    console: Console,
    fmt: OutputFormat,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
) -> None:
    """Print the rows as `fmt`: CSV and JSON go to stdout as they are (no wrapping, no
    markup), the table through `console`."""
    if fmt is OutputFormat.csv:
        typer.echo(render_csv(columns, rows), nl=False)
    elif fmt is OutputFormat.json:
        typer.echo(render_json(columns, rows))
    else:
        console.print(render_table(title, columns, rows))

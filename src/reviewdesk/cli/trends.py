"""`reviewdesk trends`: a trends view as tables in the terminal, CSV or JSON, with a chart
file; `--published` sets the profession's published figures beside ours; `--rebuild`
recounts the trend facts the views read."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.record import Store, audit
from reviewdesk.record.trend_upkeep import rebuild_trend_facts
from reviewdesk.services.trends import PeriodKind, TrendFilters, published_figures
from reviewdesk.services.trends.charts import render
from reviewdesk.services.trends.model import TrendTable, TrendView
from reviewdesk.services.trends.profile import ProfileNeedsCompany
from reviewdesk.services.trends.published import Figure
from reviewdesk.services.trends.views import VIEWS, UnknownCompany, find_company

out = Console(soft_wrap=True)
err = Console(stderr=True)
FORMATS = ("table", "csv", "json")


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]reviewdesk: {escape(message)}[/red]")
    return typer.Exit(2)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _print_table(table: TrendTable) -> None:
    shown = Table(title=table.title, caption=table.note or None)
    for column in table.columns:
        shown.add_column(column, justify="left" if column == table.columns[0] else "right")
    for row in table.rows:
        shown.add_row(*(Text(_cell(v)) for v in row))
    out.print(shown)


def _print_view(view: TrendView, fmt: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps(view.to_dict()))
        return
    if fmt == "csv":
        for table in view.tables:
            typer.echo(f"# {table.title} ({view.filters})")
            typer.echo(table.to_csv(), nl=False)
        return
    out.print(Text(f"{view.title}: {view.filters}", style="bold"))
    for table in view.tables:
        _print_table(table)


def _print_figures(figures: list[Figure], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps([f.to_dict() for f in figures], indent=2))
        return
    if fmt == "csv":
        table = TrendTable(
            "published",
            "published",
            ["figure", "ours", "published", "n", "period", "source", "definition", "gap"],
        )
        for f in figures:
            table.add([f.figure, f.ours, f.published, f.n, f.period, f.source, f.definition, f.gap])
        typer.echo(table.to_csv(), nl=False)
        return
    shown = Table(title="Published figures beside ours (definitions and gaps below)")
    for column in ("#", "figure", "ours", "n", "published", "source", "period"):
        shown.add_column(column, justify="right" if column in {"#", "ours", "n"} else "left")
    for number, f in enumerate(figures, 1):
        ours = "–" if f.ours is None else f"{f.ours:g}"
        shown.add_row(
            str(number),
            Text(f.figure),
            Text(ours),
            str(f.n),
            Text(f.published_text),
            Text(f.source),
            Text(f.period),
        )
    out.print(shown)
    for number, f in enumerate(figures, 1):
        out.print(Text(f"{number}. {f.figure} — definition: {f.definition}. {f.gap}"))


def _write_chart(view: TrendView, path: Path) -> None:
    image = path.suffix.lower().lstrip(".")
    if image not in {"svg", "png"}:
        raise _fail(f"--chart {path}: give a file name ending in .svg or .png")
    drawn = next((t for t in view.tables if t.chart is not None and render(t, image)), None)
    if drawn is None:
        raise _fail(f"--chart {path}: the {view.name} view has nothing to draw for these filters")
    content = render(drawn, image)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    err.print(f"chart of {escape(drawn.title)} written to {escape(str(path))}")


def _rebuild(store: Store) -> None:
    began = time.perf_counter()
    with store.write() as session:
        done = rebuild_trend_facts(session)
        audit.log(
            session,
            "trend_facts",
            "trends",
            companies=done.companies,
            letter_cells=done.letter_cells,
            review_cells=done.review_cells,
        )
    out.print(
        f"trend facts recounted in {time.perf_counter() - began:.1f} s: {done.companies} "
        f"companies, {done.letter_cells} letter cells, {done.review_cells} review cells"
    )


@app.command("trends")
def trends_command(
    view: str = typer.Argument("reviews", help=f"View: {', '.join(VIEWS)}."),
    published: bool = typer.Option(
        False, "--published", help="Published figures beside ours, with how each is defined."
    ),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    chart: Path | None = typer.Option(None, "--chart", help="Write the chart to PATH.svg|png."),
    period: PeriodKind = typer.Option(
        PeriodKind.calendar,
        "--period",
        help="calendar year, or review year (1 Oct–30 Sep, named by the year it ends).",
    ),
    year_from: int | None = typer.Option(None, "--from", help="First year (inclusive)."),
    year_to: int | None = typer.Option(None, "--to", help="Last year (inclusive)."),
    form: str | None = typer.Option(None, "--form", help="Form of the reviewed filing, e.g. 10-K."),
    office: str | None = typer.Option(
        None, "--office", help="Staff office, e.g. Office of Finance."
    ),
    company: str | None = typer.Option(None, "--company", help="Company: CIK, id or name part."),
    group: str | None = typer.Option(None, "--group", help="Topic group, e.g. MD&A."),
    filer: str | None = typer.Option(
        None, "--filer", help="Kind of filer (EDGAR filer category), e.g. Large Accelerated Filer."
    ),
    industry: str | None = typer.Option(
        None, "--industry", help="Company's industry: SIC code (e.g. 2834) or words of it."
    ),
    rebuild: bool = typer.Option(
        False,
        "--rebuild",
        help="Recount the trend facts ingest keeps, for the whole record, and stop.",
    ),
    db: str | None = DbOption,
) -> None:
    """What the staff asks about and how reviews go, on the record; or --published."""
    if rebuild:
        _rebuild(open_record(db))
        return
    if fmt not in FORMATS:
        raise _fail(f"--format {fmt!r}: give one of {', '.join(FORMATS)}")
    if not published and view not in VIEWS:
        raise _fail(f"no trends view {view!r}; give one of {', '.join(VIEWS)}")
    store = open_record(db)
    with store.session() as session:
        if published:
            _print_figures(published_figures(session), fmt)
            return
        try:
            company_id = find_company(session, company) if company else None
        except UnknownCompany as exc:
            raise _fail(str(exc)) from exc
        filters = TrendFilters(
            period, year_from, year_to, form, office, company_id, group, filer, industry
        )
        try:
            shown = VIEWS[view](session, filters)
        except ProfileNeedsCompany as exc:
            raise _fail(f"{exc} (--company)") from exc
    _print_view(shown, fmt)
    if chart is not None:
        _write_chart(shown, chart)

"""`reviewdesk search`: full-text search over the record's comments and responses from the
command line, with the desk's filters, a date range, and best-match or date order; with
`--export FILE` the whole thread of every match (comment, answer, follow-ups, topics,
citations, filing form and period) as CSV, JSON lines or Parquet, by the file's suffix."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session

from reviewdesk.cli import app
from reviewdesk.cli.listing import Column, OutputFormat, print_listing
from reviewdesk.cli.options import (
    DbOption,
    FormatOption,
    FormOption,
    OfficeOption,
    SearchIndexOption,
    open_record,
    parse_day,
    use_search_index,
)
from reviewdesk.services.search import Scope, SearchError, SearchFilters, SearchQuery, Sort, search
from reviewdesk.services.search.threads import ThreadFormat, export_threads

out = Console()
HIT_COLUMNS = [
    Column("letter_date", "date", header="date"),
    Column("company"),
    Column("cik", in_table=False),
    Column("kind", "word"),
    Column("number", "number", header="no."),
    Column("accession"),
    Column("letter_id", "number", in_table=False),
    Column("id", "number", in_table=False),
    Column("review_id", "number", in_table=False),
    Column("score", "number", in_table=False),
    Column("snippet"),
]


@app.command("search")
def search_command(
    words: str = typer.Argument(
        "",
        help='Words to find: "quoted phrase", OR, -word, prefix*; may be empty with --topic.',
        show_default=False,
    ),
    scope: Scope = typer.Option(Scope.all, "--scope", help="comments, responses or all."),
    date_from: str | None = typer.Option(
        None, "--from", help="Letters dated on or after YYYY-MM-DD."
    ),
    date_to: str | None = typer.Option(None, "--to", help="Letters dated on or before YYYY-MM-DD."),
    sort: Sort = typer.Option(
        Sort.relevance, "--sort", help="relevance (best match first), newest or oldest."
    ),
    form: str | None = FormOption,
    office: str | None = OfficeOption,
    cik: str | None = typer.Option(None, "--cik", help="Company CIK."),
    industry: str | None = typer.Option(
        None, "--industry", help="Company's SIC code (e.g. 2834) or words of its industry."
    ),
    topic: str | None = typer.Option(None, "--topic", help="Topic code, e.g. non_gaap."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=100, help="Hits to show."),
    page: int = typer.Option(1, "--page", min=1, max=200, help="Page of hits."),
    fmt: OutputFormat = FormatOption,
    export: Path | None = typer.Option(
        None,
        "--export",
        help="Write the whole thread of every match (up to 10,000) to this file: "
        ".csv, .jsonl or .parquet.",
    ),
    db: str | None = DbOption,
    search_index: Path | None = SearchIndexOption,
) -> None:
    """Comments and responses matching the words and filters, best match first or by the
    letter's date (CSV and JSON add CIK, ids and the score)."""
    try:
        filters = SearchFilters(
            cik=cik,
            form=form,
            office=office,
            topic=topic,
            industry=industry,
            date_from=parse_day(date_from, "--from"),
            date_to=parse_day(date_to, "--to"),
        )
        query = SearchQuery(words, filters, scope, page, limit, sort)
        kind = _thread_format(export) if export is not None else None
        store = open_record(db)
        use_search_index(store, search_index)
        with store.session() as session:
            if export is not None and kind is not None:
                _write_threads(session, query, kind, export)
                return
            result = search(session, query)
    except SearchError as exc:
        Console(stderr=True).print(f"[red]reviewdesk: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from exc
    rows = [
        [
            h.letter_date,
            h.company,
            h.cik,
            h.kind,
            h.number,
            h.accession,
            h.letter_id,
            h.id,
            h.review_id,
            round(h.score, 4),
            h.snippet_text,
        ]
        for h in result.hits
    ]
    total = f"{'at least ' if result.total_capped else ''}{result.total:,}"
    order = {"relevance": "best match first", "newest": "newest first", "oldest": "oldest first"}
    title = f"{total} matches, {order[sort.value]} · page {page} of {result.pages}"
    print_listing(out, fmt, title, HIT_COLUMNS, rows)


def _thread_format(path: Path) -> ThreadFormat:
    """The export format a file's suffix names; SearchError for any other suffix."""
    try:
        return ThreadFormat(path.suffix.lstrip(".").lower())
    except ValueError as exc:
        raise SearchError(
            f"cannot tell the format of {path}; name it .csv, .jsonl or .parquet"
        ) from exc


def _write_threads(session: Session, query: SearchQuery, kind: ThreadFormat, path: Path) -> None:
    """Write the threads of the search's matches to `path`."""
    size = 0
    with path.open("wb") as handle:
        for chunk in export_threads(session, query, kind):
            handle.write(chunk)
            size += len(chunk)
    out.print(f"wrote {escape(str(path))} ({kind.value}, {size:,} bytes)", soft_wrap=True)

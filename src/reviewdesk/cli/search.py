"""`reviewdesk search`: full-text search over the record's comments and responses from the
command line, with the desk's filters, a date range, and best-match or date order."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

from reviewdesk.cli import app
from reviewdesk.cli.listing import Column, OutputFormat, print_listing
from reviewdesk.cli.options import (
    DbOption,
    FormatOption,
    FormOption,
    OfficeOption,
    open_record,
    parse_day,
)
from reviewdesk.services.search import Scope, SearchError, SearchFilters, SearchQuery, Sort, search

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
    db: str | None = DbOption,
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
        store = open_record(db)
        with store.session() as session:
            result = search(session, query)
    except SearchError as exc:
        Console(stderr=True).print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
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

"""What every `reviewdesk` command that reads the record shares: the `--db` option and the
store opener that turns a bad database into a message and exit status 2; and the options of
the commands that list records (`--format`, `--company`, `--form`, `--office`, `--since`,
`--until`), spelled and explained the same way in each."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url

from reviewdesk.cli.listing import OutputFormat
from reviewdesk.record.store import Store, StoreError, open_store

DB_HELP = (
    "Database: a SQLite file path or a postgresql:// URL (default: $REVIEWDESK_DB, else "
    "$XDG_DATA_HOME/reviewdesk/reviewdesk.sqlite, i.e. ~/.local/share/reviewdesk/reviewdesk.sqlite)."
)
DbOption = typer.Option(None, "--db", help=DB_HELP, show_default=False)


def open_record(db: str | None, *, migrate: bool = True) -> Store:
    """The record at `db` (migrated unless told not to); a database that cannot be opened
    is reported on stderr and ends the command with status 2."""
    try:
        return open_store(db, migrate=migrate)
    except StoreError as exc:
        Console(stderr=True).print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc


FormatOption = typer.Option(
    OutputFormat.table, "--format", "-f", help="table (for people), csv or json (for programs)."
)
CompanyOption = typer.Option(None, "--company", help="Company: any part of its name, or its CIK.")
FormOption = typer.Option(
    None, "--form", help="Form of the reviewed filing, e.g. 10-K (amendments count as their form)."
)
OfficeOption = typer.Option(
    None, "--office", help="Staff office: any part of its name, e.g. Manufacturing."
)


def parse_day(value: str | None, option: str) -> date | None:
    """The day an option gives as YYYY-MM-DD; anything else is reported on stderr and ends
    the command with status 2."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        Console(stderr=True).print(
            f"[red]reviewdesk: {option} {escape(value)!r} is not a date; give YYYY-MM-DD[/red]"
        )
        raise typer.Exit(2) from exc


def say_empty_record(store: Store, what: str) -> None:
    """On stderr, when a listing finds nothing at all: which record was read and how to read
    another (after `make demo` the default record is not the demo's)."""
    shown = make_url(store.url).render_as_string(hide_password=True)
    Console(stderr=True).print(
        f"[yellow]reviewdesk: the record at {escape(shown)} holds no {what}; read another "
        "with --db or $REVIEWDESK_DB (make demo's is reviewdesk-demo/reviewdesk.sqlite)[/yellow]",
        soft_wrap=True,
    )


SearchIndexOption = typer.Option(
    None,
    "--search-index",
    help="Engine index directory a PostgreSQL record ranks searches with (default: "
    "$REVIEWDESK_SEARCH_INDEX; build one with `reviewdesk search-index build`).",
    show_default=False,
)


def use_search_index(store: Store, given: Path | None) -> None:
    """Search `store` with the engine index `given` (or $REVIEWDESK_SEARCH_INDEX), set for
    this process and those it starts; an index that cannot serve this record is reported on
    stderr and ends the command with status 2. On SQLite an index given is ignored, with a
    warning (SQLite searches with FTS5)."""
    from reviewdesk.services.search.engine_index import ENV_VAR, configured

    err = Console(stderr=True)
    if store.dialect != "postgresql":
        if given is not None:
            err.print(
                f"[yellow]reviewdesk: --search-index {escape(str(given))} is ignored: SQLite "
                "searches with FTS5; the engine index is for PostgreSQL[/yellow]",
                soft_wrap=True,
            )
        return
    if given is not None:
        os.environ[ENV_VAR] = str(given)
    where = configured()
    if where is None:
        return
    from reviewdesk.services.search.engine_index.directory import EngineIndexError, opened
    from reviewdesk.services.search.engine_index.indexer import check_record

    try:
        check_record(opened(where), store.engine)
    except EngineIndexError as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from exc

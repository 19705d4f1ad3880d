"""What every `reviewdesk` command that reads the record shares: the `--db` option and the
store opener that turns a bad database into a message and exit status 2."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

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

"""`reviewdesk serve`: the desk's web pages and HTTP API over the record."""

from __future__ import annotations

import gc

import typer
import uvicorn
from rich.console import Console
from rich.markup import escape

from reviewdesk.cli import app
from reviewdesk.record import StoreError

DB_HELP = (
    "Database: a SQLite file path or a postgresql:// URL (default: $REVIEWDESK_DB, else "
    "~/.local/share/reviewdesk/reviewdesk.sqlite)."
)
err = Console(stderr=True)


def settle_heap() -> None:
    """Move the objects made at start-up out of the garbage collector's reach (gc.freeze):
    without it every few searches pay a full collection of the loaded libraries (~50 ms)."""
    gc.collect()
    gc.freeze()


@app.command("serve")
def serve(
    db: str | None = typer.Option(None, "--db", help=DB_HELP, show_default=False),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the desk (dashboard, companies, reviews, letters, search; JSON under /api)."""
    from reviewdesk.web import create_app

    try:
        desk = create_app(db)
    except StoreError as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    settle_heap()
    shown = f"[{host}]" if ":" in host else host
    err.print(f"ReviewDesk is serving at http://{shown}:{port}/ (Ctrl-C stops it)")
    try:
        uvicorn.run(desk, host=host, port=port, log_level="warning")
    except OSError as exc:
        err.print(f"[red]reviewdesk: cannot listen on {host}:{port} ({exc}); try --port[/red]")
        raise typer.Exit(2) from exc

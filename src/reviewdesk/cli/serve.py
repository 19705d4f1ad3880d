"""`reviewdesk serve`: the desk's web pages and HTTP API over the record."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import typer
import uvicorn
from fastapi import FastAPI
from rich.console import Console
from rich.markup import escape

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, SearchIndexOption, open_record, use_search_index
from reviewdesk.record import StoreError
from reviewdesk.record.store import ENV_VAR, open_store

err = Console(stderr=True)
KEEP_ALIVE_SECONDS = 75
"""Idle keep-alive connections are held longer than clients keep them (uvicorn's 5 s default
races a client reusing one at the same moment: a dropped request under load)."""


def settle_heap() -> None:
    """Move the objects made at start-up out of the garbage collector's reach (gc.freeze):
    without it every few searches pay a full collection of the loaded libraries (~50 ms)."""
    gc.collect()
    gc.freeze()


def worker_desk() -> FastAPI:
    """The desk of one worker process of `serve --workers N`, over $REVIEWDESK_DB."""
    from reviewdesk.web import create_app

    desk = create_app(os.environ.get(ENV_VAR))
    settle_heap()
    return desk


def _prepare(db: str | None) -> None:
    """Migrate the record, thread any letter left unthreaded and make sure the search index is
    in place (the pipeline's start-up), once, before the workers start."""
    from reviewdesk.pipeline import settle

    store = open_store(db)
    try:
        settle(store)
    finally:
        store.close()


@app.command("serve")
def serve(
    db: str | None = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Processes serving on the port (one record)."
    ),
    search_index: Path | None = SearchIndexOption,
) -> None:
    """Serve the desk (dashboard, companies, reviews, letters, search; JSON under /api)."""
    from reviewdesk.web import create_app

    checked = open_record(db)
    try:
        use_search_index(checked, search_index)
    finally:
        checked.close()

    try:
        if workers > 1:
            _prepare(db)
            if db:
                os.environ[ENV_VAR] = db
            target: FastAPI | str = "reviewdesk.cli.serve:worker_desk"
        else:
            target = create_app(db)
            settle_heap()
    except StoreError as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"ReviewDesk is serving at http://{shown}:{port}/ with {workers} worker process(es) "
        "(Ctrl-C stops it)"
    )
    try:
        uvicorn.run(
            target,
            host=host,
            port=port,
            log_level="warning",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            workers=workers if workers > 1 else None,
            factory=workers > 1,
        )
    except OSError as exc:
        err.print(f"[red]reviewdesk: cannot listen on {host}:{port} ({exc}); try --port[/red]")
        raise typer.Exit(2) from exc

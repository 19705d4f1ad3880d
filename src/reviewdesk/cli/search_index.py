"""`reviewdesk search-index build|sync|status|drop`: the engine index a PostgreSQL record
ranks its searches with (services/search/engine_index): build it from the record, apply the
changes made since, show where it stands, or stop the record feeding it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import text

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.record import search_feed
from reviewdesk.record.store import Store
from reviewdesk.services.search.engine_index import ENV_VAR, configured
from reviewdesk.services.search.engine_index.build import build, directory_size
from reviewdesk.services.search.engine_index.directory import (
    SQLITE,
    EngineIndexError,
    OpenIndex,
    opened,
)
from reviewdesk.services.search.engine_index.indexer import Applied, apply, check_record
from reviewdesk.services.search.engine_index.schema import TABLES

index_app = typer.Typer(
    help="The engine index (tantivy) a PostgreSQL record ranks searches with.",
    no_args_is_help=True,
)
app.add_typer(index_app, name="search-index")
err = Console(stderr=True)
out = Console()

IndexOption = typer.Option(
    None,
    "--index",
    help="The index directory (default: $REVIEWDESK_SEARCH_INDEX).",
    show_default=False,
)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]reviewdesk search-index: {escape(message)}[/red]", soft_wrap=True)
    return typer.Exit(2)


def _directory(index: Path | None) -> Path:
    """The directory given, else $REVIEWDESK_SEARCH_INDEX's; neither: exit 2."""
    where = index or configured()
    if where is None:
        raise _fail(f"give the index directory with --index DIR or ${ENV_VAR}")
    return where


def _postgres(db: str | None) -> Store:
    store = open_record(db)
    if store.dialect != "postgresql":
        raise _fail(SQLITE)
    return store


def _followed(store: Store, index: Path | None) -> OpenIndex:
    """The index at the directory, checked to follow the record; else exit 2."""
    try:
        found = opened(_directory(index))
        check_record(found, store.engine)
    except EngineIndexError as exc:
        raise _fail(str(exc)) from exc
    return found


def _applied(done: Applied, seconds: float) -> str:
    return (
        f"{done.changes:,} changes applied ({done.replaced:,} items replaced, "
        f"{done.deleted:,} removed) in {seconds:.2f} s"
    )


@index_app.command("build")
def build_command(
    index: Path | None = IndexOption,
    heap_mb: int = typer.Option(
        400, "--heap-mb", min=15, help="Indexing memory: a segment is written each time it fills."
    ),
    threads: int = typer.Option(
        1, "--threads", min=1, max=16, help="Indexing threads (each with its share of the heap)."
    ),
    db: str | None = DbOption,
) -> None:
    """Build an engine index of every comment and answer of a PostgreSQL record into a new
    directory; changes made while it builds are applied at the end."""
    where = _directory(index)
    store = _postgres(db)
    with store.engine.connect() as connection:
        totals = {
            t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in TABLES
        }
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err) as progress:
        tasks = {t: progress.add_task(t, total=totals[t]) for t in TABLES}

        def advance(table: str, docs: int) -> None:
            progress.update(tasks[table], completed=docs)

        try:
            built = build(store.engine, where, heap_mb * 2**20, threads, progress=advance)
        except EngineIndexError as exc:
            raise _fail(str(exc)) from exc
    docs = sum(built.docs.values())
    out.print(
        f"built {escape(str(where))}: {docs:,} items "
        f"({', '.join(f'{t} {n:,}' for t, n in built.docs.items())}) in {built.seconds:.1f} s, "
        f"{built.rate:,.0f} docs/s, {built.size / 2**20:,.0f} MiB",
        soft_wrap=True,
    )
    started = time.perf_counter()
    done = apply(opened(where), store.engine)
    out.print(f"made while building: {_applied(done, time.perf_counter() - started)}")
    out.print(
        f"search with it: --search-index {escape(str(where))} on serve, search and ingest, "
        f"or {ENV_VAR}={escape(str(where))}",
        soft_wrap=True,
    )


@index_app.command("sync")
def sync_command(index: Path | None = IndexOption, db: str | None = DbOption) -> None:
    """Apply the record's changes the index has not taken yet (searches and ingests also do
    this as they go)."""
    store = _postgres(db)
    found = _followed(store, index)
    started = time.perf_counter()
    done = apply(found, store.engine)
    out.print(_applied(done, time.perf_counter() - started))


@index_app.command("status")
def status_command(index: Path | None = IndexOption, db: str | None = DbOption) -> None:
    """How many items the index holds, the changes it has yet to apply, and its size."""
    store = _postgres(db)
    found = _followed(store, index)
    with store.engine.connect() as connection:
        waiting = search_feed.backlog(connection, found.naming.name)
    tables = found.fresh()
    docs = ", ".join(f"{t} {tables[t].searcher().num_docs:,}" for t in TABLES)
    out.print(
        f"engine index {escape(str(found.where))} ({found.naming.name}, record "
        f"{escape(found.naming.record)}): {docs}; {waiting:,} pending changes; "
        f"{directory_size(found.where) / 2**20:,.1f} MiB",
        soft_wrap=True,
    )


@index_app.command("drop")
def drop_command(index: Path | None = IndexOption, db: str | None = DbOption) -> None:
    """Stop the record feeding the index and delete its directory (searches then use
    PostgreSQL's own full text until another is built and configured)."""
    store = _postgres(db)
    found = _followed(store, index)
    with store.engine.begin() as connection:
        search_feed.unregister(connection, found.naming.name)
    shutil.rmtree(found.where)
    out.print(f"dropped the engine index at {escape(str(found.where))}")

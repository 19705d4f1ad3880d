"""`reviewdesk ingest`, `reparse`, `errors`, `export` and `db`: fill the record and read it out."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy import select

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, SearchIndexOption, open_record, use_search_index
from reviewdesk.pipeline import ingest_paths, reparse
from reviewdesk.record import (
    IngestOutcome,
    ManifestError,
    Store,
    list_documents,
    read_manifest,
    schema,
)
from reviewdesk.record.export import ExportFormat, export
from reviewdesk.record.grants import grant_desk_role
from reviewdesk.record.reparse import Reparsed
from reviewdesk.record.store import StoreError, current_revision, head, upgrade

JobsOption = typer.Option(
    None, "--jobs", "-j", min=1, help="Parser processes (default: the number of CPUs)."
)

db_app = typer.Typer(help="The record's database: schema migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
err = Console(stderr=True)
out = Console()


def _bar(label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("errors {task.fields[errors]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


class _Ticker:
    """Advances a progress bar by one document and keeps the rate and error count current."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress = progress
        self.task = task
        self.started = time.monotonic()
        self.done = 0
        self.errors = 0

    def tick(self, error: bool) -> None:
        self.done += 1
        self.errors += error
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, advance=1, rate=rate, errors=self.errors)

    def on_outcome(self, outcome: IngestOutcome) -> None:
        self.tick(outcome.error is not None)

    def on_reparsed(self, result: Reparsed) -> None:
        self.tick(result.error is not None)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Letters (PDF, HTML, EDGAR .txt) or folders of them."
    ),
    manifest: Path | None = typer.Option(
        None, "--manifest", "-m", help="CSV with accession, file, form, filing_date, cik, company."
    ),
    jobs: int | None = JobsOption,
    db: str | None = DbOption,
    search_index: Path | None = SearchIndexOption,
) -> None:
    """Store letters in the record: bytes, parsed reading and any error, one transaction each;
    documents already stored (same accession or same bytes) are recognised, not stored twice."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"reviewdesk ingest: no such file or folder: {escape(', '.join(missing))}")
        raise typer.Exit(2)
    try:
        listing = read_manifest(manifest) if manifest is not None else None
    except ManifestError as exc:
        err.print(f"[red]reviewdesk ingest: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    store = open_record(db)
    use_search_index(store, search_index)
    documents = list_documents(paths)
    started = time.monotonic()
    with _bar("ingest") as progress:
        ticker = _Ticker(
            progress, progress.add_task("ingest", total=len(documents), rate=0.0, errors=0)
        )
        summary = ingest_paths(store, documents, listing, jobs, ticker.on_outcome)
    elapsed = time.monotonic() - started
    table = Table(title=f"ingest into {escape(_where(store))}")
    for column in ("given", "stored", "duplicates", "parse errors (kept)", "not stored", "docs/s"):
        table.add_column(column, justify="right")
    table.add_row(
        str(summary.given),
        str(summary.stored),
        str(summary.duplicates),
        str(summary.errors),
        str(summary.failed),
        f"{summary.given / max(elapsed, 1e-9):.1f}",
    )
    out.print(table)
    for problem in summary.problems:
        kept = "kept" if problem.kept else "NOT STORED"
        out.print(f"{kept}: {escape(problem.source)}: {escape(problem.error or '')}")
    if summary.reviews_rebuilt:
        out.print("Reviews and rounds rebuilt from the stored letters.")
    for line in summary.recent_advanced:
        out.print(f"Recent search index advanced: {escape(line)}")
    if summary.errors:
        out.print(
            "Parse errors are kept: `reviewdesk errors` lists them, `reviewdesk reparse` retries."
        )
    if summary.failed:
        raise typer.Exit(1)


@app.command("reparse")
def reparse_command(
    stale_only: bool = typer.Option(
        False,
        "--stale-only",
        help="Only letters read by another parser version or labelled by another classifier.",
    ),
    jobs: int | None = JobsOption,
    db: str | None = DbOption,
) -> None:
    """Re-read stored documents with the current parser, updating letters, comments and
    responses in place (their ids stay the same)."""
    store = open_record(db)
    with store.session() as session:
        total = len(session.scalars(select(schema.Letter.id)).all())
    with _bar("reparse") as progress:
        ticker = _Ticker(progress, progress.add_task("reparse", total=total, rate=0.0, errors=0))
        summary = reparse(store, jobs=jobs, stale_only=stale_only, progress=ticker.on_reparsed)
        progress.update(ticker.task, total=summary.letters)
    table = Table(title="reparse")
    for column in ("letters", "changed", "errors", "conflicts"):
        table.add_column(column, justify="right")
    table.add_row(
        *(str(n) for n in (summary.letters, summary.changed, summary.errors, summary.failed))
    )
    out.print(table)
    for problem in summary.problems:
        out.print(
            f"letter {problem.letter_id}: {escape(problem.source)}: {escape(problem.error or '')}"
        )


@app.command()
def errors(
    all_: bool = typer.Option(False, "--all", help="Include errors a reparse has resolved."),
    db: str | None = DbOption,
) -> None:
    """List documents kept with an error: which, why, and when."""
    store = open_record(db)
    query = select(schema.IngestError).order_by(schema.IngestError.id)
    if not all_:
        query = query.where(schema.IngestError.resolved_at.is_(None))
    with store.session() as session:
        rows = session.scalars(query).all()
        table = Table(title=f"{len(rows)} ingest errors")
        for column in ("id", "letter", "document", "error", "when", "resolved"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(
                str(row.id),
                str(row.letter_id or ""),
                escape(row.source),
                escape(row.message),
                row.occurred_at.strftime("%Y-%m-%d %H:%M"),
                row.resolved_at.strftime("%Y-%m-%d %H:%M") if row.resolved_at else "",
            )
    out.print(table)


@app.command("export")
def export_command(
    format: ExportFormat = typer.Option(
        ExportFormat.csv, "--format", "-f", help="csv, jsonl or parquet."
    ),
    output: Path = typer.Option(
        Path("reviewdesk-export"), "--output", "-o", help="Folder to write the files into."
    ),
    db: str | None = DbOption,
) -> None:
    """Write letters, comments (with the responses that answer them), responses, and reviews
    with their rounds once they exist, one file per table."""
    store = open_record(db)
    if output.exists() and not output.is_dir():
        err.print(f"reviewdesk export: {escape(str(output))} is a file; give a folder with -o")
        raise typer.Exit(2)
    written = export(store, format, output)
    table = Table(title=f"export ({format.value})")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for path, count in written.items():
        table.add_row(escape(str(path)), str(count))
    out.print(table)


@db_app.command("upgrade")
def db_upgrade(db: str | None = DbOption) -> None:
    """Migrate the database to the newest schema (opening it does this too), printing each
    migration and the progress of long ones to stderr."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    store = open_record(db, migrate=False)
    before = current_revision(store)
    upgrade(store)
    out.print(f"{escape(_where(store))}: schema {before or 'empty'} -> {current_revision(store)}")


@db_app.command("current")
def db_current(db: str | None = DbOption) -> None:
    """Show where the database is and which schema revision it is at."""
    store = open_record(db, migrate=False)
    out.print(
        f"{escape(_where(store))}: schema {current_revision(store) or 'empty'} (newest {head()})"
    )


@db_app.command("grant-desk")
def db_grant_desk(
    role: str = typer.Argument(..., help="The PostgreSQL role the desk connects as."),
    db: str | None = DbOption,
) -> None:
    """As the schema's owner: let ROLE read and write the record but only append to the
    audit log (PostgreSQL)."""
    store = open_record(db)
    try:
        grant_desk_role(store, role)
    except StoreError as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    out.print(f"{escape(role)} may use {escape(_where(store))}; the audit log only to append")


def _where(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=True)

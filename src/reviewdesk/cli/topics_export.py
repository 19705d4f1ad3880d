"""`reviewdesk topics export`: the record's labels as topic label files (TOPICS.md JSON, one
per letter, as in shared/eval/dev-topics), with who or which classifier gave each."""

from __future__ import annotations

from pathlib import Path

import typer

from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.cli.topics import topics_app


@topics_app.command("export")
def export(
    output: Path = typer.Option(
        Path("topic-labels"), "-o", "--output", help="Folder for the <accession>.json files."
    ),
    people_only: bool = typer.Option(
        False,
        "--people-only",
        help="Only items a person labelled (what `topics train --labels DIR` should learn).",
    ),
    db: str | None = DbOption,
) -> None:
    """Write every comment's and answer's labels, with who or which classifier gave them."""
    from reviewdesk.record.label_export import export_labels

    store = open_record(db)
    try:
        summary = export_labels(store, output, people_only=people_only)
    except OSError as exc:
        typer.echo(f"reviewdesk topics export: cannot write {output}: {exc.strerror}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(
        f"{output}: {summary.letters} letters, {summary.items} labelled items, "
        f"{summary.by_people} with a person's label"
    )

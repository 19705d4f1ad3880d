"""`reviewdesk topics`: build the shipped topic model from labels, and measure reading methods
by cross-validation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from reviewdesk.cli import app

if TYPE_CHECKING:
    from reviewdesk.letters.about.labels import LabelledItem

SHARED = Path("../shared")
DEFAULT_LABELS = SHARED / "eval" / "dev-topics"
DEFAULT_DOCS = [SHARED / "corpus" / "docs", SHARED / "corpus"]
DEFAULT_MANIFEST = SHARED / "corpus" / "manifest.csv"

topics_app = typer.Typer(help="Topics, asks and answer classes: train and measure the reader.")
app.add_typer(topics_app, name="topics")


def _load(labels: list[Path] | None, docs: list[Path] | None, manifest: Path) -> list[LabelledItem]:
    from reviewdesk.letters.about.labels import load_labelled

    folders = labels or [DEFAULT_LABELS]
    missing = [str(p) for p in folders if not p.is_dir()]
    if missing:
        typer.echo(f"reviewdesk topics: no such label folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    items, problems = load_labelled(folders, docs or DEFAULT_DOCS, manifest)
    for problem in problems:
        typer.echo(f"skipped: {problem}", err=True)
    if not items:
        typer.echo(
            "reviewdesk topics: no labelled item could be read; check --labels and --docs", err=True
        )
        raise typer.Exit(2)
    return items


@topics_app.command("train")
def train(
    labels: list[Path] = typer.Option(
        None,
        "--labels",
        help="Label folders (TOPICS.md JSON); repeatable. Default ../shared/eval/dev-topics.",
    ),
    docs: list[Path] = typer.Option(
        None, "--docs", help="Folders with the labelled letters, found by accession; repeatable."
    ),
    manifest: Path = typer.Option(DEFAULT_MANIFEST, help="Corpus manifest (not needed to train)."),
    output: Path = typer.Option(
        None, "-o", "--output", help="Model file; default the packaged one."
    ),
) -> None:
    """Build the topic model deterministically from labels (the same labels give the same file)."""
    from reviewdesk.letters.about.train import fit_model
    from reviewdesk.letters.classify import MODEL_PATH

    items = _load(labels, docs, manifest)
    try:
        model = fit_model(items, "linear-topics")
    except ValueError as error:
        typer.echo(f"reviewdesk topics train: {error}; add labels with --labels", err=True)
        raise typer.Exit(2) from error
    target = output or MODEL_PATH
    model.save(target)
    typer.echo(
        f"{target}: {len(items)} labelled items, {len(model.vocabulary)} features, "
        f"{target.stat().st_size / 1024:.0f} KiB"
    )

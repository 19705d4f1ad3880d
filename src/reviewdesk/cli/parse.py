"""`reviewdesk parse`: print the structured reading of letters (contract: PARSE_OUTPUT.md)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from functools import partial
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from reviewdesk.cli import app
from reviewdesk.documents import DocumentError, SubmissionHeader
from reviewdesk.documents.bounded import BoundedReaders, Limits
from reviewdesk.letters import Letter, parse_path
from reviewdesk.letters.classify import classify_letter, shipped_reader
from reviewdesk.record.manifest import Manifest, ManifestError, read_manifest

DOCUMENT_SUFFIXES = frozenset({".pdf", ".htm", ".html", ".txt", ".xml"})


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def walk(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Each document named, in order: files as given, directories walked in sorted order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in DOCUMENT_SUFFIXES:
                    yield child, str(child)
        else:
            yield path, str(path)


@app.command()
def parse(
    paths: list[Path] = typer.Argument(
        ..., help="Letters (PDF, HTML, text, EDGAR .txt) or folders."
    ),
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl, json or table."),
    manifest: Path | None = typer.Option(
        None,
        "--manifest",
        help="A manifest CSV (accession, file, form, company, ...): what EDGAR says of each "
        "document fills what the letter does not say (the company when its Re: block names none).",
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Reader processes (default: one per core)."),
    stream: bool = typer.Option(
        False,
        "--stream",
        help="Print each letter as soon as it is read (jsonl), holding none in memory: answers "
        "are then read without the comments they answer.",
    ),
) -> None:
    """Read letters and print what they say: role, kind, dates, filings, comments, responses.
    Each is read in a worker bounded in memory and time ($REVIEWDESK_READ_MEMORY_MIB,
    $REVIEWDESK_READ_SECONDS); one that exceeds them gets its line with `error` set. A staff
    comment and the answers to it among the letters read are read together for their topics
    (reviews/conversations.py), so every letter is read before the first is printed."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"reviewdesk parse: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    known = Manifest()
    if manifest is not None:
        try:
            known = read_manifest(manifest)
        except ManifestError as exc:
            typer.echo(f"reviewdesk parse: {exc}", err=True)
            raise typer.Exit(2) from exc
    try:
        limits = Limits.from_environment()
    except ValueError as exc:
        typer.echo(f"reviewdesk parse: {exc}", err=True)
        raise typer.Exit(2) from exc
    if stream and format is not Format.jsonl:
        typer.echo("reviewdesk parse: --stream prints JSON lines; drop --format", err=True)
        raise typer.Exit(2)
    documents = list(walk(paths))
    with BoundedReaders(jobs or os.cpu_count() or 1, limits) as readers:
        readings = _read_all(readers, iter(documents), known)
        if stream:
            for letter in readings:
                sys.stdout.write(json.dumps(letter.to_dict()) + "\n")
                sys.stdout.flush()
            return
        letters = list(readings)
    if format is not Format.table and len(letters) > 1:
        header = {source: known.lookup(path) for path, source in documents}
        _read_conversations(letters, [header.get(x.source) for x in letters])
    if format is Format.jsonl:
        for letter in letters:
            sys.stdout.write(json.dumps(letter.to_dict()) + "\n")
        return
    if format is Format.json:
        json.dump([letter.to_dict() for letter in letters], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    _table(letters)


def _read_conversations(letters: list[Letter], headers: list[SubmissionHeader | None]) -> None:
    """Read each staff comment with the answers to it among `letters` (in place); should that
    fail, every letter keeps its own reading and is still printed. (Imported here: reader
    processes import this module and need none of the reviews layer.)"""
    from reviewdesk.reviews.conversations import conversations, read_together

    try:
        read_together(conversations(letters, headers), shipped_reader())
    except Exception as exc:  # a bug here must not cost the run its output
        typer.echo(
            f"reviewdesk parse: comments were not read with their answers ({type(exc).__name__}: "
            f"{exc}); each letter is printed as read alone",
            err=True,
        )


def _read(path: Path, source: str, header: SubmissionHeader) -> Letter:
    """A document's reading with what each comment is about and asks, and each answer's class
    (run in a bounded reader process)."""
    letter = parse_path(path, source=source, header=header)
    classify_letter(letter)
    return letter


def _read_all(
    readers: BoundedReaders, documents: Iterator[tuple[Path, str]], known: Manifest
) -> Iterator[Letter]:
    """The reading of each document in order; one that exceeds a limit or crashes its reader
    is a Letter with `error` set, and the batch goes on."""
    calls = (
        (source, partial(_read, path, source, known.lookup(path))) for path, source in documents
    )
    for source, reading in readers.in_order(calls, lambda source: source):
        if isinstance(reading, DocumentError):
            yield Letter(source=source, error=reading.reason)
        elif reading is not None:
            yield reading


def _table(letters: list[Letter]) -> None:
    table = Table(title=f"{len(letters)} letters", show_lines=False)
    for column in ("document", "role", "kind", "date"):
        table.add_column(column, no_wrap=True)
    for column in ("company", "filings", "items", "error"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        filings = "; ".join(
            f"{f.form or '?'}{'/A' if f.amendment else ''} {f.file_number or ''}".strip()
            for f in letter.filings
        )
        items = len(letter.comments) if letter.role == "staff" else len(letter.responses)
        table.add_row(
            Path(letter.source).name,
            letter.role or "",
            letter.kind or "",
            letter.date or "",
            letter.company or "",
            filings,
            str(items) if letter.error is None else "",
            letter.error or "",
        )
    Console(width=None if sys.stdout.isatty() else 160).print(table)

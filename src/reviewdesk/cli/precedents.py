"""`reviewdesk precedents`, `precedents-eval` and `precedents-labels`: similar comments from
other companies with their answers and outcomes, and how well each method finds them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.services.precedents import (
    DEFAULT_METHOD,
    EmbeddingUnavailable,
    Precedent,
    PrecedentMethod,
    StoredComment,
    UnknownComment,
    find_precedents,
)
from reviewdesk.services.precedents.finder import stored_comment
from reviewdesk.services.precedents.labels import (
    LABELS_FILE,
    LabelFileError,
    label_comments,
    read_hand_labels,
    read_labels,
    write_labels,
)
from reviewdesk.services.precedents.measure import INDEXED, Measurement, indexed_measure, measure
from reviewdesk.services.precedents.stored_comments import stored_comments, with_read_topics

EXCERPT = 400
out = Console(soft_wrap=True)
err = Console(stderr=True)


HAND_LABELS = Path("../shared/eval/dev-topics")
"""The hand labels precedents-eval judges by when they are there (run from the repository)."""


def _excerpt(text: str, full: bool) -> str:
    flat = " ".join(text.split())
    return flat if full or len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def _where(comment: StoredComment) -> str:
    number = "?" if comment.number is None else str(comment.number)
    return (
        f"{comment.company or 'unknown company'} · {comment.letter_date or 'undated'} · "
        f"{comment.accession or 'no accession'} · comment {number}"
    )


def _as_dict(precedent: Precedent) -> dict[str, Any]:
    comment = precedent.comment
    answer = precedent.answer
    return {
        "comment_id": comment.id,
        "score": round(precedent.score, 4),
        "company": comment.company,
        "accession": comment.accession,
        "letter_date": comment.letter_date.isoformat() if comment.letter_date else None,
        "number": comment.number,
        "heading": comment.heading,
        "text": comment.text,
        "answer": None if answer is None else answer.text,
        "answer_accession": None if answer is None else answer.accession,
        "outcome": precedent.outcome.summary,
        "status": precedent.outcome.status,
        "round": precedent.outcome.round,
        "followed_up_by": list(precedent.outcome.followed_up_by),
    }


@app.command("precedents")
def precedents_command(
    comment_id: int = typer.Argument(..., help="The comment's id in the record."),
    k: int = typer.Option(5, "--k", min=1, help="How many precedents to show."),
    method: PrecedentMethod = typer.Option(DEFAULT_METHOD, "--method", help="How to compare."),
    full: bool = typer.Option(False, "--full", help="Whole texts instead of excerpts."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a listing."),
    db: str | None = DbOption,
) -> None:
    """The comments most like COMMENT_ID in other companies' letters, each with the answer
    that company gave and how its thread ended."""
    store = open_record(db)
    try:
        with store.session() as session:
            query = stored_comment(session, comment_id)
            found = find_precedents(session, comment_id, k, method)
    except (UnknownComment, EmbeddingUnavailable) as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc.args[0]))}[/red]")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "comment_id": comment_id,
                    "method": method.value,
                    "precedents": [_as_dict(p) for p in found],
                }
            )
        )
        return
    out.print(f"[bold]Comment {comment_id}[/bold] · {escape(_where(query))}")
    if query.heading:
        out.print(f"[italic]{escape(query.heading)}[/italic]")
    out.print(escape(_excerpt(query.text, full)))
    if not found:
        out.print(f"\nNo comment from another company shares words with comment {comment_id}.")
        return
    for rank, precedent in enumerate(found, start=1):
        comment = precedent.comment
        out.rule(f"{rank} · score {precedent.score:.3f} · {escape(precedent.outcome.summary)}")
        out.print(f"[bold]{escape(_where(comment))}[/bold] (comment id {comment.id})")
        if comment.heading:
            out.print(f"[italic]{escape(comment.heading)}[/italic]")
        out.print(escape(_excerpt(comment.text, full)))
        answer = precedent.answer
        if answer is None:
            out.print("[dim]Answer: none in the record.[/dim]")
        else:
            where = answer.accession or f"letter {answer.letter_id}"
            out.print(
                f"[green]Answer ({escape(where)}):[/green] {escape(_excerpt(answer.text, full))}"
            )


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _print_measurement(result: Measurement) -> None:
    topics = Table(title="Topic: share of top-5 precedents (other companies) sharing the topic")
    for column in ("method", "setting", "comments", "P@1", "P@5", "any in top 5", "chance"):
        topics.add_column(column, justify="left" if column in ("method", "setting") else "right")
    for row in result.topic:
        topics.add_row(
            row.method,
            row.setting,
            str(row.queries),
            _percent(row.precision_at_1),
            _percent(row.precision_at_5),
            _percent(row.any_at_5),
            _percent(row.chance),
        )
    out.print(topics)
    follow = Table(title="Follow-up: the comment followed up, among the company's earlier comments")
    for column in ("method", "setting", "pairs", "top 1", "top 5", "MRR", "candidates", "chance@5"):
        follow.add_column(column, justify="left" if column in ("method", "setting") else "right")
    for item in result.follow_up:
        follow.add_row(
            item.method,
            item.setting,
            str(item.pairs),
            _percent(item.hit_at_1),
            _percent(item.hit_at_5),
            f"{item.mrr:.3f}",
            f"{item.mean_candidates:.1f}",
            _percent(item.chance_at_5),
        )
    out.print(follow)
    out.print(
        f"Labels: {result.labels_resolved} of {result.labels_total} resolved to comments of this "
        "record. 'record' ranks caption and text; 'blind' ranks text only (and judges keyword "
        "labels by captions only); '+ topic' prefers precedents of the record's topic. "
        f"Default method: {DEFAULT_METHOD.value} + topic, through the record's search index "
        f"('{INDEXED}'; '{DEFAULT_METHOD.value}' alone is the same ranking in memory)."
    )


@app.command("precedents-eval")
def precedents_eval_command(
    method: list[PrecedentMethod] = typer.Option(
        None, "--method", help="Measure only this method (repeatable; default: all)."
    ),
    labels: Path = typer.Option(
        None,
        "--labels",
        help="Hand labels (a folder of topic label files; default ../shared/eval/dev-topics "
        "when present) or a keyword-rule labels CSV (default otherwise).",
        show_default=False,
    ),
    classify: bool = typer.Option(
        False,
        "--classify",
        help="Read topics with the shipped classifier for comments the record gives none.",
    ),
    db: str | None = DbOption,
) -> None:
    """Measure each precedent method on the record: topic agreement of the top 5 on the
    labelled comments, and whether follow-ups find the comment they follow up."""
    if labels is None:
        labels = HAND_LABELS if HAND_LABELS.is_dir() else LABELS_FILE
    try:
        labelled = read_hand_labels(labels) if labels.is_dir() else read_labels(labels)
    except LabelFileError as exc:
        err.print(f"[red]reviewdesk: {escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    store = open_record(db)
    try:
        with store.session() as session:
            comments = stored_comments(session)
            if not comments:
                err.print(
                    "[red]reviewdesk: the record holds no comments; ingest letters first[/red]"
                )
                raise typer.Exit(2)
            if classify:
                comments = with_read_topics(comments)
            wanted = method or list(PrecedentMethod)
            indexed = (
                indexed_measure(session, comments, labelled)
                if PrecedentMethod.bm25 in wanted
                else None
            )
    finally:
        store.close()
    skipped: list[str] = []
    if PrecedentMethod.embedding in wanted:
        try:
            from reviewdesk.services.precedents.embedding import load_encoder

            load_encoder()
        except EmbeddingUnavailable as exc:
            skipped.append(str(exc))
            wanted = [m for m in wanted if m is not PrecedentMethod.embedding]
    result = measure(comments, labelled, wanted)
    if indexed is not None:
        result.topic[:0] = indexed.topic
        result.follow_up[:0] = indexed.follow_up
    _print_measurement(result)
    for reason in skipped:
        err.print(f"[yellow]embedding not measured: {escape(reason)}[/yellow]")


@app.command("precedents-labels")
def precedents_labels_command(
    output: Path = typer.Option(LABELS_FILE, "--out", "-o", help="Where to write the CSV."),
    db: str | None = DbOption,
) -> None:
    """Label the record's comments by the keyword rules of topics.py and write the labels
    (accession, comment number, topic, and what matched) for review and for precedents-eval."""
    store = open_record(db)
    try:
        with store.session() as session:
            comments = stored_comments(session)
    finally:
        store.close()
    try:
        written = write_labels(label_comments(comments), output)
    except OSError as exc:
        err.print(f"[red]reviewdesk: {escape(str(output))}: cannot write ({exc.strerror})[/red]")
        raise typer.Exit(2) from exc
    out.print(f"{written} of {len(comments)} comments labelled → {escape(str(output))}")

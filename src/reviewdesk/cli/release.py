"""`reviewdesk release-due`: release every closed review whose quiet period is over and put
its correspondence into the public record (run it daily from a scheduler)."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.markup import escape

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.workflow.publishing import release_due

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@app.command("release-due")
def release_due_command(
    db: str | None = DbOption,
    today: str | None = typer.Option(
        None, "--today", help="Release as of this day (YYYY-MM-DD); default: today."
    ),
) -> None:
    """Release and publish every completed review past its release date (audited as the
    system); exits 1 when any review could not be released or published."""
    day = dt.date.today()
    if today is not None:
        try:
            day = dt.date.fromisoformat(today)
        except ValueError:
            err.print(f"[red]reviewdesk: --today {escape(today)}: give a day as YYYY-MM-DD[/red]")
            raise typer.Exit(2) from None
    store = open_record(db)
    try:
        results = release_due(store, day)
    finally:
        store.close()
    failed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            err.print(f"[red]review {result.review_id}: {escape(result.error)}[/red]")
            continue
        published = result.publication
        letters = len(published.letter_ids) if published else 0
        out.print(
            f"review {result.review_id}: released {result.released_on}, "
            f"{letters} letters in the public record",
            highlight=False,
        )
        for problem in published.problems if published else []:
            err.print(f"  review {result.review_id}: kept unread: {escape(problem)}")
    out.print(
        f"{len(results) - failed} reviews released as of {day.isoformat()}"
        + (f"; {failed} failed (see above)" if failed else ""),
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)

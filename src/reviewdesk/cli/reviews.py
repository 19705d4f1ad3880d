"""`reviewdesk reviews`, `review`, `deadlines`, `threading-report` and `rethread`: the reviews
the record holds, each one as a tree, answer deadlines, and how well letters thread."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from sqlalchemy import func, select

from reviewdesk.cli import app
from reviewdesk.cli.listing import Column, OutputFormat, print_listing
from reviewdesk.cli.options import (
    CompanyOption,
    DbOption,
    FormatOption,
    FormOption,
    OfficeOption,
    open_record,
    parse_day,
    say_empty_record,
)
from reviewdesk.letters.model import KIND_NAMES
from reviewdesk.pipeline import thread_all
from reviewdesk.record import schema
from reviewdesk.reviews.checks import attachment_share, review_problems
from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.reviews.filters import ListFilters
from reviewdesk.reviews.queries import review_summaries, round_deadlines
from reviewdesk.reviews.store_letters import stored_letters, thread_letter
from reviewdesk.reviews.threading import thread
from reviewdesk.views.letters import LetterRef
from reviewdesk.views.reviews import RoundItem, review

out = Console()
err = Console(stderr=True)
STATUS_STYLE = {
    DeadlineStatus.on_time: "green",
    DeadlineStatus.late: "yellow",
    DeadlineStatus.open: "cyan",
    DeadlineStatus.overdue: "bold red",
    DeadlineStatus.unanswered: "dim",
    DeadlineStatus.undated: "dim",
}
STATUS_WORDS = {
    DeadlineStatus.on_time: "on time",
    DeadlineStatus.late: "late",
    DeadlineStatus.open: "open",
    DeadlineStatus.overdue: "no response on record",
    DeadlineStatus.unanswered: "unanswered",
    DeadlineStatus.undated: "undated",
}
"""A deadline status as the table says it. The record holds public EDGAR correspondence, whose
answers EDGAR publishes after a review ends (and some never): a round past due with no answer
on record is 'no response on record', as the desk's dashboard says, not 'overdue' (CSV and JSON
keep the code)."""


def _plural(count: int, noun: str) -> str:
    """'1 review', '2 reviews'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _status_words(value: object) -> str:
    return STATUS_WORDS[DeadlineStatus(str(value))]


class ReviewStatus(StrEnum):
    """Whether a review is still running or has its completion letter."""

    open = "open"
    closed = "closed"


REVIEW_COLUMNS = (
    Column("id", "number"),
    Column("company"),
    Column("cik", in_table=False),
    Column("file_numbers", header="file numbers"),
    Column("forms", in_table=False),
    Column("office", in_table=False),
    Column("opened", "date"),
    Column("closed", "date", empty="open"),
    Column("status", "word", in_table=False),
    Column("rounds", "number"),
    Column("letters", "number"),
    Column("days", "number"),
)


@app.command("reviews")
def reviews_command(
    company: str | None = CompanyOption,
    form: str | None = FormOption,
    office: str | None = OfficeOption,
    status: ReviewStatus | None = typer.Option(None, "--status", help="open or closed."),
    open_only: bool = typer.Option(False, "--open", help="Only reviews not yet completed."),
    since: str | None = typer.Option(None, "--since", help="Opened on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Opened on or before YYYY-MM-DD."),
    fmt: OutputFormat = FormatOption,
    db: str | None = DbOption,
) -> None:
    """List reviews, newest first: company, file numbers, opened, closed, rounds, letters and
    days to close (CSV and JSON add CIK, forms, office and status)."""
    filters = ListFilters(
        company=company,
        form=form,
        office=office,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
    )
    wanted = ReviewStatus.open if open_only else status
    store = open_record(db)
    with store.session() as session:
        rows = review_summaries(
            session, filters=filters, status=wanted.value if wanted is not None else None
        )
        if not rows and session.scalar(select(func.count(schema.Review.id))) == 0:
            say_empty_record(store, "reviews")
    values = [
        [
            r.id,
            r.company,
            r.cik,
            r.file_numbers,
            r.forms,
            r.office,
            r.opened,
            r.closed,
            r.status,
            r.rounds,
            r.letters,
            r.days_to_close,
        ]
        for r in rows
    ]
    print_listing(out, fmt, _plural(len(rows), "review"), REVIEW_COLUMNS, values)


def _letter_label(letter: LetterRef) -> Text:
    label = Text(f"{letter.date or '?'} ", style="bold")
    label.append(f"{letter.role or '?'} {KIND_NAMES.get(letter.kind or '', letter.kind or '?')}")
    label.append(f"  {letter.accession or letter.id}", style="dim")
    return label


def _comment_node(parent: Tree, item: RoundItem, letters: Mapping[int, LetterRef]) -> None:
    comment = item.comment
    label = Text(f"comment {comment.number if comment.number is not None else '-'}", style="bold")
    label.append(f"  id {comment.id}", style="dim")
    if comment.heading:
        label.append(f"  {comment.heading}", style="italic")
    label.append(f"  [{(comment.status or '?').replace('_', ' ')}]", style="magenta")
    label.append("\n" + " ".join(comment.text.split())[:160])
    node = parent.add(label)
    earlier = comment.follow_up_of
    if earlier is not None:
        node.add(Text(f"follows up comment {earlier.number} of {earlier.letter_date or '?'}"))
    if item.answer is not None:
        answer = letters.get(item.answer.letter_id)
        text = Text(f"answered {answer.date if answer else '?'}: ", style="green")
        text.append(" ".join(item.answer.text.split())[:160])
        node.add(text)
    for later in comment.followed_up_by:
        node.add(
            Text(
                f"followed up by comment {later.number} of {later.letter_date or '?'}",
                style="yellow",
            )
        )


@app.command("review")
def review_command(
    review_id: int = typer.Argument(..., help="Review id, as `reviewdesk reviews` lists it."),
    db: str | None = DbOption,
) -> None:
    """Show one review as a tree: rounds, letters, comments with their answers and follow-ups
    (the review page's read model, deadlines as of today)."""
    store = open_record(db)
    with store.session() as session:
        shown = review(session, review_id, date.today())
    if shown is None:
        err.print(f"[red]reviewdesk: no review {review_id}; `reviewdesk reviews` lists them[/red]")
        raise typer.Exit(1)
    title = Text(f"Review {shown.id}  ", style="bold")
    title.append(f"{shown.company or '?'}  {', '.join(shown.file_numbers)}  ")
    title.append(f"opened {shown.opened or '?'}, ")
    title.append(f"closed {shown.closed}" if shown.closed else "open", style="cyan")
    tree = Tree(title)
    letters = {x.id: x for x in shown.letters}
    for round_ in shown.rounds:
        node = tree.add(
            Text(
                f"Round {round_.number}  due {round_.due or '?'}  answered {round_.answered or '-'}"
            )
        )
        if round_.staff_letter is not None:
            letter_node = node.add(_letter_label(round_.staff_letter))
            for item in round_.items:
                _comment_node(letter_node, item, letters)
        if round_.response_letter is not None:
            letter_node = node.add(_letter_label(round_.response_letter))
            answered = sum(
                item.answer is not None and item.answer.letter_id == round_.response_letter.id
                for item in round_.items
            )
            if answered:
                letter_node.add(Text(f"{_plural(answered, 'response')} to these comments"))
    for letter in shown.letters:
        if letter.part is None:
            tree.add(_letter_label(letter))
    out.print(tree)


DEADLINE_COLUMNS = (
    Column("review", "number"),
    Column("round", "number"),
    Column("company"),
    Column("cik", in_table=False),
    Column("staff_letter", header="staff letter"),
    Column("forms", in_table=False),
    Column("office", in_table=False),
    Column("sent", "date", in_table=False),
    Column("due", "date"),
    Column("answered", "date"),
    Column(
        "status",
        style=lambda v: STATUS_STYLE.get(DeadlineStatus(str(v))),
        words=_status_words,
    ),
)
AWAITING = (DeadlineStatus.open, DeadlineStatus.overdue)


@app.command("deadlines")
def deadlines_command(
    today: str | None = typer.Option(None, "--today", help="Judge deadlines as of YYYY-MM-DD."),
    company: str | None = CompanyOption,
    form: str | None = FormOption,
    office: str | None = OfficeOption,
    status: list[DeadlineStatus] | None = typer.Option(
        None, "--status", help="Only rounds of this status (repeat for more than one)."
    ),
    open_only: bool = typer.Option(
        False, "--open", help="Only rounds still awaiting an answer (open or overdue)."
    ),
    since: str | None = typer.Option(None, "--since", help="Due on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Due on or before YYYY-MM-DD."),
    fmt: OutputFormat = FormatOption,
    db: str | None = DbOption,
) -> None:
    """Each comment letter's answer deadline (ten federal business days): on time, late, overdue,
    soonest due first (CSV and JSON add CIK, forms, office and the day the letter was sent)."""
    day = parse_day(today, "--today") or date.today()
    filters = ListFilters(
        company=company,
        form=form,
        office=office,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
    )
    statuses = set(status or ()) | (set(AWAITING) if open_only else set())
    store = open_record(db)
    with store.session() as session:
        rows = round_deadlines(session, day, filters, statuses or None)
    values = [
        [
            r.review_id,
            r.round_number,
            r.company,
            r.cik,
            r.staff_letter,
            r.forms,
            r.office,
            r.sent,
            r.due,
            r.answered,
            r.status.value,
        ]
        for r in rows
    ]
    print_listing(out, fmt, f"Deadlines as of {day}", DEADLINE_COLUMNS, values)
    if fmt is OutputFormat.table:
        counts = {s: sum(r.status is s for r in rows) for s in DeadlineStatus}
        out.print(", ".join(f"{STATUS_WORDS[s]}: {n}" for s, n in counts.items() if n))


@app.command("threading-report")
def threading_report(db: str | None = DbOption) -> None:
    """How well stored letters thread: responses attached to the letter whose date they cite,
    and, for every review, letter dates in order and file numbers consistent."""
    store = open_record(db)
    with store.session() as session:
        threading = thread(thread_letter(row) for row in stored_letters(session))
    share = attachment_share(threading)
    out.print(
        f"Company response letters: {share.responses}; citing a staff letter's date: {share.citing}; "
        f"attached to the letter of that date: {share.attached_exact} "
        f"([bold]{share.share:.1%}[/bold]), within a few days: {share.attached_near} ({share.share_near:.1%})"
    )
    problems = [(review, p) for review in threading.reviews for p in review_problems(review)]
    out.print(
        f"Reviews: {len(threading.reviews)}; with dates out of order or file numbers that do not "
        f"fit: {len({id(r) for r, _ in problems})}; letters in no review: {len(threading.unthreaded)}"
    )
    if problems:
        table = Table(title="Problems")
        table.add_column("review opened by")
        table.add_column("letter")
        table.add_column("problem")
        for review, problem in problems:
            table.add_row(review.opening.key, problem.letter, Text(problem.problem))
        out.print(table)


@app.command("rethread")
def rethread(db: str | None = DbOption) -> None:
    """Thread every stored letter into reviews and rounds again (ingest and reparse do this)."""
    store = open_record(db)
    summary = thread_all(store)
    out.print(
        f"{summary.reviews} reviews ({summary.open_reviews} open; {summary.kept} kept their id, "
        f"{summary.created} new, {summary.removed} removed), {summary.rounds} rounds, "
        f"{summary.letters_threaded} letters threaded, {summary.letters_unthreaded} in no review, "
        f"{summary.comments_followed_up} follow-up comments linked"
    )

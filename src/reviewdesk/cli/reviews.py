"""`reviewdesk reviews`, `review`, `deadlines`, `threading-report` and `rethread`: the reviews
the record holds, each one as a tree, answer deadlines, and how well letters thread."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

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
)
from reviewdesk.pipeline import thread_all
from reviewdesk.record import schema
from reviewdesk.reviews.checks import attachment_share, review_problems
from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.reviews.filters import ListFilters
from reviewdesk.reviews.queries import (
    ReviewDetail,
    review_detail,
    review_summaries,
    round_deadlines,
)
from reviewdesk.reviews.store_letters import stored_letters, thread_letter
from reviewdesk.reviews.threading import thread

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
    print_listing(out, fmt, f"{len(rows)} reviews", REVIEW_COLUMNS, values)


def _letter_label(letter: schema.Letter) -> Text:
    label = Text(f"{letter.date or letter.filing_date or '?'} ", style="bold")
    label.append(f"{letter.role or '?'} {letter.kind or '?'}")
    label.append(f"  {letter.accession or letter.id}", style="dim")
    return label


def _comment_node(parent: Tree, comment: schema.Comment, detail: ReviewDetail) -> None:
    label = Text(f"comment {comment.number if comment.number is not None else '-'}", style="bold")
    label.append(f"  id {comment.id}", style="dim")
    if comment.heading:
        label.append(f"  {comment.heading}", style="italic")
    label.append(f"  [{comment.status or '?'}]", style="magenta")
    label.append("\n" + " ".join(comment.text.split())[:160])
    node = parent.add(label)
    if comment.follow_up_of_id is not None:
        earlier = detail.comments_by_id.get(comment.follow_up_of_id)
        letter = detail.letter(earlier.letter_id) if earlier else None
        when = (letter.date or letter.filing_date) if letter else None
        node.add(Text(f"follows up comment {earlier.number if earlier else '?'} of {when or '?'}"))
    response = detail.responses_by_id.get(comment.answered_by_id or -1)
    if response is not None:
        answer = detail.letter(response.letter_id)
        text = Text(f"answered {answer.date if answer else '?'}: ", style="green")
        text.append(" ".join(response.response_text.split())[:160])
        node.add(text)
    for later in detail.comments_by_id.values():
        if later.follow_up_of_id == comment.id:
            letter = detail.letter(later.letter_id)
            node.add(
                Text(
                    f"followed up by comment {later.number} of {letter.date if letter else '?'}",
                    style="yellow",
                )
            )


@app.command("review")
def review_command(
    review_id: int = typer.Argument(..., help="Review id, as `reviewdesk reviews` lists it."),
    db: str | None = DbOption,
) -> None:
    """Show one review as a tree: rounds, letters, comments with their answers and follow-ups."""
    store = open_record(db)
    with store.session() as session:
        detail = review_detail(session, review_id)
        if detail is None:
            err.print(
                f"[red]reviewdesk: no review {review_id}; `reviewdesk reviews` lists them[/red]"
            )
            raise typer.Exit(1)
        review = detail.review
        company = next((x.company_name for x in detail.letters if x.company_name), None)
        title = Text(f"Review {review.id}  ", style="bold")
        title.append(f"{company or '?'}  {', '.join(review.file_numbers or [])}  ")
        title.append(f"opened {review.opened or '?'}, ")
        title.append(f"closed {review.closed}" if review.closed else "open", style="cyan")
        tree = Tree(title)
        in_rounds: set[int] = set()
        for round_ in detail.rounds:
            node = tree.add(
                Text(
                    f"Round {round_.number}  due {round_.due or '?'}  answered {round_.answered or '-'}"
                )
            )
            for letter in detail.letters:
                if letter.round_id != round_.id:
                    continue
                in_rounds.add(letter.id)
                letter_node = node.add(_letter_label(letter))
                for comment in letter.comments:
                    _comment_node(letter_node, comment, detail)
                if letter.role == "company" and letter.responses:
                    letter_node.add(Text(f"{len(letter.responses)} responses"))
        for letter in detail.letters:
            if letter.id not in in_rounds:
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
    Column("status", "word", style=lambda v: STATUS_STYLE.get(DeadlineStatus(str(v)))),
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
        out.print(", ".join(f"{s.value}: {n}" for s, n in counts.items() if n))


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

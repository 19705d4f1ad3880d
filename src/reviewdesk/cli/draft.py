"""`reviewdesk draft-response` and `reviewdesk redline`: answer a staff letter, mark a filing."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption
from reviewdesk.documents import DocumentError, read_path
from reviewdesk.documents.bounded import BoundedReaders, shared_readers
from reviewdesk.letters import Letter, parse_document, parse_path
from reviewdesk.services.drafting import (
    ResponseLetter,
    asks_acknowledgement,
    build_response,
    render_response_markdown,
    write_response_docx,
)
from reviewdesk.services.drafting.wording import long_date

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


class LetterFormat(StrEnum):
    docx = "docx"
    md = "md"


class MarkedFormat(StrEnum):
    html = "html"
    docx = "docx"
    both = "both"


def _fail(message: str) -> None:
    errors.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(2)


def read_answers(path: Path) -> dict[int, str]:
    """Answers by comment number, from JSON ({"1": "...", ...}) or a company response letter."""
    if not path.is_file():
        _fail(f"{path}: no such answers file; give a JSON file or a response letter")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            _fail(f'{path}: not valid JSON ({exc}); write {{"1": "answer", ...}}')
        if not isinstance(data, dict):
            _fail(f'{path}: expected an object of comment number to answer, e.g. {{"1": "..."}}')
        answers: dict[int, str] = {}
        for key, value in data.items():
            if str(key).strip().isdigit() and isinstance(value, str):
                answers[int(key)] = value
        return answers
    try:
        letter = shared_readers().call(parse_path, path, source=str(path))
    except DocumentError as exc:
        _fail(str(exc))
    if letter.error:
        _fail(f"{path}: {letter.error}")
    if letter.role != "company" or letter.kind != "response":
        _fail(
            f"{path}: reads as a {letter.role} letter of kind {letter.kind}, not a company "
            'response letter; give the company\'s response letter or a JSON file {"1": "..."}'
        )
    return {r.number: r.response_text for r in letter.responses if r.number is not None}


def _staff_letter(key: str, db: str | None) -> tuple[Letter, str]:
    path = Path(key)
    if path.exists():
        try:
            document = shared_readers().call(read_path, path, source=str(path))
        except DocumentError as exc:
            _fail(str(exc))
        return parse_document(document), document.text
    from reviewdesk.record import StoreError, open_store
    from reviewdesk.services.drafting.stored import LetterNotFound, stored_letter

    try:
        store = open_store(db)
    except StoreError as exc:
        _fail(str(exc))
    try:
        return stored_letter(store, key)
    except LetterNotFound as exc:
        _fail(str(exc))
    finally:
        store.close()
    raise AssertionError("unreachable")


@app.command("draft-response")
def draft_response(
    letter: str = typer.Argument(
        ...,
        help="The staff letter: a file (PDF, HTML, text), or its id or accession in the record.",
    ),
    format: LetterFormat = typer.Option(LetterFormat.docx, "--format", "-f", help="docx or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Where to write the draft."),
    answers: Path | None = typer.Option(
        None, "--answers", help='Answers: JSON {"1": "..."} or a company response letter.'
    ),
    db: str | None = DbOption,
    date: str | None = typer.Option(None, "--date", help="Date of the response (YYYY-MM-DD)."),
) -> None:
    """Draft the company's response letter: every comment restated in order, with answers."""
    staff, text = _staff_letter(letter, db)
    if staff.error:
        _fail(f"{letter}: {staff.error}")
    if staff.role != "staff":
        _fail(
            f"{letter} is a company letter ({staff.kind or 'unknown kind'}), not a staff comment "
            "letter: give the staff letter it answers"
        )
    if not staff.comments:
        _fail(
            f"{letter} is a staff {staff.kind or 'letter'} with no numbered comments to answer; "
            "draft-response answers a staff comment letter"
        )
    today = None
    if date:
        try:
            today = dt.date.fromisoformat(date)
        except ValueError:
            _fail(f"--date {date}: not a date; write it as YYYY-MM-DD")
    given = read_answers(answers) if answers else {}
    response = build_response(staff, given, acknowledgement=asks_acknowledgement(text), today=today)
    stem = Path(letter).stem if Path(letter).exists() else letter
    target = output or Path(f"response-{stem}.{format.value}")
    if format is LetterFormat.docx:
        write_response_docx(response, target)
    else:
        target.write_text(render_response_markdown(response), encoding="utf-8")
    console.print(f"wrote {target}", highlight=False)
    console.print(
        f"{len(response.items)} comments, {sum(1 for i in response.items if i.answer)} answered;"
        f" acknowledgement {'included' if response.acknowledgement else 'not asked for'}",
        highlight=False,
    )
    if response.due is not None:
        console.print(
            f"response due {long_date(response.due)} ({_days(response, dt.date.today())})"
        )
    else:
        console.print("response due: unknown (the staff letter's date was not read)")


def _days(response: ResponseLetter, today: dt.date) -> str:
    """ "9 days from today", "due today" or "overdue by 786 days", never a negative count."""
    left = response.days_left(today) or 0
    if left > 0:
        return f"{left} day{'s' if left != 1 else ''} from today"
    return "due today" if left == 0 else f"overdue by {-left} day{'s' if left != -1 else ''}"


@app.command("redline")
def redline(
    old: Path = typer.Argument(..., help="The earlier version (HTML, PDF, DOCX or text)."),
    new: Path = typer.Argument(..., help="The later version."),
    out: Path = typer.Option(Path("."), "--output", "-o", help="Folder for the marked copies."),
    format: MarkedFormat = typer.Option(MarkedFormat.both, "--format", "-f"),
    answers: Path | None = typer.Option(
        None, "--answers", help="Check these answers' promised changes against the marked copy."
    ),
) -> None:
    """Mark the changes between two versions of a filing and summarise them by section."""
    from reviewdesk.services.promises import check_promises
    from reviewdesk.services.redline import RedlineInputError, compare, read_version
    from reviewdesk.services.redline.docx_writer import write_docx
    from reviewdesk.services.redline.html_writer import write_html
    from reviewdesk.services.redline.summary import changed_sections, page_span

    promised = read_answers(answers) if answers is not None else None
    try:
        with BoundedReaders(2) as readers:
            versions = [readers.submit(read_version, path) for path in (old, new)]
            earlier, later = (
                readers.outcome(future, str(path), (RedlineInputError,))
                for future, path in zip(versions, (old, new), strict=True)
            )
        marked = compare(earlier, later)
    except (RedlineInputError, DocumentError) as exc:
        _fail(str(exc))
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{new.stem}-marked"
    if format in (MarkedFormat.html, MarkedFormat.both):
        console.print(f"wrote {write_html(marked, out / f'{stem}.html')}", highlight=False)
    if format in (MarkedFormat.docx, MarkedFormat.both):
        console.print(f"wrote {write_docx(marked, out / f'{stem}.docx')}", highlight=False)
    table = Table(title="Changed sections")
    for column in ("section", "pages", "+words", "-words", "moved", "tables"):
        table.add_column(column, overflow="fold")
    for change in changed_sections(marked):
        table.add_row(
            change.section or "(before the first caption)",
            page_span(change.pages),
            str(change.inserted_words),
            str(change.deleted_words),
            str(change.moved_blocks),
            str(change.changed_tables),
        )
    console.print(table)
    if promised is None:
        return
    checks = check_promises(promised, marked)
    missing = [c for c in checks if c.status == "not_found"]
    console.print(
        f"{len(checks)} promised changes: {len(checks) - len(missing)} found, "
        f"{len(missing)} not found",
        highlight=False,
    )
    for check in missing:
        console.print(
            f"  comment {check.promise.number}: {check.reason}: {check.promise.sentence}",
            highlight=False,
            markup=False,
        )

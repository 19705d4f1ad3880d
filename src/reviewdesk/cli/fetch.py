"""`reviewdesk fetch`: download comment letters and responses from EDGAR into the record, by
company, by quarter or from the daily feed; fair to EDGAR, resumable, idempotent."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import typer
from rich.console import Console
from rich.filesize import decimal
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption
from reviewdesk.record.store import StoreError, open_store
from reviewdesk.services.edgar import (
    EdgarClient,
    EdgarConfigError,
    EdgarError,
    EdgarForbidden,
    FetchReport,
    FetchState,
    Filing,
    Quarter,
    StoreSink,
    Targets,
    Window,
    from_environment,
    make_plan,
    run,
)
from reviewdesk.services.edgar.config import DEFAULT_FORMS, default_state_dir
from reviewdesk.services.edgar.limiter import RateLimiter
from reviewdesk.services.edgar.plan import Plan, cik_of
from reviewdesk.services.edgar.store_ledger import record_ledger

EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_FORBIDDEN = 3


@app.command()
def fetch(
    ticker: list[str] = typer.Option([], "--ticker", "-t", help="Company ticker (repeatable)."),
    cik: list[str] = typer.Option([], "--cik", help="Company CIK (repeatable)."),
    index: list[str] = typer.Option(
        [], "--index", help="Quarter of EDGAR's full index, e.g. 2024Q1 (repeatable)."
    ),
    daily: bool = typer.Option(
        False, "--daily", help="What the daily index published since the last run."
    ),
    since: str | None = typer.Option(None, help="First filing date to fetch (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Last filing date to fetch (YYYY-MM-DD)."),
    forms: str = typer.Option(",".join(DEFAULT_FORMS), help="EDGAR form types, comma-separated."),
    user_agent: str | None = typer.Option(
        None, help='Who is asking, "Name email@example.com" (env REVIEWDESK_EDGAR_USER_AGENT).'
    ),
    www: str | None = typer.Option(None, help="EDGAR www address (env REVIEWDESK_EDGAR_WWW)."),
    data: str | None = typer.Option(None, help="EDGAR data address (env REVIEWDESK_EDGAR_DATA)."),
    db: str | None = DbOption,
    state_dir: Path | None = typer.Option(None, help="Where fetch keeps its resume state."),
    workers: int = typer.Option(4, help="Parallel downloads (one rate limit for all fetches)."),
    max_rate: float = typer.Option(10.0, help="Requests per second, at most 10 for sec.gov."),
    retries: int = typer.Option(8, help="Retries of one request on 429, 5xx and network errors."),
    backoff: float = typer.Option(0.5, help="First retry wait in seconds; doubles each time."),
    max_backoff: float = typer.Option(60.0, help="Longest wait between retries, in seconds."),
    max_forbidden: int = typer.Option(3, help="Stop after this many 403 answers in a row."),
    retry_missing: bool = typer.Option(False, help="Ask again for filings that were 404 before."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Fetch staff letters (UPLOAD) and company responses (CORRESP) from EDGAR into the record."""
    err = Console(stderr=True, soft_wrap=True)
    try:
        window = Window(_date("--since", since), _date("--until", until))
        quarters = tuple(Quarter.parse(text) for text in index)
        ciks = tuple(cik_of(value) for value in cik)
        wanted = tuple(f.strip().upper() for f in forms.split(",") if f.strip())
        if not (ticker or ciks or quarters or daily):
            raise ValueError("name what to fetch: --ticker, --cik, --index or --daily")
        if not wanted:
            raise ValueError(f"--forms {forms!r}: give form types such as UPLOAD,CORRESP")
        config = from_environment(
            user_agent=user_agent, www=www, data=data, workers=workers, max_rate=max_rate,
            retries=retries, backoff=backoff, max_backoff=max_backoff,
            max_forbidden=max_forbidden,
        )  # fmt: skip
        store = open_store(db)
    except (ValueError, EdgarConfigError, StoreError) as exc:
        err.print(f"reviewdesk fetch: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    state = FetchState(state_dir or default_state_dir(store.url))
    targets = Targets(tuple(ticker), ciks, quarters, daily, window, wanted)
    limiter = RateLimiter(config.max_rate, ledger=record_ledger(store))
    with EdgarClient(config, limiter=limiter, on_wait=partial(_waiting, err)) as client:
        try:
            plan = make_plan(client, targets, state)
        except EdgarError as exc:
            err.print(f"reviewdesk fetch: {exc}", markup=False, highlight=False)
            store.close()
            raise typer.Exit(
                EXIT_FORBIDDEN if isinstance(exc, EdgarForbidden) else EXIT_FAILURES
            ) from None
        sink = StoreSink(store)
        sink.keep_companies(plan.companies)
        report = _run_with_progress(client, sink, state, plan.filings, retry_missing, quiet, err)
    if daily and plan.daily_through and report.stopped is None and not report.failed:
        state.finish_day(plan.daily_through)
    store.close()
    _summarise(plan, report, err)
    if report.stopped:
        raise typer.Exit(EXIT_FORBIDDEN if report.forbidden else EXIT_FAILURES)
    if report.failed:
        raise typer.Exit(EXIT_FAILURES)


def _waiting(console: Console, said: str) -> None:
    """Say what fetch waits for, so a slow or absent network is never a silent pause."""
    console.print(f"reviewdesk fetch: waiting for EDGAR: {said}", markup=False, highlight=False)


def _date(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{option} {value!r}: give a date as YYYY-MM-DD") from None


def _run_with_progress(
    client: EdgarClient,
    sink: StoreSink,
    state: FetchState,
    filings: list[Filing],
    retry_missing: bool,
    quiet: bool,
    console: Console,
) -> FetchReport:
    columns = (
        TextColumn("[bold]fetch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("filings"),
        TextColumn("{task.fields[received]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=quiet, transient=False) as progress:
        task = progress.add_task("fetch", total=None, received="0 bytes")

        def started(total: int) -> None:
            progress.update(task, total=total)

        def advanced(_filing: Filing, received: int) -> None:
            progress.update(task, advance=1, received=decimal(received))

        return run(
            client, sink, state, filings,
            retry_missing=retry_missing, on_filing=advanced, on_start=started,
        )  # fmt: skip


def _summarise(plan: Plan, report: FetchReport, console: Console) -> None:
    say = console.print
    say(
        f"{report.planned} filings found: {report.already} already in the record, "
        f"{report.fetched} fetched ({report.stored} stored, {report.stored_with_error} stored "
        f"with a reading error, {report.duplicates} already stored under other accessions), "
        f"{decimal(report.bytes_received)} received",
        markup=False,
        highlight=False,
    )
    say(
        f"{report.attachments} attached documents stored ({report.attached_letters} read as "
        "letters)"
        + (
            f"; {report.completed} filings already in the record got the documents they lacked"
            if report.completed
            else ""
        ),
        markup=False,
        highlight=False,
    )
    if report.known_missing:
        say(
            f"{report.known_missing} filings skipped: EDGAR had no folder for them in an "
            "earlier run (ask again with --retry-missing)",
            markup=False,
        )
    for title, lines in (
        ("could not be planned", plan.problems),
        ("not on EDGAR (404), skipped", report.missing),
        ("attached documents not on EDGAR (404), skipped", report.absent_attachments),
        ("failed (run again to retry)", report.failed),
    ):
        if lines:
            say(f"{len(lines)} {title}:", markup=False)
            for line in lines:
                say(f"  {line}", markup=False, highlight=False)
    if report.stopped:
        say(f"stopped: {report.stopped}", markup=False, highlight=False)

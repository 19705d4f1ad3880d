"""Fetch the planned filings: skip those already kept whole, download each folder's
index.json, its letter and the documents attached to it on worker threads (one shared rate
limit), and hand the bytes to the sink on the calling thread, so an interrupted run loses at
most the filings in flight. A filing whose letter is kept but whose other documents are not
gets only the documents it lacks."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from reviewdesk.record.attachments import FiledDocument
from reviewdesk.record.ingest import Status
from reviewdesk.services.edgar.client import (
    EdgarClient,
    EdgarError,
    EdgarForbidden,
    EdgarNotFound,
    EdgarUnreachable,
)
from reviewdesk.services.edgar.filings import Filing, filing_documents
from reviewdesk.services.edgar.sink import DocumentSink
from reviewdesk.services.edgar.state import FetchState

ProgressHook = Callable[[Filing, int], None]
"""Called after each filing with the filing and the bytes received so far in the run."""


@dataclass
class FetchReport:
    """What a run did, for the summary and the exit status."""

    planned: int = 0
    already: int = 0
    stored: int = 0
    duplicates: int = 0
    stored_with_error: int = 0
    known_missing: int = 0
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    attachments: int = 0
    attached_letters: int = 0
    completed: int = 0
    absent_attachments: list[str] = field(default_factory=list)
    bytes_received: int = 0
    stopped: str | None = None
    forbidden: bool = False
    """The run stopped because EDGAR kept answering 403 (else, when stopped, unreachable)."""

    @property
    def fetched(self) -> int:
        """Letters downloaded and handed to the store in this run."""
        return self.stored + self.duplicates + self.stored_with_error


@dataclass(frozen=True)
class Download:
    """What was received of a filing: its letter (None when the record already holds it),
    the letter's file name, the other documents, and those the folder lists but EDGAR lacks."""

    filing: Filing
    primary: str
    letter: FiledDocument | None
    attachments: list[FiledDocument]
    absent: list[str]


@dataclass(frozen=True)
class Pending:
    """A filing to fetch and the file names of its documents the record already holds."""

    filing: Filing
    held: frozenset[str]


def pending(
    filings: list[Filing], sink: DocumentSink, state: FetchState, retry_missing: bool
) -> tuple[list[Pending], int, int]:
    """The filings still to fetch, and how many were skipped as kept or as known 404s."""
    todo: list[Pending] = []
    already = known_missing = 0
    for filing in filings:
        if sink.complete(filing.accession) or state.is_duplicate(filing.accession):
            already += 1
        elif state.is_missing(filing.accession) and not retry_missing:
            known_missing += 1
        else:
            todo.append(Pending(filing, frozenset(sink.held(filing.accession))))
    return todo, already, known_missing


def download(client: EdgarClient, filing: Filing, held: frozenset[str] = frozenset()) -> Download:
    """The documents of one filing the record lacks: its folder's index.json, then each
    document it lists (the letter first); an attached document EDGAR answers 404 for is
    noted and the rest go on."""
    listing = client.get_json(client.www(f"{filing.folder}/index.json"))
    names = filing_documents(listing, filing)
    if not names:
        raise EdgarError(
            f"{client.www(filing.folder)}/: the folder lists no letter document (PDF, HTML or text)"
        )
    fetched: list[FiledDocument] = []
    absent: list[str] = []
    for position, name in enumerate(names):
        if name in held:
            continue
        url = client.www(f"{filing.folder}/{name}")
        try:
            fetched.append(FiledDocument(name, client.get(url), url))
        except EdgarNotFound:
            if position == 0:
                raise
            absent.append(url)
    letter = fetched.pop(0) if fetched and fetched[0].name == names[0] else None
    return Download(filing, names[0], letter, fetched, absent)


def run(
    client: EdgarClient,
    sink: DocumentSink,
    state: FetchState,
    filings: list[Filing],
    *,
    retry_missing: bool = False,
    on_filing: ProgressHook | None = None,
    on_start: Callable[[int], None] | None = None,
) -> FetchReport:
    """Fetch and keep every filing not yet kept; 404s and failures are reported and the rest
    goes on; repeated 403s, or EDGAR out of reach, stop the run (report.stopped says why)."""
    todo, already, known_missing = pending(filings, sink, state, retry_missing)
    report = FetchReport(planned=len(filings), already=already, known_missing=known_missing)
    if on_start:
        on_start(len(todo))
    with ThreadPoolExecutor(client.config.workers, thread_name_prefix="edgar") as pool:
        owner = {pool.submit(download, client, p.filing, p.held): p.filing for p in todo}
        futures: set[Future[Download]] = set(owner)
        try:
            while futures and report.stopped is None:
                done, futures = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    _settle(future, owner[future], sink, state, report)
                    if on_filing:
                        on_filing(owner[future], client.bytes_received)
        finally:
            for future in futures:
                future.cancel()
    report.bytes_received = client.bytes_received
    if report.fetched or report.attached_letters:
        sink.finish()
    return report


def _settle(
    future: Future[Download],
    filing: Filing,
    sink: DocumentSink,
    state: FetchState,
    report: FetchReport,
) -> None:
    if future.cancelled():
        return
    try:
        got = future.result()
    except (EdgarForbidden, EdgarUnreachable) as exc:
        report.stopped = str(exc)
        report.forbidden = isinstance(exc, EdgarForbidden)
        return
    except EdgarNotFound as exc:
        state.mark_missing(filing.accession, str(exc))
        report.missing.append(f"{filing.form} {filing.accession} filed {filing.filed}: {exc}")
        return
    except EdgarError as exc:
        report.failed.append(f"{filing.form} {filing.accession}: {exc}")
        return
    if state.is_missing(filing.accession):
        state.clear_missing(filing.accession)
    if got.letter is None:
        letter_id = sink.letter_id(filing.accession)
        report.completed += 1
    else:
        outcome = sink.put(got.filing, got.letter.data, got.letter.source)
        if outcome.status is Status.failed:
            report.failed.append(f"{filing.form} {filing.accession}: not stored: {outcome.error}")
            return
        if outcome.accession != filing.accession:
            state.mark_duplicate(filing.accession)
        if outcome.status is Status.duplicate:
            report.duplicates += 1
        elif outcome.status is Status.stored_with_error:
            report.stored_with_error += 1
        else:
            report.stored += 1
        letter_id = outcome.letter_id
    if letter_id is None:
        report.failed.append(f"{filing.form} {filing.accession}: its letter is not in the record")
        return
    attached = sink.attach(filing, letter_id, got.primary, got.attachments)
    report.attachments += len(got.attachments)
    report.attached_letters += attached
    report.absent_attachments.extend(
        f"{filing.form} {filing.accession}: {url} (404)" for url in got.absent
    )

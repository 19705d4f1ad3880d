"""A local EDGAR for the fetch tests: HTTP hosts serving ../shared/edgar-replay by path and the
fictional fixtures of tests/fixtures/edgar next to it, faults on demand (429/503 for a while,
403 forever), a log of every request; and what the replay and the record hold."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.conftest import REPLAY

FICTIONAL = Path(__file__).resolve().parents[1] / "fixtures" / "edgar"
USER_AGENT = "ReviewDesk Tests reviewdesk-tests@example.com"


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it: arrival time (monotonic seconds), path, status."""

    at: float
    path: str
    status: int
    user_agent: str


@dataclass
class Fault:
    """Answer `status` (with Retry-After when given) to the next `count` requests; a count of
    None means forever."""

    status: int
    count: int | None
    retry_after: str | None = None


@dataclass
class ReplayServer:
    """One host of the local EDGAR: files under `roots` by URL path, else 404."""

    roots: list[Path]
    hits: list[Hit] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def fail(self, status: int, count: int | None, retry_after: str | None = None) -> None:
        """Make the next `count` requests (None: all from now on) answer `status`."""
        with self.lock:
            self.faults.append(Fault(status, count, retry_after))

    def heal(self) -> None:
        """Drop every pending fault."""
        with self.lock:
            self.faults.clear()

    def answer(self, path: str, user_agent: str) -> tuple[int, bytes, dict[str, str]]:
        """Status, body and headers for a GET of `path`; logs the request."""
        arrived = time.monotonic()
        with self.lock:
            fault = self.faults[0] if self.faults else None
            if fault is not None and fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.pop(0)
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            reply = (fault.status, f"fault {fault.status}\n".encode(), headers)
        else:
            reply = self._file(path)
        with self.lock:
            self.hits.append(Hit(arrived, path, reply[0], user_agent))
        return reply

    def _file(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        relative = path.split("?", 1)[0].lstrip("/")
        for root in self.roots:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root.resolve()) and candidate.is_file():
                kind = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                return 200, candidate.read_bytes(), {"Content-Type": kind}
        return 404, b"<h1>File Not Found</h1>\n", {"Content-Type": "text/html"}

    def document_hits(self) -> list[Hit]:
        """Requests for letter documents (not index.json, not submissions or form indexes)."""
        with self.lock:
            return [
                h
                for h in self.hits
                if h.path.startswith("/Archives/edgar/data/") and not h.path.endswith("index.json")
            ]


def handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, body, headers = server.answer(self.path, self.headers.get("User-Agent", ""))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads `server.hits` instead."""

    return Handler


@dataclass
class LocalEdgar:
    """The two hosts, and the environment that points `reviewdesk fetch` at them."""

    www: ReplayServer
    data: ReplayServer

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables for a fetch against this local EDGAR."""
        return {
            "REVIEWDESK_EDGAR_WWW": self.www.url,
            "REVIEWDESK_EDGAR_DATA": self.data.url,
            "REVIEWDESK_EDGAR_USER_AGENT": USER_AGENT,
            **extra,
        }

    def all_hits(self) -> list[Hit]:
        """Every request to either host, in arrival order."""
        return sorted([*self.www.hits, *self.data.hits], key=lambda h: h.at)


@dataclass(frozen=True)
class StoredLetter:
    """A letter as the record (or the replay) holds it: what identifies it, and its bytes' hash."""

    accession: str
    form: str
    cik: str
    filed: str
    sha256: str


def replay_letters(ciks: list[str]) -> set[StoredLetter]:
    """The UPLOAD and CORRESP filings the replay holds folders for, for these companies,
    with the SHA-256 of the one letter in each folder."""
    letters = set()
    for cik in ciks:
        index = json.loads(
            (REPLAY / f"data.sec.gov/submissions/CIK{int(cik):010d}.json").read_bytes()
        )
        recent = index["filings"]["recent"]
        for accession, form, filed in zip(
            recent["accessionNumber"], recent["form"], recent["filingDate"], strict=True
        ):
            folder = (
                REPLAY / f"www.sec.gov/Archives/edgar/data/{int(cik)}/{accession.replace('-', '')}"
            )
            if form not in ("UPLOAD", "CORRESP") or not folder.is_dir():
                continue
            (document,) = [p for p in folder.iterdir() if p.name != "index.json"]
            digest = hashlib.sha256(document.read_bytes()).hexdigest()
            letters.add(StoredLetter(accession, form, f"{int(cik):010d}", filed, digest))
    return letters


def record_letters(db: Path) -> set[StoredLetter]:
    """Every letter in the record at `db`, with the SHA-256 recomputed from the stored bytes."""
    from sqlalchemy import select

    from reviewdesk.record import schema
    from reviewdesk.record.store import open_store

    store = open_store(str(db))
    try:
        with store.session() as session:
            rows = session.execute(
                select(
                    schema.Letter.accession,
                    schema.Letter.edgar_form,
                    schema.Letter.cik,
                    schema.Letter.filing_date,
                    schema.RawDocument.content,
                ).join(schema.RawDocument)
            ).all()
    finally:
        store.close()
    return {
        StoredLetter(
            str(accession),
            str(form),
            str(cik),
            filed.isoformat() if filed else "",
            hashlib.sha256(content).hexdigest(),
        )
        for accession, form, cik, filed, content in rows
    }


FAST = ["--max-rate", "200", "--backoff", "0.01", "--max-backoff", "0.05", "--quiet"]
"""Options for tests that are not about pace: a local mirror may go faster than sec.gov."""

"""Fixtures of the watchlist tests: a record (SQLite, and PostgreSQL) that first holds NRG's
first round (2016 staff letter and response) and gains its second round later, so a watch
saved in between has new matches; a local SMTP server (aiosmtpd) that keeps what it is sent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import pytest
from aiosmtpd.controller import Controller

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store
from tests.conftest import DOCS, MANIFEST, manifest_rows
from tests.web.conftest import pg_url  # noqa: F401  (a PostgreSQL database per session)
from tests.web.served import free_port

ROUND_ONE = ("0000000000-16-075770", "0001104659-16-122989")
ROUND_TWO = ("0000000000-16-081594", "0001104659-16-131570")
NRG_CIK = "1013871"


def letter_paths(accessions: tuple[str, ...]) -> list[Path]:
    """The corpus files of these accessions (skipped without ../shared, failed under CI)."""
    files = {r["accession"]: r["file"] for r in manifest_rows()}
    return [DOCS / Path(files[a]).name for a in accessions]


def ingest(store: Store, accessions: tuple[str, ...]) -> list[int]:
    """Ingest the letters through the pipeline; the ids it stored."""
    summary = ingest_paths(store, letter_paths(accessions), MANIFEST, jobs=1)
    assert summary.failed == 0, summary.problems
    return summary.letter_ids


@pytest.fixture(params=["sqlite", "postgresql"])
def nrg_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A new record holding NRG's first round, on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        url = str(tmp_path / "watch.sqlite")
    else:
        url = request.getfixturevalue("pg_url")
        _empty(url)
    store = open_store(url)
    ingest(store, ROUND_ONE)
    yield store
    store.close()


def _empty(url: str) -> None:
    """Drop every table of the session's PostgreSQL database (each test starts afresh)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@dataclass
class Inbox:
    """What the local SMTP server was handed."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}?from=desk@reviewdesk.test"


class _Keep:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.inbox.messages.append(parsed)
        self.inbox.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A local SMTP server (aiosmtpd) on a free port, keeping each message it accepts."""
    box = Inbox("127.0.0.1", free_port())
    controller = Controller(_Keep(box), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()

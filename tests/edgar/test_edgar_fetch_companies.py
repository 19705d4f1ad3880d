"""`reviewdesk fetch --ticker/--cik` over real HTTP against the local EDGAR replay, into a real
SQLite record: exactly the replay's UPLOAD and CORRESP letters, byte for byte; nothing fetched
twice; an interrupted run restarted ends with the same record."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from edgar_support import FAST, LocalEdgar, record_letters, replay_letters

from reviewdesk.record.ingest import IngestOutcome
from reviewdesk.record.store import open_store
from reviewdesk.services.edgar import (
    EdgarClient,
    FetchState,
    Filing,
    StoreSink,
    Targets,
    Window,
    from_environment,
    make_plan,
    run,
)

SOLVENTUM, FOX, CARRIER = "1964738", "1754301", "1783180"
ALL_TWELVE = [
    "315293", "726958", "769397", "865752", "920760", "1103982",
    "1524472", "1585689", "1751008", "1754301", "1783180", "1964738",
]  # fmt: skip
MISSING_SINCE_2016 = {
    "0001628280-16-019261",
    "0001193125-23-064977",
    "0001193125-19-092856",
    "0000950142-25-002043",
    "0001140361-24-002388",
    "0001140361-20-024277",
    "0001964738-24-000053",
}
"""CORRESP filings the submissions indexes list in 2016-2026 whose folders the replay lacks."""


def test_fetch_by_ticker_and_cik_stores_exactly_the_replay_letters_byte_for_byte(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch(
        "--ticker", "SOLV", "--ticker", "foxa", "--cik", CARRIER, "--since", "2016-01-01", *FAST
    )

    assert result.exit_code == 0, result.output
    expected = replay_letters([SOLVENTUM, FOX, CARRIER])
    assert len(expected) == 49
    assert record_letters(tmp_path / "record.sqlite") == expected
    assert "4 not on EDGAR (404), skipped:" in result.output
    for accession in ("0001140361-24-002388", "0001964738-24-000053"):
        assert accession in result.output
    assert {hit.status for hit in local_edgar.www.document_hits()} == {200}
    assert len(local_edgar.www.document_hits()) == 49


def test_second_run_requests_no_document(fetch, local_edgar: LocalEdgar, tmp_path: Path) -> None:
    assert fetch("--cik", SOLVENTUM, "--cik", FOX, "--since", "2016-01-01", *FAST).exit_code == 0
    first = len(local_edgar.www.document_hits())
    before = len(local_edgar.all_hits())

    again = fetch("--cik", SOLVENTUM, "--cik", FOX, "--since", "2016-01-01", *FAST)

    assert again.exit_code == 0, again.output
    assert first == 33
    assert len(local_edgar.www.document_hits()) == first
    later = local_edgar.all_hits()[before:]
    assert sorted(hit.path for hit in later) == [
        "/submissions/CIK0001754301.json",
        "/submissions/CIK0001964738.json",
    ]
    assert "33 already in the record, 0 fetched" in again.output
    assert "1 filings skipped: EDGAR had no folder for them in an earlier run" in again.output


def test_all_twelve_companies_end_with_every_replay_letter(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch(*[arg for cik in ALL_TWELVE for arg in ("--cik", cik)], "--workers", "6", *FAST)

    assert result.exit_code == 0, result.output
    expected = replay_letters(ALL_TWELVE)
    assert len(expected) == 210
    assert record_letters(tmp_path / "record.sqlite") == expected
    # without --since: 45 listed filings have no folder (38 before 2016, 7 after), and the
    # eight older submissions pages, all before 2016, are absent from the replay
    assert "45 not on EDGAR (404), skipped:" in result.output
    assert "8 could not be planned:" in result.output
    assert all(accession in result.output for accession in MISSING_SINCE_2016)


def letters_stored(db: Path) -> int:
    """Letters committed to the SQLite record so far (0 while it is not yet created)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as connection:
            return int(connection.execute("SELECT count(*) FROM letters").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_run_killed_midway_then_restarted_ends_with_the_same_record(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "record.sqlite"
    command = [
        sys.executable, "-c", "from reviewdesk.cli import main; main()",
        "fetch", "--cik", SOLVENTUM, "--cik", FOX, "--cik", CARRIER, "--since", "2016-01-01",
        "--db", str(db), "--max-rate", "40", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, **local_edgar.env()}
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while letters_stored(db) < 3 and time.monotonic() < deadline:
        if first.poll() is not None:
            pytest.fail(f"the fetch ended before it could be killed: {first.stderr.read()!r}")
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    kept_at_kill = record_letters(db)
    fetched_before = len(local_edgar.www.document_hits())

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    assert second.returncode == 0, second.stderr
    expected = replay_letters([SOLVENTUM, FOX, CARRIER])
    assert 0 < len(kept_at_kill) < len(expected)
    assert record_letters(db) == expected
    refetched = len(local_edgar.www.document_hits()) - fetched_before
    assert refetched == len(expected) - len(kept_at_kill)


class FailingSink(StoreSink):
    """The record, with a crash injected after `limit` letters were stored."""

    def __init__(self, store, limit: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(store)
        self.limit = limit

    def put(self, filing: Filing, data: bytes, source: str) -> IngestOutcome:
        if self.limit == 0:
            raise RuntimeError("injected crash")
        self.limit -= 1
        return super().put(filing, data, source)


def test_run_that_crashes_after_ten_letters_resumes_to_the_same_record(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "record.sqlite"
    config = from_environment(
        user_agent="ReviewDesk Tests reviewdesk-tests@example.com",
        www=local_edgar.www.url,
        data=local_edgar.data.url,
        max_rate=200.0,
    )
    targets = Targets(ciks=(SOLVENTUM, FOX), window=Window(since="2016-01-01"))
    state = FetchState(tmp_path / "state")
    store = open_store(str(db))
    try:
        with EdgarClient(config) as client:
            plan = make_plan(client, targets, state)
            with pytest.raises(RuntimeError, match="injected crash"):
                run(client, FailingSink(store, 10), state, plan.filings)
        assert len(record_letters(db)) == 10
        with EdgarClient(config) as client:
            report = run(client, StoreSink(store), state, make_plan(client, targets, state).filings)
    finally:
        store.close()

    assert (report.already, report.stored) == (10, 23)
    assert len(report.missing) + report.known_missing == 1
    assert record_letters(db) == replay_letters([SOLVENTUM, FOX])

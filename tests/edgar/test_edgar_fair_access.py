"""Fair access to EDGAR, measured at the local server: a declared User-Agent or no run at all,
never more than 10 requests in any one-second window, 429 and 503 waited out (Retry-After
honoured), and a clear stop when EDGAR keeps answering 403."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from edgar_support import FAST, USER_AGENT, LocalEdgar, record_letters, replay_letters

APPLOVIN, AUTODESK, SOLVENTUM, CASEYS = "1751008", "769397", "1964738", "726958"


def test_request_rate_never_exceeds_ten_in_any_one_second_window(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch(
        "--cik", APPLOVIN, "--ticker", "ADSK", "--since", "2016-01-01", "--workers", "8", "--quiet"
    )

    assert result.exit_code == 0, result.output
    assert record_letters(tmp_path / "record.sqlite") == replay_letters([APPLOVIN, AUTODESK])
    arrivals = [hit.at for hit in local_edgar.all_hits()]
    assert len(arrivals) == 53  # ticker file, 2 submissions indexes, 25 folders and letters
    busiest = max(
        sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals)
    )
    assert busiest <= 10


def test_every_request_declares_the_user_agent(fetch, local_edgar: LocalEdgar) -> None:
    assert fetch("--cik", APPLOVIN, *FAST).exit_code == 0

    assert {hit.user_agent for hit in local_edgar.all_hits()} == {USER_AGENT}


def test_fetch_without_user_agent_refuses_and_says_why(fetch, local_edgar: LocalEdgar) -> None:
    env = local_edgar.env(REVIEWDESK_EDGAR_USER_AGENT="")

    result = fetch("--cik", APPLOVIN, *FAST, env=env)

    assert result.exit_code == 2
    assert "no EDGAR User-Agent: the SEC requires every automated request" in result.output
    assert "REVIEWDESK_EDGAR_USER_AGENT" in result.output
    assert local_edgar.all_hits() == []


def test_user_agent_without_email_is_refused(fetch, local_edgar: LocalEdgar) -> None:
    result = fetch("--cik", APPLOVIN, "--user-agent", "reviewdesk", *FAST)

    assert result.exit_code == 2
    assert "lacks a name and an e-mail address" in result.output
    assert local_edgar.all_hits() == []


def test_429_and_503_for_a_while_are_waited_out(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    local_edgar.data.fail(503, 2)
    local_edgar.www.fail(429, 3, retry_after="0")
    local_edgar.www.fail(503, 3)

    result = fetch("--cik", SOLVENTUM, "--since", "2016-01-01", *FAST)

    assert result.exit_code == 0, result.output
    assert record_letters(tmp_path / "record.sqlite") == replay_letters([SOLVENTUM])
    statuses = [hit.status for hit in local_edgar.all_hits()]
    assert (statuses.count(429), statuses.count(503)) == (3, 5)


def test_retry_after_is_honoured(fetch, local_edgar: LocalEdgar) -> None:
    local_edgar.data.fail(429, 1, retry_after="1")

    result = fetch(
        "--cik", APPLOVIN, "--max-backoff", "5", "--max-rate", "200", "--backoff", "0.01", "--quiet"
    )

    assert result.exit_code == 0, result.output
    refused, retried = local_edgar.data.hits[:2]
    assert (refused.status, retried.status) == (429, 200)
    assert retried.path == refused.path
    assert retried.at - refused.at >= 1.0


def test_repeated_403_stops_the_run_with_a_clear_message(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    assert fetch("--cik", APPLOVIN, "--until", "2022-12-31", *FAST).exit_code == 0
    local_edgar.www.fail(403, None)

    result = fetch("--cik", APPLOVIN, "--cik", SOLVENTUM, *FAST)

    assert result.exit_code == 3
    assert "stopped: EDGAR answered 403 Forbidden to 3 requests in a row" in result.output
    assert "wait ten minutes, then run the same command again" in result.output
    forbidden = [hit for hit in local_edgar.www.hits if hit.status == 403]
    assert 3 <= len(forbidden) <= 3 + 4  # the limit, plus at most one per other worker


def test_403_while_planning_stops_before_any_download(fetch, local_edgar: LocalEdgar) -> None:
    local_edgar.data.fail(403, None)

    result = fetch("--cik", APPLOVIN, *FAST)

    assert result.exit_code == 3
    assert "EDGAR answered 403 Forbidden to 3 requests in a row" in result.output
    assert local_edgar.www.hits == []
    assert len(local_edgar.data.hits) == 3


def test_two_fetch_processes_on_one_record_stay_under_ten_requests_a_second_together(
    local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    def command(cik: str) -> list[str]:
        return [
            sys.executable, "-c", "from reviewdesk.cli import main; main()", "fetch",
            "--cik", cik, "--since", "2016-01-01", "--workers", "4", "--quiet",
            "--db", str(tmp_path / "record.sqlite"),
        ]  # fmt: skip

    env = {**os.environ, **local_edgar.env()}
    running = [
        subprocess.Popen(command(cik), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for cik in (APPLOVIN, CASEYS)
    ]
    outputs = [process.communicate(timeout=120) for process in running]

    assert [process.returncode for process in running] == [0, 0], outputs
    assert record_letters(tmp_path / "record.sqlite") == replay_letters([APPLOVIN, CASEYS])
    hits = local_edgar.all_hits()
    spans = [
        [hit.at for hit in hits if f"/{int(cik)}/" in hit.path or f"CIK{int(cik):010d}" in hit.path]
        for cik in (APPLOVIN, CASEYS)
    ]
    assert min(spans[0]) < max(spans[1]) and min(spans[1]) < max(spans[0])  # they overlapped
    arrivals = [hit.at for hit in hits]
    busiest = max(
        sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals)
    )
    assert busiest <= 10

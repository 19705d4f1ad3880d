"""Defect 12: `reviewdesk fetch` without a network said nothing for two minutes, then failed.
Now each wait names the URL, the reason and the wait, and the failure says what to do."""

from __future__ import annotations

import socket

from edgar_support import LocalEdgar

APPLOVIN = "1751008"
QUICK = ["--backoff", "0.01", "--max-backoff", "0.02", "--retries", "3", "--quiet"]


def closed_port_url() -> str:
    """An http address on loopback where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_offline_fetch_says_what_it_waits_for_and_what_to_do(
    fetch, local_edgar: LocalEdgar
) -> None:
    dead = closed_port_url()
    env = local_edgar.env(REVIEWDESK_EDGAR_WWW=dead, REVIEWDESK_EDGAR_DATA=dead)

    result = fetch("--cik", APPLOVIN, *QUICK, env=env)

    assert result.exit_code == 1
    url = f"{dead}/submissions/CIK0001751008.json"
    waits = [line for line in result.output.splitlines() if "waiting for EDGAR" in line]
    assert [line.split("; ", 1)[1] for line in waits] == [
        "waiting 0.01 s before retry 1 of 3",
        "waiting 0.02 s before retry 2 of 3",
        "waiting 0.02 s before retry 3 of 3",
    ]
    assert all(f"reviewdesk fetch: waiting for EDGAR: {url}: cannot connect (" in w for w in waits)
    assert f"reviewdesk fetch: {url}: EDGAR could not be reached in 4 attempts" in result.output
    assert "Check the network connection" in result.output
    assert "run the same command again: it resumes where it stopped" in result.output


def test_archive_host_out_of_reach_stops_the_run_instead_of_waiting_on_every_filing(
    fetch, local_edgar: LocalEdgar
) -> None:
    dead = closed_port_url()
    env = local_edgar.env(REVIEWDESK_EDGAR_WWW=dead)

    result = fetch("--cik", APPLOVIN, "--workers", "1", *QUICK, env=env)

    assert result.exit_code == 1
    assert "stopped: " in result.output
    assert "EDGAR could not be reached in 4 attempts" in result.output
    waits = [line for line in result.output.splitlines() if "waiting for EDGAR" in line]
    assert len(waits) == 3  # one filing's retries, not every filing's
    assert "0 fetched" in result.output

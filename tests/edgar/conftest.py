"""Fixtures of the fetch tests: the local EDGAR (two servers on random 127.0.0.1 ports, www
and data) and an in-process `reviewdesk fetch` pointed at it, writing to a tmp SQLite record."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import Result
from edgar_support import FICTIONAL, REPLAY, LocalEdgar, ReplayServer, handler
from tests.conftest import shared
from typer.testing import CliRunner


@pytest.fixture
def local_edgar() -> Iterator[LocalEdgar]:
    """Both hosts running for one test; skips when the replay is absent."""
    shared(REPLAY / "www.sec.gov")
    hosts = {
        "www": ReplayServer([REPLAY / "www.sec.gov", FICTIONAL / "www.sec.gov"]),
        "data": ReplayServer([REPLAY / "data.sec.gov", FICTIONAL / "data.sec.gov"]),
    }
    running = []
    for host in hosts.values():
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(host))
        httpd.daemon_threads = True
        host.url = f"http://127.0.0.1:{httpd.server_address[1]}"
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        running.append(httpd)
    yield LocalEdgar(hosts["www"], hosts["data"])
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def fetch(local_edgar: LocalEdgar, tmp_path: Path) -> Callable[..., Result]:
    """Run `reviewdesk fetch ARGS` in-process against the local EDGAR, into tmp_path's record."""
    import reviewdesk.cli.fetch  # noqa: F401
    from reviewdesk.cli import app

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        argv = ["fetch", *args, "--db", str(tmp_path / "record.sqlite")]
        return CliRunner().invoke(app, argv, env=env if env is not None else local_edgar.env())

    return run

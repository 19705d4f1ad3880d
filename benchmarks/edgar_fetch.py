"""Fetch speed and pace against the local EDGAR replay: all 12 companies as fast as a mirror
allows, then a few at the SEC's 10 requests a second; prints wall time, letters and requests
per second, and the busiest one-second window the server saw.

    .venv/bin/python benchmarks/edgar_fetch.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "edgar"))

from edgar_support import (
    FICTIONAL,
    REPLAY,
    USER_AGENT,
    LocalEdgar,
    ReplayServer,
    handler,
)

from reviewdesk.record.store import open_store
from reviewdesk.services.edgar import (
    EdgarClient,
    FetchState,
    StoreSink,
    Targets,
    Window,
    from_environment,
    make_plan,
    run,
)

ALL_TWELVE = (
    "315293", "726958", "769397", "865752", "920760", "1103982",
    "1524472", "1585689", "1751008", "1754301", "1783180", "1964738",
)  # fmt: skip


def start() -> tuple[LocalEdgar, list[ThreadingHTTPServer]]:
    """Both hosts of the local EDGAR on random ports."""
    www = ReplayServer([REPLAY / "www.sec.gov", FICTIONAL / "www.sec.gov"])
    data = ReplayServer([REPLAY / "data.sec.gov"])
    servers = []
    for host in (www, data):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(host))
        httpd.daemon_threads = True
        host.url = f"http://127.0.0.1:{httpd.server_address[1]}"
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(httpd)
    return LocalEdgar(www, data), servers


def busiest_second(arrivals: list[float]) -> int:
    """The most requests that arrived within any one-second window."""
    arrivals = sorted(arrivals)
    return max(
        (sum(1 for t in arrivals[i:] if t < s + 1.0) for i, s in enumerate(arrivals)), default=0
    )


def measure(label: str, ciks: tuple[str, ...], max_rate: float, workers: int) -> None:
    """Fetch `ciks` into a fresh record and print the figures."""
    edgar, servers = start()
    config = from_environment(
        user_agent=USER_AGENT, www=edgar.www.url, data=edgar.data.url,
        max_rate=max_rate, workers=workers,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "record.sqlite"))
        began = time.perf_counter()
        with EdgarClient(config) as client:
            state = FetchState(Path(folder) / "state")
            plan = make_plan(client, Targets(ciks=ciks, window=Window("2016-01-01")), state)
            report = run(client, StoreSink(store), state, plan.filings)
        took = time.perf_counter() - began
        store.close()
    hits = edgar.all_hits()
    print(
        f"{label}: {report.stored} letters stored, {len(report.missing)} 404s, "
        f"{len(hits)} requests, {report.bytes_received / 1e6:.1f} MB in {took:.1f} s = "
        f"{report.stored / took:.1f} letters/s, {len(hits) / took:.1f} requests/s; "
        f"busiest second at the server: {busiest_second([h.at for h in hits])} requests"
    )
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def main() -> None:
    """Run both measurements."""
    if not REPLAY.is_dir():
        sys.exit(f"the EDGAR replay is read from {REPLAY}, which is absent")
    measure("12 companies, mirror pace (200/s, 6 workers)", ALL_TWELVE, 200.0, 6)
    measure("3 companies, SEC pace (10/s, 4 workers)", ("1751008", "769397", "1585689"), 10.0, 4)


if __name__ == "__main__":
    main()

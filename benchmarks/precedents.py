"""Staff letter pages and their precedents on a served record: `reviewdesk serve` started over
the record, then the pages of the letters of the first hits of a search (each shows every
comment's precedents, found through the record's search index), one at a time. Prints each
page's time, the first page's (nothing kept per process, so it costs what the others do),
p50/p95 of the others, and the server's peak RSS. The engine index is used when
$REVIEWDESK_SEARCH_INDEX names one.

    .venv/bin/python benchmarks/precedents.py --db postgresql://postgres@127.0.0.1/scale
    REVIEWDESK_SEARCH_INDEX=/path/to/index .venv/bin/python benchmarks/precedents.py --db ...
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

import httpx

from load import percentile, start_server, stop_server

PAGES = 11
"""Letter pages timed: the first, then ten more."""


def letter_ids(base: str, words: str, wanted: int) -> list[int]:
    """Staff letters whose comments match `words`, newest hits first, at most `wanted`."""
    found = httpx.get(
        f"{base}/api/search", params={"q": words, "scope": "comments"}, timeout=120
    ).json()["hits"]
    return list(dict.fromkeys(h["letter_id"] for h in found))[:wanted]


def peak_rss_mib(pid: int) -> int:
    """The highest peak RSS of the server and its child processes (VmHWM), in MiB."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    peaks = []
    for each in [pid, *(int(p) for p in children.stdout.split())]:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
            peaks.append(int(line.split()[1]) // 1024)
    return max(peaks, default=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite path or postgresql:// URL")
    parser.add_argument("--words", default="revenue", help="The search that picks the letters.")
    args = parser.parse_args()
    server, base = start_server(args.db, 1)
    try:
        ids = letter_ids(base, args.words, PAGES)
        times = []
        for letter in ids:
            started = time.monotonic()
            answer = httpx.get(f"{base}/letters/{letter}", timeout=600)
            times.append(time.monotonic() - started)
            print(f"letter {letter}: {answer.status_code} in {times[-1] * 1000:.0f} ms", flush=True)
        rest = sorted(times[1:])
        print(
            f"first page {times[0] * 1000:.0f} ms; the next {len(rest)}: "
            f"p50 {statistics.median(rest) * 1000:.0f} ms, "
            f"p95 {percentile(rest, 0.95) * 1000:.0f} ms; "
            f"server peak RSS {peak_rss_mib(server.pid)} MiB"
        )
    finally:
        stop_server(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

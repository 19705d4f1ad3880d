"""The desk under concurrent clients, on loopback: `reviewdesk serve` started over a record of
the corpus (ingested first when the record is empty), then for each level of simulated users
a bounded run of mixed requests (dashboard, search, letter, review and company pages, and
their /api twins). Prints per level: requests/s, p50/p95/p99, and every outcome that is not
a 200 (503s honour Retry-After); exits 1 on any 500, dropped connection or timeout.

    .venv/bin/python benchmarks/load.py                                  # SQLite, 20/50/100/200
    .venv/bin/python benchmarks/load.py --db postgresql://postgres@127.0.0.1/load
    .venv/bin/python benchmarks/load.py --db postgresql://... --workers 2 --levels 50 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import open_store
from reviewdesk.record.schema import Letter

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_DB = Path(os.environ.get("TMPDIR", "/tmp")) / "reviewdesk-load" / "load.sqlite"
QUERIES = ["revenue", '"non-GAAP"', "goodwill impairment", "segment OR segments", "tax*"]
REQUEST_TIMEOUT = 60.0


@dataclass
class Tally:
    """What one level's clients saw."""

    latencies: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)

    def failed(self) -> int:
        """Answers that must never happen: 5xx other than 503, drops, timeouts."""
        return sum(n for k, n in self.outcomes.items() if k not in ("200", "503"))


def ensure_record(db: str, jobs: int) -> None:
    """Ingest the corpus into the record when it holds no letters yet."""
    store = open_store(db)
    try:
        with store.session() as session:
            if session.query(Letter.id).limit(1).first() is not None:
                return
        docs = sorted((CORPUS / "docs").iterdir())
        print(f"ingesting {len(docs)} corpus letters into {db} ...", flush=True)
        summary = ingest_paths(store, docs, CORPUS / "manifest.csv", jobs=jobs)
        print(f"  stored {summary.stored}, failed {summary.failed}", flush=True)
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """`reviewdesk serve` in its own process group; returns it and its base URL once up."""
    port = free_port()
    command = [sys.executable, "-c", "from reviewdesk.cli import main; main()", "serve"]
    command += ["--db", db, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/reviews", timeout=10).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"reviewdesk serve did not answer on {base}; see its output above")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def request_mix(base: str) -> list[str]:
    """Paths a reviewer's day asks for, with ids taken from the record being served."""
    total = int(httpx.get(f"{base}/api/reviews", timeout=60).headers["X-Total-Count"])
    hits = httpx.get(f"{base}/api/search", params={"q": "revenue"}, timeout=60).json()["hits"]
    review_ids = [
        r["id"]
        for at in range(0, total, max(1, total // 20))
        for r in httpx.get(
            f"{base}/api/reviews", params={"limit": 1, "offset": at}, timeout=60
        ).json()
    ]
    letter_ids = sorted({h["letter_id"] for h in hits})[:20]
    paths = ["/", "/api/dashboard", "/companies", "/api/companies"]
    for query in QUERIES:
        paths += [f"/search?q={query}", f"/api/search?q={query}"]
    for review_id in review_ids:
        paths += [f"/reviews/{review_id}", f"/api/reviews/{review_id}"]
    for letter_id in letter_ids:
        paths += [f"/letters/{letter_id}", f"/api/letters/{letter_id}"]
    return paths


async def user(
    client: httpx.AsyncClient, paths: list[str], until: float, tally: Tally, seed: int
) -> None:
    """One simulated person asking for page after page until the level's time is up."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        path = rng.choice(paths)
        started = time.monotonic()
        try:
            answer = await client.get(path)
        except httpx.TimeoutException:
            tally.outcomes["timeout"] += 1
            continue
        except httpx.TransportError as exc:
            tally.outcomes[f"dropped ({type(exc).__name__})"] += 1
            continue
        tally.outcomes[str(answer.status_code)] += 1
        if answer.status_code == 503:
            await asyncio.sleep(float(answer.headers.get("retry-after", "1")))
        elif answer.status_code == 200:
            tally.latencies.append(time.monotonic() - started)


async def level(base: str, paths: list[str], clients: int, seconds: float) -> tuple[Tally, float]:
    """`clients` users for `seconds`; the tally and the wall time it took."""
    tally = Tally()
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=30
    )
    timeout = httpx.Timeout(REQUEST_TIMEOUT, pool=None)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(user(client, paths, until, tally, n) for n in range(clients)))
    return tally, time.monotonic() - started


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def report(clients: int, tally: Tally, wall: float) -> None:
    done = sum(tally.outcomes.values())
    times = sorted(tally.latencies)
    p50 = statistics.median(times) * 1000 if times else float("nan")
    others = ", ".join(f"{k}: {n}" for k, n in sorted(tally.outcomes.items()) if k != "200")
    print(
        f"{clients:>5} clients  {done:>6} requests  {done / wall:7.1f}/s  "
        f"p50 {p50:7.0f} ms  p95 {percentile(times, 0.95) * 1000:7.0f} ms  "
        f"p99 {percentile(times, 0.99) * 1000:7.0f} ms  200: {tally.outcomes['200']}"
        + (f", {others}" if others else ""),
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(DEFAULT_DB), help="SQLite path or postgresql:// URL")
    parser.add_argument("--levels", default="20,50,100,200", help="Concurrent users per run.")
    parser.add_argument("--seconds", type=float, default=15.0, help="Length of each run.")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers N")
    parser.add_argument("--jobs", type=int, default=2, help="Parsers when ingesting the corpus.")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    if any(n < 1 or n > 500 for n in levels) or not 1 <= args.seconds <= 300:
        parser.error("levels must be 1-500 users and --seconds 1-300 (the run is bounded)")
    ensure_record(args.db, args.jobs)
    server, base = start_server(args.db, args.workers)
    failed = 0
    try:
        paths = request_mix(base)
        store = "PostgreSQL" if "://" in args.db and "sqlite" not in args.db else "SQLite"
        print(
            f"{store}, serve --workers {args.workers}, {len(paths)} distinct requests, "
            f"{args.seconds:.0f} s per level, loopback {base}",
            flush=True,
        )
        for clients in levels:
            tally, wall = asyncio.run(level(base, paths, clients, args.seconds))
            report(clients, tally, wall)
            failed += tally.failed()
    finally:
        stop_server(server)
    print("no 500s, drops or timeouts" if not failed else f"{failed} failed requests")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

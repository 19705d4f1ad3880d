"""Two desk processes over one PostgreSQL record, as two machines behind a load balancer
(issue 16): after an ingest, and after a second ingest that changes what they cached, both
give every reader the same answers (no per-process state that can go stale), searching with
PostgreSQL's full text or with one engine index directory (the ingest then does not apply
its changes: the desks' searches catch up themselves)."""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from tests.conftest import MANIFEST, ROOT, thread_files
from tests.web.conftest import PG_ADMIN, THREADS

START = [sys.executable, "-c", "from reviewdesk.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def desk_process(url: str, index: Path | None = None) -> Iterator[str]:
    """`reviewdesk serve` over `url` in its own process (searching with the engine index at
    `index` when given); yields its base URL."""
    port = _free_port()
    searching = ["--search-index", str(index)] if index is not None else []
    process = subprocess.Popen(
        [*START, "serve", "--db", url, "--port", str(port), *searching],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "reviewdesk serve ended at start-up"
            try:
                if httpx.get(f"{base}/api/reviews", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run(*args: str) -> None:
    """A `reviewdesk` command in a process of its own, which must succeed."""
    done = subprocess.run(
        [*START, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def ingest(url: str, paths: list[Path]) -> None:
    """Ingest `paths` through the command line, as a third process."""
    run("ingest", *map(str, paths), "--db", url, "--manifest", str(MANIFEST))


def answers(base: str) -> dict[str, Any]:
    """What a reader sees: reviews, a search, and the precedents of every staff letter."""
    reviews = httpx.get(f"{base}/api/reviews", timeout=60).json()
    search = httpx.get(f"{base}/api/search", params={"q": "AbbVie"}, timeout=60).json()
    letters = sorted(
        letter["id"]
        for review in reviews
        for letter in httpx.get(f"{base}/api/reviews/{review['id']}", timeout=60).json()["letters"]
        if letter["kind"] == "comments"
    )
    precedents = {
        letter: httpx.get(f"{base}/api/letters/{letter}/precedents", timeout=60).json()
        for letter in letters
    }
    return {"reviews": reviews, "search": search, "precedents": precedents}


@pytest.mark.slow
@pytest.mark.parametrize("engine_index", [False, True], ids=["postgres", "engine-index"])
def test_two_desk_processes_on_one_postgres_record_agree_after_each_ingest(
    pg_url: str, engine_index: bool, tmp_path: Path
) -> None:
    paths = thread_files(THREADS)
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        abbvie = {
            Path(row["file"]).name
            for row in csv.DictReader(handle)
            if row["source_thread"].startswith("ABBV_")
        }
    first = [p for p in paths if p.name not in abbvie]
    second = [p for p in paths if p.name in abbvie]
    assert first and second
    # a database of its own
    url = pg_url.replace("reviewdesk_web_", f"reviewdesk_two_{int(engine_index)}_")
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        ingest(url, first)
        index = tmp_path / "index" if engine_index else None
        if index is not None:
            run("search-index", "build", "--db", url, "--index", str(index))
        with ExitStack() as stack:
            one = stack.enter_context(desk_process(url, index))
            two = stack.enter_context(desk_process(url, index))
            before_one, before_two = answers(one), answers(two)
            assert before_one == before_two
            ingest(url, second)
            after_one, after_two = answers(one), answers(two)
            assert after_one == after_two
        if index is not None:  # the desks' searches applied the ingest's changes
            with psycopg.connect(url) as record:
                pending = record.execute("SELECT count(*) FROM search_changes").fetchone()
            assert pending == (0,)
        assert len(after_one["reviews"]) > len(before_one["reviews"])
        assert (before_one["search"]["total"], after_one["search"]["total"] > 0) == (0, True)
        assert set(before_one["precedents"]) < set(after_one["precedents"])
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

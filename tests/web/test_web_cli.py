"""`reviewdesk serve` and `reviewdesk demo`: the demo ingests its sample, serves
the desk and prints the address; serve explains a database it cannot open."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.demo import demo_users, free_port, load
from reviewdesk.web import create_app
from tests.workflow.web_support import csrf_of


def test_serve_lists_its_options() -> None:
    _register()
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output


def test_serve_names_a_database_it_cannot_open() -> None:
    _register()
    result = CliRunner().invoke(app, ["serve", "--db", "mysql://nowhere/desk"])
    assert result.exit_code == 2
    assert "mysql://nowhere/desk" in result.output


def test_demo_load_is_repeatable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite")
    first = load(db, "fictional")
    second = load(db, "fictional")
    assert (first.stored, second.stored, second.duplicates) == (5, 0, 5)
    assert "fictional sample letters" in capsys.readouterr().out


def test_demo_accounts_can_sign_in_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    load(db, "fictional")
    people = {user.username: user for user in demo_users(db)}
    assert {name: user.role for name, user in people.items()} == {
        "demo-reviewer": "reviewer",
        "demo-supervisor": "supervisor",
        "demo-company": "company",
        "demo-analyst": "analyst",
    }
    assert people["demo-company"].company == "Harborview Widget Corp."
    client = TestClient(create_app(db))
    company = people["demo-company"]
    signed_in = client.post(
        "/login",
        data={
            "username": company.username,
            "password": company.password,
            "csrf_token": csrf_of(client.get("/login").text),
        },
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    assert client.get("/api/me").json()["username"] == "demo-company"
    again = {user.username: user.password for user in demo_users(db)}
    assert again["demo-company"] != company.password


@pytest.mark.slow
def test_demo_serves_and_prints_its_address(tmp_path: Path) -> None:
    port = free_port("127.0.0.1", 0)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from reviewdesk.cli import main; main()",
            "demo",
            "--db",
            str(tmp_path / "demo.sqlite"),
            "--port",
            str(port),
            "--sample",
            "fictional",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        address = None
        deadline = time.monotonic() + 60
        while address is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            found = re.search(r"serving at (http://\S+/)", line)
            address = found.group(1) if found else None
        assert address == f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                response = httpx.get(address, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert response.status_code == 200
        assert "Harborview Widget Corp." in httpx.get(f"{address}companies").text
    finally:
        process.terminate()
        process.wait(10)

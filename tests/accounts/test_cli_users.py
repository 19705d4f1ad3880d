"""`reviewdesk users add|list|disable|password|token` and `reviewdesk audit REVIEW_ID`. (Fictional.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewdesk.accounts import authenticate, find_user
from reviewdesk.accounts.sessions import start_session
from reviewdesk.cli import _register, app
from reviewdesk.record import open_store
from tests.workflow.support import add_people, open_fictional_review

_register()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    db = str(tmp_path / "cli.sqlite")
    monkeypatch.setenv("REVIEWDESK_DB", db)
    monkeypatch.setenv("REVIEWDESK_PASSWORD", "long enough secret")
    return db


def test_users_are_added_listed_and_disabled(env: str) -> None:
    runner = CliRunner()
    added = runner.invoke(app, ["users", "add", "cora", "--role", "company", "--company", "42"])
    assert added.exit_code == 0 and "added cora (company user)" in added.output
    again = runner.invoke(app, ["users", "add", "cora", "--role", "company", "--company", "42"])
    assert again.exit_code == 1 and "user name 'cora' is taken; choose another" in again.output
    token = runner.invoke(app, ["users", "token", "cora"])
    assert token.output.startswith("rdt_")
    assert "CIK 0000000042" in runner.invoke(app, ["users", "list"]).output
    disabled = runner.invoke(app, ["users", "disable", "cora"])
    assert "disabled cora; 1 API token(s) revoked" in disabled.output
    missing = runner.invoke(app, ["users", "disable", "nobody"])
    assert missing.exit_code == 1 and "no user named 'nobody'" in missing.output


def test_a_new_password_ends_the_sessions_and_the_old_password_stops_working(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "rita", "--role", "reviewer"]).exit_code == 0
    store = open_store(env)
    with store.write() as session:
        user = find_user(session, "rita")
        assert user is not None
        start_session(session, user.id)
    monkeypatch.setenv("REVIEWDESK_PASSWORD", "a different long secret")
    changed = runner.invoke(app, ["users", "password", "rita"])
    assert changed.exit_code == 0
    assert "new password for rita; 1 session(s) ended" in changed.output
    with store.session() as session:
        assert authenticate(session, "rita", "long enough secret") is None
        assert authenticate(session, "rita", "a different long secret") is not None
    store.close()
    missing = runner.invoke(app, ["users", "password", "nobody"])
    assert missing.exit_code == 1 and "no user named 'nobody'" in missing.output


def test_audit_prints_who_did_what_in_a_review(env: str) -> None:
    store = open_store(env)
    people = add_people(store)
    review_id = open_fictional_review(store, people)
    store.close()
    result = CliRunner().invoke(app, ["audit", str(review_id), "--json"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(e["actor"], e["action"]) for e in lines] == [("rita", "workflow.open")]
    assert lines[0]["detail"]["filing"] == "filing_v1.html"
    unknown = CliRunner().invoke(app, ["audit", "999"])
    assert unknown.exit_code == 1 and "no review 999 run in the desk" in unknown.output

"""`reviewdesk watch add|list|remove|email` for a user and `reviewdesk alerts send` (the
digest by hand) against a local SMTP server, on NRG's 2016 letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import open_store
from tests.watchlist.conftest import ROUND_ONE, ROUND_TWO, Inbox, ingest

_register()
pytestmark = [pytest.mark.corpus]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A record of NRG's first round with the user ana."""
    path = str(tmp_path / "cli.sqlite")
    monkeypatch.delenv("REVIEWDESK_SMTP_URL", raising=False)
    monkeypatch.setenv("REVIEWDESK_URL", "https://desk.example")
    monkeypatch.setenv("REVIEWDESK_PASSWORD", "long enough secret")
    store = open_store(path)
    ingest(store, ROUND_ONE)
    store.close()
    added = CliRunner().invoke(app, ["users", "add", "ana", "--role", "analyst", "--db", path])
    assert added.exit_code == 0, added.output
    return path


def test_watches_are_added_listed_and_removed(db: str) -> None:
    runner = CliRunner()
    saved = runner.invoke(
        app, ["watch", "add", "ana", "--search", "non-GAAP", "--scope", "comments", "--db", db]
    )
    assert saved.exit_code == 0, saved.output
    assert 'watch 1 (search): "non-GAAP" · scope=comments' in saved.output
    assert "feed: https://desk.example/feeds/" in saved.output
    company = runner.invoke(app, ["watch", "add", "ana", "--company", "1013871", "--db", db])
    assert "watch 2 (company): NRG Energy" in company.output
    narrowed = runner.invoke(
        app, ["watch", "add", "ana", "--topic", "non_gaap", "--form", "10-K", "--db", db]
    )
    assert "watch 3 (search): form=10-K · topic=non_gaap" in narrowed.output
    wrong = runner.invoke(app, ["watch", "add", "ana", "--topic", "weather", "--db", db])
    assert wrong.exit_code == 1 and "topic 'weather' is not a topic code" in wrong.output
    nobody = runner.invoke(app, ["watch", "list", "bob", "--db", db])
    assert nobody.exit_code == 1 and "no user 'bob'" in nobody.output
    removed = runner.invoke(app, ["watch", "remove", "ana", "2", "--db", db])
    assert "removed watch 2: NRG Energy" in removed.output
    listed = runner.invoke(app, ["watch", "list", "ana", "--db", db], env={"COLUMNS": "200"})
    assert "NRG Energy" not in listed.output
    assert "non-GAAP" in listed.output and "topic=non_gaap" in listed.output
    assert "digests to: nobody" in listed.output


def test_alerts_send_mails_the_digest_by_hand(
    db: str, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    runner.invoke(app, ["watch", "add", "ana", "--search", "non-GAAP", "--db", db])
    runner.invoke(app, ["watch", "email", "ana", "ana@example.com", "--db", db])
    unset = runner.invoke(app, ["alerts", "send", "--db", db])
    assert unset.exit_code == 2 and "no mail server: set REVIEWDESK_SMTP_URL" in unset.output
    store = open_store(db)
    ingest(store, ROUND_TWO)
    store.close()
    monkeypatch.setenv("REVIEWDESK_SMTP_URL", inbox.url)
    sent = runner.invoke(app, ["alerts", "send", "--db", db])
    assert sent.exit_code == 0, sent.output
    assert "sent ana@example.com: 3 new" in sent.output
    assert "1 digests sent, 0 with nothing new, 0 failed" in sent.output
    again = runner.invoke(app, ["alerts", "send", "--db", db])
    assert "0 digests sent, 1 with nothing new, 0 failed" in again.output
    assert len(inbox.messages) == 1

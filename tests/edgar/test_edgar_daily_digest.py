"""`reviewdesk fetch --daily` ends with the watchlist digest when a mail server is configured:
a saved search narrowed to Solventum's CIK, made after the first daily run, is mailed the
staff letter the next daily run brings (local EDGAR of the replay, local SMTP server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from edgar_support import FAST, LocalEdgar
from tests.watchlist.conftest import Inbox
from tests.watchlist.conftest import inbox as inbox

from reviewdesk.accounts import add_user
from reviewdesk.pipeline import remove_stage
from reviewdesk.record import open_store
from reviewdesk.services.watchlist import install, save_search, set_email
from reviewdesk.services.watchlist.alerts import STAGE


@pytest.fixture
def digests() -> Iterator[None]:
    """The digest stage in the pipeline, as `reviewdesk` adds it at start."""
    install()
    yield
    remove_stage(STAGE)


def test_the_daily_fetch_mails_the_new_matches(
    fetch, local_edgar: LocalEdgar, tmp_path: Path, inbox: Inbox, digests: None
) -> None:
    first = fetch("--daily", "--since", "2024-02-26", "--until", "2024-02-27", *FAST)
    assert first.exit_code == 0, first.output
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.write() as session:
        user = add_user(session, "ana", "correct horse battery", "analyst")
        save_search(session, user.id, {"cik": "1964738"}, "Solventum")
        set_email(session, user.id, "ana@example.com")
    store.close()

    env = local_edgar.env(REVIEWDESK_SMTP_URL=inbox.url, REVIEWDESK_URL="https://desk.example")
    second = fetch("--daily", "--until", "2024-03-31", *FAST, env=env)

    assert second.exit_code == 0, second.output
    assert [m["To"] for m in inbox.messages] == ["ana@example.com"]
    message = inbox.messages[0]
    assert message["Subject"] == "ReviewDesk: 10 new matches on your watchlist"
    body = message.get_content()
    assert "== Solventum (10 new)" in body
    assert "- Comment 5 · Solventum Corporation · 2024-03-01" in body
    assert re.search(r"\n  https://desk\.example/letters/\d+#comment-5\r?\n", body)
    assert "- Response 5 · Solventum Corporation · 2024-03-05" in body

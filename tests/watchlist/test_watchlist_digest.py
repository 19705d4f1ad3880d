"""The e-mail digest after an ingest, against a local SMTP server: a user who saved a search
and follows a company gets one message listing what arrived since they saved them, and
nothing twice; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from reviewdesk.accounts import add_user
from reviewdesk.pipeline import remove_stage
from reviewdesk.record import Store
from reviewdesk.services.watchlist import (
    MailServer,
    WatchKind,
    follow,
    install,
    save_search,
    send_digests,
    set_email,
)
from reviewdesk.services.watchlist.alerts import STAGE
from tests.watchlist.conftest import NRG_CIK, ROUND_TWO, Inbox, ingest

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
DESK = "https://desk.example"


def _watcher(store: Store, email: str | None = "ana@example.com") -> int:
    with store.write() as session:
        user = add_user(session, "ana", "correct horse battery", "analyst")
        save_search(session, user.id, {"q": "non-GAAP", "scope": "comments"}, "non-GAAP")
        follow(session, user.id, WatchKind.company, NRG_CIK)
        set_email(session, user.id, email)
        return user.id


def test_digest_lists_matches_stored_after_the_watch_was_saved(
    nrg_store: Store, inbox: Inbox
) -> None:
    _watcher(nrg_store)
    ingest(nrg_store, ROUND_TWO)
    report = send_digests(nrg_store, MailServer.from_url(inbox.url), DESK)
    assert report.sent == [("ana@example.com", 22)]
    assert inbox.recipients == [["ana@example.com"]]
    message = inbox.messages[0]
    assert message["From"] == "desk@reviewdesk.test"
    assert message["Subject"] == "ReviewDesk: 22+ new matches on your watchlist"
    body = message.get_content()
    assert "== non-GAAP (2 new)" in body
    assert "== NRG Energy (the newest 20 of more)" in body
    assert "- Comment 7 · NRG Energy, Inc. · 2016-06-22" in body
    assert f"{DESK}/letters/3#comment-7" in body
    assert "- Comment 2 · NRG Energy, Inc." not in body
    assert "forward looking non-GAAP measures must be accompanied" in body
    assert f"  more: {DESK}/search?company_id=1" in body


def test_a_second_digest_sends_nothing_already_sent(nrg_store: Store, inbox: Inbox) -> None:
    _watcher(nrg_store)
    ingest(nrg_store, ROUND_TWO)
    server = MailServer.from_url(inbox.url)
    send_digests(nrg_store, server, DESK)
    again = send_digests(nrg_store, server, DESK)
    assert (again.sent, again.nothing_new) == ([], 1)
    assert len(inbox.messages) == 1


def test_no_digest_without_an_address_or_before_anything_new(
    nrg_store: Store, inbox: Inbox
) -> None:
    _watcher(nrg_store, email=None)
    report = send_digests(nrg_store, MailServer.from_url(inbox.url), DESK)
    assert (report.sent, report.nothing_new, inbox.messages) == ([], 0, [])


def test_the_pipeline_sends_the_digest_after_an_ingest(
    nrg_store: Store, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWDESK_SMTP_URL", inbox.url)
    monkeypatch.setenv("REVIEWDESK_URL", DESK)
    _watcher(nrg_store)
    install()
    try:
        ingest(nrg_store, ROUND_TWO)
        ingest(nrg_store, ROUND_TWO)
    finally:
        remove_stage(STAGE)
    assert [m["Subject"] for m in inbox.messages] == [
        "ReviewDesk: 22+ new matches on your watchlist"
    ]


def test_a_refused_message_is_tried_again_next_time(nrg_store: Store, inbox: Inbox) -> None:
    _watcher(nrg_store)
    ingest(nrg_store, ROUND_TWO)
    closed = MailServer("127.0.0.1", 1, sender="desk@reviewdesk.test")
    failed = send_digests(nrg_store, closed, DESK)
    assert [address for address, _ in failed.failed] == ["ana@example.com"]
    retried = send_digests(nrg_store, MailServer.from_url(inbox.url), DESK)
    assert retried.sent == [("ana@example.com", 22)]

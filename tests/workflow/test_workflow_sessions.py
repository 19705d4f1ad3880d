"""Desk sessions that can be ended, sign-in forms that only their own browser can post, and a
back-off on wrong passwords (issue 15, items 5 and 7); two app instances over one record
stand for two worker processes. (Fictional people.)"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from reviewdesk.accounts import disable_user, set_password, throttle
from reviewdesk.accounts.schema import LoginFailures
from reviewdesk.accounts.sessions import COOKIE, VISITOR_COOKIE
from reviewdesk.record import Store
from reviewdesk.web.app import create_app
from tests.workflow.support import PASSWORD, People
from tests.workflow.web_support import csrf_of, signed_in


def two_workers(store: Store) -> tuple[TestClient, TestClient]:
    """Two separate apps over the same record, as two `serve --workers 2` processes."""
    return TestClient(create_app(store)), TestClient(create_app(store))


def carried_to(worker: TestClient, cookie: str) -> TestClient:
    """The other worker, asked with the same session cookie."""
    worker.cookies.set(COOKIE, cookie)
    return worker


def test_a_session_made_on_one_worker_holds_on_another_and_ends_on_logout(
    store: Store, people: People
) -> None:
    one, two = two_workers(store)
    signed_in(one, "cora")
    cookie = one.cookies[COOKIE]
    other = carried_to(two, cookie)
    assert other.get("/api/me").json()["username"] == "cora"
    token = csrf_of(one.get("/desk/reviews").text)
    assert (
        one.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert other.get("/api/me").status_code == 401
    stolen = TestClient(one.app)
    stolen.cookies.set(COOKIE, cookie)
    assert stolen.get("/api/me").status_code == 401
    assert stolen.post("/api/desk/letters/1/answers/1", json={"text": "x"}).status_code == 403


def test_disabling_a_user_or_a_new_password_ends_their_sessions(
    store: Store, people: People
) -> None:
    cora = signed_in(TestClient(create_app(store)), "cora")
    otto = signed_in(TestClient(cora.app), "otto")
    with store.write() as session:
        disable_user(session, "cora")
        assert set_password(session, "otto", "a brand new passphrase") == 1
    assert cora.get("/api/me").status_code == 401
    assert otto.get("/api/me").status_code == 401
    again = TestClient(otto.app)
    token = csrf_of(again.get("/login").text)
    form = {"username": "otto", "password": "a brand new passphrase", "csrf_token": token}
    assert again.post("/login", data=form, follow_redirects=False).status_code == 303
    assert again.get("/api/me").json()["username"] == "otto"


def test_every_visitor_gets_its_own_sign_in_token_and_another_site_cannot_sign_them_in(
    store: Store, people: People
) -> None:
    app = create_app(store)
    victim, attacker = TestClient(app), TestClient(app)
    victim_token = csrf_of(victim.get("/login").text)
    attacker_token = csrf_of(attacker.get("/login").text)
    assert victim_token != attacker_token
    assert victim.cookies[VISITOR_COOKIE] != attacker.cookies[VISITOR_COOKIE]
    forged = {"username": "otto", "password": PASSWORD, "csrf_token": attacker_token}
    assert victim.post("/login", data=forged, follow_redirects=False).status_code == 403
    assert victim.get("/api/me").status_code == 401
    cookieless = TestClient(app)
    assert cookieless.post("/login", data=forged, follow_redirects=False).status_code == 403
    mine = {**forged, "csrf_token": victim_token}
    signed = victim.post("/login", data=mine, follow_redirects=False)
    assert signed.status_code == 303
    assert victim.get("/api/me").json()["username"] == "otto"


def wrong(client: TestClient, username: str) -> int:
    token = csrf_of(client.get("/login").text)
    form = {"username": username, "password": "not the password", "csrf_token": token}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_wrong_passwords_in_a_row_lock_the_account_for_a_doubling_while(
    store: Store, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(throttle, "now", lambda: frozen)  # a slow machine cannot outlast the lock
    one, two = two_workers(store)
    assert [wrong(one, "rita") for _ in range(5)] == [401] * 5
    token = csrf_of(two.get("/login").text)
    form = {"username": "rita", "password": PASSWORD, "csrf_token": token}
    locked = two.post("/login", data=form, follow_redirects=False)
    assert locked.status_code == 429
    assert locked.headers["retry-after"] == "1"
    assert "too many wrong passwords; try again in 1 seconds" in locked.text
    with store.write() as session:
        session.execute(update(LoginFailures).values(locked_until=None))
    assert wrong(two, "rita") == 401
    with store.write() as session:
        rita = session.get(LoginFailures, "user:rita")
        assert rita is not None and rita.failures == 6
        session.execute(update(LoginFailures).values(locked_until=None))
    assert two.post("/login", data=form, follow_redirects=False).status_code == 303
    with store.session() as session:
        assert session.get(LoginFailures, "user:rita") is None


def test_wrong_passwords_from_one_address_across_accounts_lock_that_address(
    store: Store, people: People
) -> None:
    client = TestClient(create_app(store))
    names = [f"nobody{n}" for n in range(20)]
    assert [wrong(client, name) for name in names] == [401] * 20
    assert wrong(client, "sam") == 429
    with store.session() as session:
        address = session.get(LoginFailures, "address:testclient")
        assert address is not None and address.failures == 20

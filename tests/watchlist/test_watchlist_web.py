"""The watchlist through /api/watchlist and the feeds at their token addresses: a signed-in
person (an API token here) saves a search and follows a company, topic or office; each feed
is Atom that a reader fetches without signing in, until the person revokes the addresses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from reviewdesk.accounts import add_user
from reviewdesk.accounts.tokens import issue_token
from reviewdesk.record import Store, open_store
from reviewdesk.web import create_app
from tests.watchlist.conftest import ROUND_ONE, ROUND_TWO, ingest

pytestmark = [pytest.mark.corpus]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """NRG's two rounds (2016), on SQLite."""
    opened = open_store(str(tmp_path_factory.mktemp("watch") / "watch.sqlite"))
    ingest(opened, ROUND_ONE + ROUND_TWO)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def _bearer(store: Store, username: str) -> dict[str, str]:
    with store.write() as session:
        user = add_user(session, username, "correct horse battery", "analyst")
        return {"Authorization": f"Bearer {issue_token(session, user, 'tests')}"}


def _entries(feed: bytes) -> list[tuple[str, str]]:
    root = etree.fromstring(feed)
    return [
        (e.findtext(f"{ATOM}title") or "", e.find(f"{ATOM}link").get("href") or "")
        for e in root.iter(f"{ATOM}entry")
    ]


def test_the_watchlist_needs_a_signed_in_person(client: TestClient) -> None:
    response = client.get("/api/watchlist")
    assert (response.status_code, response.json()["status"]) == (401, 401)


WATCHLIST_ROUTES = {
    ("GET", "/desk/watchlist"),
    ("POST", "/desk/watchlist/searches"),
    ("POST", "/desk/watchlist/follows"),
    ("POST", "/desk/watchlist/{watch_id}/remove"),
    ("POST", "/desk/watchlist/email"),
    ("POST", "/desk/watchlist/feed-token"),
    ("GET", "/api/watchlist"),
    ("POST", "/api/watchlist/searches"),
    ("POST", "/api/watchlist/follows"),
    ("DELETE", "/api/watchlist/{watch_id}"),
    ("GET", "/api/watchlist/{watch_id}/matches"),
    ("PUT", "/api/watchlist/email"),
    ("POST", "/api/watchlist/feed-token"),
}
"""Every watchlist route but the feeds (read by token): test_workflow_web_access counts them
as covered here."""


def test_every_watchlist_route_refuses_the_anonymous(client: TestClient) -> None:
    for method, path in sorted(WATCHLIST_ROUTES):
        response = client.request(
            method,
            path.replace("{watch_id}", "1"),
            json=None if method == "GET" else {},
            follow_redirects=False,
        )
        if path == "/desk/watchlist":
            assert response.headers["location"] == "/login?next=/desk/watchlist"
        else:
            assert response.status_code in (401, 403), (method, path, response.status_code)


def test_a_saved_search_has_an_atom_feed_readable_without_signing_in(
    client: TestClient, store: Store
) -> None:
    auth = _bearer(store, "feeds")
    saved = client.post(
        "/api/watchlist/searches",
        json={"q": "non-GAAP", "scope": "comments", "filters": {"year": "2016"}},
        headers=auth,
    )
    assert saved.status_code == 201
    watch = saved.json()
    assert (watch["kind"], watch["name"]) == ("search", '"non-GAAP" · scope=comments · year=2016')
    assert watch["params"] == {"q": "non-GAAP", "scope": "comments", "year": "2016"}
    assert watch["search_url"] == "http://testserver/search?q=non-GAAP&scope=comments&year=2016"
    listed = client.get("/api/watchlist", headers=auth).json()
    assert (listed["email"], [w["id"] for w in listed["watches"]]) == (None, [watch["id"]])
    feed = client.get(watch["feed_url"])
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert _entries(feed.content) == [
        ("Comment 7 · NRG Energy, Inc. · 2016-06-22", "http://testserver/letters/3#comment-7"),
        ("Comment 6 · NRG Energy, Inc. · 2016-06-22", "http://testserver/letters/3#comment-6"),
        ("Comment 14 · NRG Energy, Inc. · 2016-05-10", "http://testserver/letters/1#comment-14"),
        ("Comment 3 · NRG Energy, Inc. · 2016-05-10", "http://testserver/letters/1#comment-3"),
    ]
    matches = client.get(f"/api/watchlist/{watch['id']}/matches", headers=auth).json()
    assert [m["url"] for m in matches["matches"]] == [
        "http://testserver/letters/3#comment-7",
        "http://testserver/letters/3#comment-6",
        "http://testserver/letters/1#comment-14",
        "http://testserver/letters/1#comment-3",
    ]


def test_revoking_the_feed_addresses_ends_the_old_ones(client: TestClient, store: Store) -> None:
    auth = _bearer(store, "revoker")
    watch = client.post(
        "/api/watchlist/follows", json={"kind": "topic", "value": "non_gaap"}, headers=auth
    ).json()
    assert client.get(watch["feed_url"]).status_code == 200
    renewed = client.post("/api/watchlist/feed-token", headers=auth).json()
    assert client.get(watch["feed_url"]).status_code == 404
    new_url = renewed["watches"][0]["feed_url"]
    assert new_url != watch["feed_url"]
    assert client.get(new_url).status_code == 200


def test_follows_name_what_they_follow_and_refuse_what_does_not_exist(
    client: TestClient, store: Store
) -> None:
    auth = _bearer(store, "follower")
    company = client.post(
        "/api/watchlist/follows", json={"kind": "company", "value": "1013871"}, headers=auth
    )
    office = client.post(
        "/api/watchlist/follows",
        json={"kind": "office", "value": "Consumer Products"},
        headers=auth,
    )
    assert [company.json()["name"], office.json()["name"]] == ["NRG Energy", "Consumer Products"]
    unknown = client.post(
        "/api/watchlist/follows", json={"kind": "topic", "value": "weather"}, headers=auth
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"].startswith("topic 'weather' is not a topic code; use one of")
    empty = client.post("/api/watchlist/searches", json={"q": " "}, headers=auth)
    assert empty.status_code == 422
    office_feed = client.get(office.json()["feed_url"]).content
    assert len(_entries(office_feed)) == 29


def test_a_person_removes_only_their_own_watches(client: TestClient, store: Store) -> None:
    owner, other = _bearer(store, "owner"), _bearer(store, "other")
    watch = client.post("/api/watchlist/searches", json={"q": "impairment"}, headers=owner).json()
    assert client.delete(f"/api/watchlist/{watch['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/watchlist/{watch['id']}", headers=owner).status_code == 204
    assert client.get("/api/watchlist", headers=owner).json()["watches"] == []
    assert client.get(watch["feed_url"]).status_code == 404


def test_the_digest_address_is_checked(client: TestClient, store: Store) -> None:
    auth = _bearer(store, "mailer")
    bad = client.put("/api/watchlist/email", json={"email": "not an address"}, headers=auth)
    assert bad.status_code == 422
    good = client.put("/api/watchlist/email", json={"email": "m@example.com"}, headers=auth)
    assert good.json()["email"] == "m@example.com"


def test_a_saved_search_keeps_the_search_pages_date_range(client: TestClient, store: Store) -> None:
    auth = _bearer(store, "dated")
    watch = client.post(
        "/api/watchlist/searches",
        json={"q": "non-GAAP", "scope": "comments", "filters": {"from": "2016-06-01"}},
        headers=auth,
    ).json()
    assert watch["search_url"] == (
        "http://testserver/search?q=non-GAAP&scope=comments&from=2016-06-01"
    )
    assert [title for title, _ in _entries(client.get(watch["feed_url"]).content)] == [
        "Comment 7 · NRG Energy, Inc. · 2016-06-22",
        "Comment 6 · NRG Energy, Inc. · 2016-06-22",
    ]


def test_a_signed_in_person_follows_a_company_from_its_page(
    client: TestClient, store: Store
) -> None:
    auth = _bearer(store, "pagefollower")
    assert 'id="follow-company"' not in client.get("/companies/1").text
    assert 'id="follow-company"' in client.get("/companies/1", headers=auth).text
    followed = client.post(
        "/desk/watchlist/follows",
        data={"kind": "company", "value": "0001013871"},
        headers=auth,
        follow_redirects=False,
    )
    assert (followed.status_code, followed.headers["location"]) == (303, "/desk/watchlist")
    watches = client.get("/api/watchlist", headers=auth).json()["watches"]
    assert [(w["kind"], w["name"], w["params"]) for w in watches] == [
        ("company", "NRG Energy", {"company_id": "1"})
    ]

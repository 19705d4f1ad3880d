"""Access to every endpoint of the desk: another company's user gets 404, the anonymous 401
before release, the right people the data; state-changing requests without the session's
CSRF token are refused; the record's public EDGAR pages stay open. (Fictional data.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from reviewdesk.accounts import find_user
from reviewdesk.accounts.tokens import issue_token
from reviewdesk.record import Store
from reviewdesk.web.app import create_app
from reviewdesk.workflow import (
    complete,
    release,
    resolve_comment,
    save_answer,
    sign_off,
    submit_response,
    write_comment,
)
from tests.watchlist.test_watchlist_web import WATCHLIST_ROUTES
from tests.workflow.support import (
    LETTER_DAY,
    People,
    get,
    issued_with_amendment,
    open_fictional_review,
)
from tests.workflow.web_support import csrf_of, signed_in


@pytest.fixture
def desk(store: Store, people: People) -> Iterator[tuple[TestClient, int, int]]:
    """The app, and a review whose letter 1 is issued with an amendment filed:
    (app client factory holder, review id, comment id)."""
    review_id, comment_id = issued_with_amendment(store, people)
    app = create_app(store)
    app.state.letter_pdf = False
    with TestClient(app) as client:
        yield client, review_id, comment_id


def _client(desk: tuple[TestClient, int, int], who: str | None) -> TestClient:
    client = TestClient(desk[0].app)
    return signed_in(client, who) if who else client


READS = [
    "/desk/reviews/{r}",
    "/desk/reviews/{r}/rounds/1/letter.html",
    "/desk/reviews/{r}/filings/1/marked-copy",
    "/api/desk/reviews/{r}",
]
STAFF_READS = ["/desk/reviews/{r}/audit", "/api/desk/reviews/{r}/audit"]


@pytest.mark.parametrize("path", READS + STAFF_READS)
def test_reads_of_an_unreleased_review(desk: tuple[TestClient, int, int], path: str) -> None:
    url = path.format(r=desk[1])
    assert _client(desk, None).get(url).status_code == 401
    assert _client(desk, "otto").get(url).status_code == 404
    assert _client(desk, "kim").get(url).status_code == 404
    assert _client(desk, "rita").get(url).status_code == 200
    expected = 404 if path in STAFF_READS else 200
    assert _client(desk, "cora").get(url).status_code == expected


def test_an_unknown_review_looks_the_same_as_a_hidden_one(
    desk: tuple[TestClient, int, int],
) -> None:
    assert _client(desk, None).get("/desk/reviews/999").status_code == 401
    assert _client(desk, "otto").get("/desk/reviews/999").status_code == 404
    assert _client(desk, "rita").get("/desk/reviews/999").status_code == 404


def test_draft_answers_are_hidden_from_reviewers_until_submitted(
    desk: tuple[TestClient, int, int],
) -> None:
    url = f"/api/desk/reviews/{desk[1]}"
    staff = _client(desk, "rita").get(url).json()
    assert staff["rounds"][0]["comments"][0]["answer"] is None
    company = _client(desk, "cora").get(url).json()
    assert company["rounds"][0]["comments"][0]["answer"]["text"] == "We revised page 2."
    assert company["rounds"][0]["due"] == "2026-03-16"


def test_draft_comments_are_hidden_from_the_company(store: Store, people: People) -> None:
    review_id = open_fictional_review(store, people)
    with store.write() as session:
        write_comment(session, people.reviewer, get(session, review_id), "A draft.", None, None)
    with TestClient(create_app(store)) as base:
        cora = signed_in(TestClient(base.app), "cora")
        view = cora.get(f"/api/desk/reviews/{review_id}").json()
        assert view["rounds"] == []
        assert "A draft." not in cora.get(f"/desk/reviews/{review_id}").text


def test_actions_need_the_right_party_and_a_csrf_token(desk: tuple[TestClient, int, int]) -> None:
    review_id, comment_id = desk[1], desk[2]
    url = f"/desk/reviews/{review_id}/act/save_answer"
    form = {"comment_id": str(comment_id), "text": "Changed."}
    assert _client(desk, None).post(url, data=form).status_code == 403
    cora = _client(desk, "cora")
    assert cora.post(url, data=form).status_code == 403
    token = csrf_of(cora.get(f"/desk/reviews/{review_id}").text)
    ok = cora.post(url, data={**form, "csrf_token": token}, follow_redirects=False)
    assert ok.status_code == 303
    otto = _client(desk, "otto")
    other = csrf_of(otto.get("/desk/reviews").text)
    assert otto.post(url, data={**form, "csrf_token": other}).status_code == 404
    assert otto.post(url, data={**form, "csrf_token": token}).status_code == 403
    rita = _client(desk, "rita")
    staff_token = csrf_of(rita.get(f"/desk/reviews/{review_id}").text)
    refused = rita.post(url, data={**form, "csrf_token": staff_token})
    assert refused.status_code == 403
    assert "a reviewer cannot save answer" in refused.text
    anonymous = _client(desk, None)
    anon_token = csrf_of(anonymous.get("/login").text)
    assert anonymous.post(url, data={**form, "csrf_token": anon_token}).status_code == 401


def test_api_actions_take_tokens_and_refuse_illegal_transitions(
    store: Store, desk: tuple[TestClient, int, int]
) -> None:
    with store.write() as session:
        cora = find_user(session, "cora")
        otto = find_user(session, "otto")
        assert cora is not None and otto is not None
        cora_token, otto_token = issue_token(session, cora, "t"), issue_token(session, otto, "t")
    url = f"/api/desk/reviews/{desk[1]}/actions/save_answer"
    body = {"comment_id": desk[2], "text": "By API."}
    client = _client(desk, None)
    assert client.post(url, json=body).status_code == 403
    hidden = client.post(url, json=body, headers={"Authorization": f"Bearer {otto_token}"})
    assert hidden.status_code == 404
    done = client.post(url, json=body, headers={"Authorization": f"Bearer {cora_token}"})
    assert done.status_code == 200
    assert done.json()["rounds"][0]["comments"][0]["answer"]["text"] == "By API."
    illegal = client.post(
        f"/api/desk/reviews/{desk[1]}/actions/complete",
        json={},
        headers={"Authorization": f"Bearer {cora_token}"},
    )
    assert illegal.status_code == 403
    assert illegal.json()["error"].startswith("a company cannot complete")


def test_a_released_review_is_public_without_its_confidential_passages(
    store: Store, people: People, desk: tuple[TestClient, int, int]
) -> None:
    review_id, comment_id = desk[1], desk[2]
    with store.write() as session:
        review = get(session, review_id)
        save_answer(session, people.company, review, comment_id, "We revised page 2 for Acme.")
        from reviewdesk.workflow import mark_confidential

        mark_confidential(session, people.company, review, comment_id, "Acme")
        submit_response(session, people.company, review)
        resolve_comment(session, people.reviewer, review, comment_id)
        sign_off(session, people.supervisor, review)
        complete(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        release(session, people.reviewer, review, today=dt.date(2026, 12, 1))
    anonymous = _client(desk, None)
    view = anonymous.get(f"/api/desk/reviews/{review_id}").json()
    assert view["audience"] == "public"
    assert view["rounds"][0]["comments"][0]["answer"]["text"] == (
        "We revised page 2 for [Confidential treatment requested; passage omitted]."
    )
    assert anonymous.get(f"/desk/reviews/{review_id}/rounds/1/letter.html").status_code == 200
    assert anonymous.get(f"/desk/reviews/{review_id}/filings/1/marked-copy").status_code == 404
    assert [r["id"] for r in anonymous.get("/api/desk/reviews").json()] == [review_id]


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every API route, inside included routers too (FastAPI keeps them as wrappers)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def test_every_endpoint_is_covered(store: Store, desk: tuple[TestClient, int, int]) -> None:
    """Workflow endpoints are the ones tested above (answers to EDGAR letters in
    test_workflow_letter_answers, letters to answer in test_workflow_letters_to_answer, label corrections in test_workflow_labels, the watchlist
    in tests/watchlist/test_watchlist_web); the record's pages (public EDGAR correspondence) answer
    the anonymous; sign-in pages are open; nothing is left out."""
    routes = {
        (method, route.path)
        for route in _routes(create_app(store).routes)
        for method in route.methods
    }
    workflow = {
        ("GET", "/desk/reviews"),
        ("GET", "/desk/reviews/new"),
        ("POST", "/desk/reviews"),
        ("GET", "/desk/reviews/{review_id}"),
        ("POST", "/desk/reviews/{review_id}/act/{action}"),
        ("GET", "/desk/reviews/{review_id}/rounds/{number}/letter.{kind}"),
        ("GET", "/desk/reviews/{review_id}/filings/{version}/marked-copy"),
        ("GET", "/desk/reviews/{review_id}/audit"),
        ("GET", "/api/desk/reviews"),
        ("GET", "/api/desk/reviews/{review_id}"),
        ("POST", "/api/desk/reviews/{review_id}/actions/{action}"),
        ("GET", "/api/desk/reviews/{review_id}/audit"),
        ("GET", "/desk/letters"),
        ("GET", "/api/desk/letters"),
        ("GET", "/desk/letters/{letter_id}/answers"),
        ("POST", "/desk/letters/{letter_id}/answers"),
        ("GET", "/desk/letters/{letter_id}/response.{kind}"),
        ("GET", "/api/desk/letters/{letter_id}/answers"),
        ("POST", "/api/desk/letters/{letter_id}/answers/{number}"),
        ("POST", "/labels/{item}/{item_id}"),
        ("POST", "/api/comments/{comment_id}/labels"),
        ("POST", "/api/responses/{response_id}/labels"),
        ("GET", "/login"),
        ("POST", "/login"),
        ("POST", "/logout"),
        ("GET", "/api/me"),
    }
    assert workflow <= routes
    assert routes >= WATCHLIST_ROUTES
    anonymous = _client(desk, None)
    for method, path in sorted(routes - workflow - WATCHLIST_ROUTES):
        assert method == "GET", f"{method} {path} is not covered by the access tests"
        if "{" not in path:
            assert anonymous.get(path).status_code not in (401, 403), path
    assert anonymous.get("/api/me").status_code == 401
    assert anonymous.get("/desk/reviews/new").status_code == 401
    assert _client(desk, "cora").get("/desk/reviews/new").status_code == 404
    assert _client(desk, "rita").get("/desk/reviews/new").status_code == 200

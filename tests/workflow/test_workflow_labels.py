"""People correcting labels in the desk: an analyst or a staff member changes a comment's
topics or asks, or an answer's class, on the letter page or through the API; the change is
audited, shown with who and when beside the machine's reading, and survives reparse. The
anonymous get 401, company users 403, posts without the CSRF token 403. (The seed staff
letter of ../shared/corpus, with machine labels set by the test; fictional people.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.accounts import add_user
from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters import Letter, Response, parse_bytes
from reviewdesk.pipeline import reparse
from reviewdesk.record import Store, schema
from reviewdesk.record.ingest import record_reading
from reviewdesk.web.app import create_app
from tests.conftest import SEED, shared
from tests.workflow.support import PASSWORD, People
from tests.workflow.web_support import csrf_of, signed_in


def seed_desk(store: Store) -> dict[str, int]:
    """The seed letter (machine labels set here), a fictional response and an analyst."""
    data = shared(SEED).read_bytes()
    reading = parse_bytes(data, str(SEED))
    first, second = reading.comments
    reading = replace(
        reading,
        comments=[
            replace(first, topics=["governance_proxy"], asks=["revise"]),
            replace(second, topics=["offering"], asks=["explain"], cites=["Rule 14a-6"]),
        ],
    )
    letter = record_reading(store, data, reading, source=str(SEED), given=SubmissionHeader())
    answer = Letter(
        source="fictional-answer.txt",
        role="company",
        kind="response",
        responses=[Response(2, None, "We respectfully decline (fictional).", answer=["revised"])],
    )
    answered = record_reading(
        store,
        b"fictional answer",
        answer,
        source="fictional-answer.txt",
        given=SubmissionHeader(),
    )
    with store.write() as session:
        add_user(session, "lena", PASSWORD, "analyst", display_name="Lena Park")
        comments = list(session.scalars(select(schema.Comment.id).order_by(schema.Comment.id)))
        response = session.scalars(select(schema.Response.id)).one()
    ids = {
        "letter": letter.letter_id or 0,
        "answer_letter": answered.letter_id or 0,
        "c1": comments[0],
        "c2": comments[1],
        "r": response,
    }
    return ids


@pytest.fixture
def desk(store: Store, people: People) -> Iterator[tuple[TestClient, dict[str, int]]]:
    """The desk over the seed letter, a fictional response and the people (with an analyst)."""
    ids = seed_desk(store)
    with TestClient(create_app(store)) as client:
        yield client, ids


def _as(desk: tuple[TestClient, dict[str, int]], who: str | None) -> TestClient:
    client = TestClient(desk[0].app)
    return signed_in(client, who) if who else client


def _token(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf_of(client.get("/login").text)}


def test_an_analyst_corrects_topics_through_the_api_and_sees_who_and_the_machine(
    desk: tuple[TestClient, dict[str, int]], store: Store
) -> None:
    lena = _as(desk, "lena")
    comment = desk[1]["c2"]
    answer = lena.post(
        f"/api/comments/{comment}/labels",
        json={"topics": ["governance_proxy", "offering"]},
        headers=_token(lena),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [t["code"] for t in body["topics"]] == ["governance_proxy", "offering"]
    assert body["topics"][0] == {
        "code": "governance_proxy",
        "label": "Governance and proxy matters",
        "group": "disclosure",
    }
    assert [a["code"] for a in body["asks"]] == ["explain"]
    assert body["machine"]["topic"] == ["offering"]
    assert body["people"]["topic"]["by"] == "lena"
    assert body["people"]["topic"]["codes"] == ["governance_proxy", "offering"]
    with store.session() as session:
        entry = session.scalars(
            select(schema.AuditEntry).where(schema.AuditEntry.action == "labels.corrected")
        ).one()
    assert (entry.actor, entry.subject) == ("lena", f"comment:{comment}")
    assert entry.detail == {
        "facet": "topic",
        "before": ["offering"],
        "after": ["governance_proxy", "offering"],
    }
    page = _as(desk, None).get(f"/letters/{desk[1]['letter']}").text
    assert 'Topics set by <span class="who">lena</span>' in page
    assert "the machine read offering." in page
    assert "Correct labels" not in page
    assert (
        '<a class="official" href="https://www.ecfr.gov/current/title-17/section-240.14a-6" '
        'rel="noopener noreferrer">Rule 14a-6</a>'
    ) in page
    assert '<a class="cited-by" href="/search?cite=Rule%2014a-6">' in page


def test_a_reviewer_corrects_an_answers_class_and_asks_from_the_page(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    rita = _as(desk, "rita")
    letter_page = rita.get(f"/letters/{desk[1]['answer_letter']}").text
    assert "Correct labels" in letter_page
    saved = rita.post(
        f"/labels/response/{desk[1]['r']}",
        data={"answer": ["declined"], "csrf_token": csrf_of(letter_page)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/letters/{desk[1]['answer_letter']}#response-2"
    data = rita.get(f"/api/letters/{desk[1]['answer_letter']}").json()
    labels = data["responses"][0]["labels"]
    assert [a["label"] for a in labels["answer"]] == ["Declined"]
    assert labels["machine"]["answer"] == ["revised"]
    asks = rita.post(
        f"/labels/comment/{desk[1]['c1']}",
        data={"asks": ["revise", "future"], "csrf_token": csrf_of(letter_page)},
        follow_redirects=False,
    )
    assert asks.headers["location"] == f"/letters/{desk[1]['letter']}#comment-1"
    comment = rita.get(f"/api/letters/{desk[1]['letter']}").json()["comments"][0]["labels"]
    assert [a["code"] for a in comment["asks"]] == ["revise", "future"]
    assert [t["code"] for t in comment["topics"]] == ["governance_proxy"]
    assert "topic" not in comment["people"]


def test_corrections_are_refused_to_the_anonymous_company_users_and_without_csrf(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    url = f"/api/comments/{desk[1]['c1']}/labels"
    anonymous = _as(desk, None)
    assert anonymous.post(url, json={"topics": ["other"]}).status_code == 403
    assert (
        anonymous.post(url, json={"topics": ["other"]}, headers=_token(anonymous)).status_code
        == 401
    )
    for company_side in ("cora", "kim"):
        client = _as(desk, company_side)
        refused = client.post(url, json={"topics": ["other"]}, headers=_token(client))
        assert refused.status_code == 403, company_side
        assert "only staff and analysts" in refused.json()["error"]
    lena = _as(desk, "lena")
    assert lena.post(url, json={"topics": ["other"]}).status_code == 403
    page_post = lena.post(f"/labels/comment/{desk[1]['c1']}", data={"topics": ["other"]})
    assert page_post.status_code == 403
    unknown = lena.post(url, json={"topics": ["nongaap"]}, headers=_token(lena))
    assert unknown.status_code == 422
    assert "unknown topic code(s) nongaap" in unknown.json()["error"]
    missing = lena.post(
        "/api/comments/999999/labels", json={"topics": ["other"]}, headers=_token(lena)
    )
    assert missing.status_code == 404
    wrong_facet = lena.post(
        f"/api/responses/{desk[1]['r']}/labels", json={"answer": ["nonsense"]}, headers=_token(lena)
    )
    assert wrong_facet.status_code == 422
    api = lena.get(f"/api/letters/{desk[1]['letter']}").json()
    assert [t["code"] for t in api["comments"][0]["labels"]["topics"]] == ["governance_proxy"]


def test_a_correction_survives_reparse_and_can_be_handed_back_to_the_machine(
    desk: tuple[TestClient, dict[str, int]], store: Store
) -> None:
    lena = _as(desk, "lena")
    comment = desk[1]["c2"]
    lena.post(
        f"/api/comments/{comment}/labels", json={"topics": ["exhibits"]}, headers=_token(lena)
    )
    reparse(store, jobs=1)
    api = lena.get(f"/api/letters/{desk[1]['letter']}").json()
    labels = api["comments"][1]["labels"]
    assert api["comments"][1]["id"] == comment
    assert [t["code"] for t in labels["topics"]] == ["exhibits"]
    assert labels["people"]["topic"]["by"] == "lena"
    restored = lena.post(
        f"/api/comments/{comment}/labels", json={"restore": ["topic"]}, headers=_token(lena)
    )
    assert restored.status_code == 200
    assert restored.json()["people"] == {}
    assert [t["code"] for t in restored.json()["topics"]] == restored.json()["machine"].get(
        "topic", []
    )

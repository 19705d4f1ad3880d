"""A company user's start page: signing in lands them on their company's staff letters still
waiting for an answer (due date, business days left, answers drafted so far), each linked to
the answers page, which shows each comment's precedents beside it while they write. Other
roles land on the desk's reviews. (Fictional letters and people, tests/fixtures/letter_answers:
Cora's company has one unanswered letter; Otto's company's letter was answered.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, schema
from reviewdesk.web.app import create_app
from tests.workflow.served import ARGS, CHROMIUM, served
from tests.workflow.support import PASSWORD, People
from tests.workflow.web_support import csrf_of, signed_in

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letter_answers"
OURS = "0000000000-26-910001"
THEIRS = "0000000000-26-910002"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "workflow"


def _ingested(store: Store) -> dict[str, int]:
    summary = ingest_paths(store, [LETTERS], LETTERS / "manifest.csv", jobs=1)
    assert summary.stored == 3, summary.problems
    with store.session() as session:
        rows = session.scalars(select(schema.Letter).where(schema.Letter.accession.is_not(None)))
        return {row.accession: row.id for row in rows if row.accession}


@pytest.fixture
def desk(store: Store, people: People) -> Iterator[tuple[TestClient, dict[str, int]]]:
    """The desk over the people and the fictional letters: (client, letter id by accession)."""
    ids = _ingested(store)
    with TestClient(create_app(store)) as client:
        yield client, ids


def _as(desk: tuple[TestClient, dict[str, int]], who: str | None) -> TestClient:
    client = TestClient(desk[0].app)
    return signed_in(client, who) if who else client


def _sign_in(client: TestClient, username: str, **extra: str) -> str:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, **extra},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response.headers["location"]


def test_signing_in_lands_a_company_user_on_their_letters_to_answer(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    app = desk[0].app
    assert _sign_in(TestClient(app), "cora") == "/desk/letters"
    assert _sign_in(TestClient(app), "rita") == "/desk/reviews"
    assert _sign_in(TestClient(app), "cora", next="/companies") == "/companies"
    login = lxml.html.fromstring(TestClient(app).get("/login").text)
    assert login.xpath("//input[@name='next']/@value") == [""]


def test_letters_to_answer_list_the_companys_open_letters_with_deadlines(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    cora = _as(desk, "cora")
    data = cora.get("/api/desk/letters", params={"today": "2026-03-09"}).json()
    assert data == {
        "today": "2026-03-09",
        "company": "Fictional Widgets (fictional)",
        "letters": [
            {
                "letter_id": letter,
                "accession": OURS,
                "date": "2026-03-02",
                "office": data["letters"][0]["office"],
                "review_id": data["letters"][0]["review_id"],
                "round": data["letters"][0]["round"],
                "due": "2026-03-16",
                "business_days_left": 5,
                "comments": 3,
                "drafted": 0,
                "answers_url": f"/desk/letters/{letter}/answers",
            }
        ],
    }
    token = csrf_of(cora.get(f"/desk/letters/{letter}/answers").text)
    cora.post(
        f"/desk/letters/{letter}/answers",
        data={"number": "2", "text": "We will revise.", "csrf_token": token},
    )
    page = lxml.html.fromstring(cora.get("/desk/letters", params={"today": "2026-03-18"}).text)
    row = page.get_element_by_id(f"to-answer-{letter}")
    cells = [" ".join(td.text_content().split()) for td in row.iter("td")]
    assert cells[0] == "2026-03-16" and cells[1] == "2 business days overdue"
    assert cells[3:5] == ["3", "1 of 3"]
    assert row.find_class("answer-link")[0].get("href") == f"/desk/letters/{letter}/answers"
    assert cora.get("/api/desk/letters", params={"today": "2026-03-01"}).json()["letters"] == []


def test_answered_letters_and_other_roles_have_nothing_to_answer(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    otto = _as(desk, "otto")
    assert otto.get("/api/desk/letters", params={"today": "2026-02-02"}).json()["letters"] == []
    assert "nothing-to-answer" in otto.get("/desk/letters", params={"today": "2026-02-02"}).text
    rita = _as(desk, "rita")
    assert rita.get("/api/desk/letters").json()["letters"] == []
    assert rita.get("/desk/letters").status_code == 404
    assert _as(desk, None).get("/api/desk/letters").status_code == 401


def test_the_answers_page_shows_precedents_beside_each_comment(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    page = lxml.html.fromstring(_as(desk, "cora").get(f"/desk/letters/{letter}/answers").text)
    pair = page.get_element_by_id("answer-1")
    found = pair.find_class("comment")[0].get_element_by_id("precedents-comment-1")
    assert "Fictional Gadgets Corp., 2026-01-12, comment 1" in found.text_content()
    assert pair.find_class("answer")[0].find(".//textarea") is not None


@pytest.mark.browser
@pytest.mark.slow
def test_a_company_user_starts_on_their_letters_and_writes_beside_precedents(
    store: Store, people: People
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    letter = _ingested(store)[OURS]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served(store) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.goto(f"{base}/")
        page.click("header #sign-in-link")
        page.fill("#username", "cora")
        page.fill("#password", PASSWORD)
        page.click("#sign-in")
        page.wait_for_url(f"{base}/desk/letters")
        sync_api.expect(page.locator("h1")).to_contain_text("Letters to answer")
        row = page.locator(f"#to-answer-{letter}")
        sync_api.expect(row.locator("td.due")).to_have_text("2026-03-16")
        sync_api.expect(row.locator("td.days-left")).to_contain_text("business day")
        page.screenshot(path=str(ARTIFACTS / "company-start.png"), full_page=True)
        row.locator("a.answer-link").click()
        page.wait_for_url(f"{base}/desk/letters/{letter}/answers")
        precedents = page.locator("#answer-1 .comment details.precedents")
        precedents.locator("summary").click()
        sync_api.expect(precedents.locator("li.precedent").first).to_contain_text(
            "Fictional Gadgets Corp."
        )
        page.fill("#answer-text-1", "We will present gross margin first.")
        comment = page.locator("#answer-1 .comment").bounding_box()
        answer = page.locator("#answer-1 .answer").bounding_box()
        page.screenshot(path=str(ARTIFACTS / "company-answers-precedents.png"), full_page=False)
        browser.close()
    assert comment and answer
    assert answer["x"] >= comment["x"] + comment["width"] - 1

"""The dashboard keeps desk reviews' deadlines apart from EDGAR's: a letter issued in the desk
waits for its response under 'Desk reviews: responses due' for the people who may see the
review, counted in business days and called overdue once late, while public EDGAR rounds
are never called overdue. (Fictional review and people.)"""

from __future__ import annotations

import lxml.html
from fastapi.testclient import TestClient

from reviewdesk.record import Store
from reviewdesk.web.app import create_app
from reviewdesk.workflow import issue, sign_off, write_comment
from tests.workflow.support import LETTER_DAY, People, get, open_fictional_review
from tests.workflow.web_support import signed_in


def test_desk_letters_waiting_for_a_response_are_listed_apart(store: Store, people: People) -> None:
    review_id = open_fictional_review(store, people)
    with store.write() as session:
        review = get(session, review_id)
        write_comment(session, people.reviewer, review, "Please revise.", "Risk Factors", "2")
        sign_off(session, people.supervisor, review)
        issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
    app = create_app(store)

    def desk_due(who: str | None, today: str) -> list[dict[str, object]]:
        client = signed_in(TestClient(app), who) if who else TestClient(app)
        data = client.get("/api/dashboard", params={"today": today}).json()
        assert "overdue" not in data
        return list(data["desk_due"])

    assert desk_due("rita", "2026-03-09") == [
        {
            "review_id": review_id,
            "company": "Fictional Widgets, Inc.",
            "round": 1,
            "sent": "2026-03-02",
            "due": "2026-03-16",
            "business_days_left": 5,
            "status": "open",
        }
    ]
    assert [d["business_days_left"] for d in desk_due("cora", "2026-03-18")] == [-2]
    assert desk_due("otto", "2026-03-09") == desk_due(None, "2026-03-09") == []
    assert desk_due("rita", "2026-03-01") == []

    rita = signed_in(TestClient(app), "rita")
    page = lxml.html.fromstring(rita.get("/", params={"today": "2026-03-18"}).text)
    row = page.get_element_by_id("desk-due-table").find_class("deadline")[0]
    assert row.find_class("status")[0].text_content() == "2 business days overdue"
    assert row.find(".//a").get("href") == f"/desk/reviews/{review_id}"
    anonymous = lxml.html.fromstring(TestClient(app).get("/").text)
    assert anonymous.find(".//*[@id='desk-due-table']") is None

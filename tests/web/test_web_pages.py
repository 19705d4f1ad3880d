"""The pages people read, over three real review threads: what each shows, its links and
anchors, and the HTML error pages."""

from __future__ import annotations

import lxml.html
import pytest
from fastapi.testclient import TestClient

from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.views.reviews import public_deadline
from reviewdesk.web.deps import KIND_NAMES, plural

pytestmark = pytest.mark.corpus


def tree(client: TestClient, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def nrg_review(client: TestClient) -> int:
    return next(r["id"] for r in client.get("/api/reviews").json() if r["cik"] == "0001013871")


def test_dashboard_shows_open_reviews_and_due_rounds(client: TestClient) -> None:
    page = tree(client, "/?today=2018-05-03")
    assert page.findtext(".//h1").startswith("Dashboard")
    due = page.get_element_by_id("due-soon-table").text_content()
    assert "AbbVie" in due and "2018-05-16" in due
    assert "AbbVie" in page.get_element_by_id("open-reviews-table").text_content()


def test_dashboard_says_no_response_on_record_for_edgar_rounds_past_due(
    client: TestClient,
) -> None:
    """EDGAR publishes a review's answers after the review ends, and some never: a round past
    its due date without an answer on record is not called overdue."""
    page = tree(client, "/?today=2022-10-10")
    headings = [h.text_content() for h in page.iter("h2")]
    assert not any(h.startswith("Overdue") for h in headings)
    rows = page.get_element_by_id("no-response-table").find_class("deadline")
    assert [r.find_class("status")[0].text_content() for r in rows] == ["no response on record"]
    assert "Oneok" in rows[0].text_content()
    assert page.find(".//*[@id='desk-due-table']") is None
    assert public_deadline(DeadlineStatus.overdue) == "no_response"
    assert public_deadline(DeadlineStatus.unanswered) == "unanswered"


def test_company_page_lists_reviews_with_counts(client: TestClient) -> None:
    company = next(c for c in client.get("/api/companies").json() if c["cik"] == "0001013871")
    page = tree(client, f"/companies/{company['id']}")
    item = page.get_element_by_id("company-reviews").text_content()
    assert "2 rounds" in item and "closed" in item
    assert "2016-05-10" in item


def test_review_page_puts_comment_beside_answer(client: TestClient) -> None:
    review_id = nrg_review(client)
    page = tree(client, f"/reviews/{review_id}")
    assert "(comment letter, Office of" in page.text_content()
    assert "(comments," not in page.text_content()
    pairs = page.find_class("pair")
    margin = next(
        p for p in pairs if "economic gross margin" in p.find_class("comment")[0].text_content()
    )
    answer = margin.find_class("answer")[0].text_content()
    assert "In future filings, we will revise our economic gross margin table" in answer
    links = [a.get("href") for a in page.iter("a")]
    staff = client.get(f"/api/reviews/{review_id}").json()["rounds"][0]["staff_letter"]["id"]
    assert f"/letters/{staff}#comment-3" in links
    assert page.find_class("follow-up-of"), "a second-round comment links what it follows up"


def test_letter_page_anchors_every_comment_and_embeds_the_pdf(client: TestClient) -> None:
    staff = client.get(f"/api/reviews/{nrg_review(client)}").json()["rounds"][0]["staff_letter"]
    page = tree(client, f"/letters/{staff['id']}")
    comments = page.find_class("comment")
    assert [c.get("id") for c in comments[:3]] == ["comment-1", "comment-2", "comment-3"]
    (pdf,) = page.iter("object")
    assert pdf.get("data") == f"/api/letters/{staff['id']}/original"
    assert pdf.get("type") == "application/pdf"


def test_search_page_shows_highlights_pager_and_csv_link(client: TestClient) -> None:
    page = tree(client, "/search?q=note&per_page=5&year=&status=&kind=")
    summary = page.get_element_by_id("result-summary").text_content()
    assert "matches" in summary and "page 1 of" in summary
    assert page.find_class("hit")[0].find(".//mark") is not None
    assert page.get_element_by_id("csv-link").get("href").startswith("/search.csv?q=note")
    assert page.find(".//a[@rel='next']") is not None
    csv = client.get(page.get_element_by_id("csv-link").get("href"))
    assert csv.headers["content-type"].startswith("text/csv")


def test_search_page_shows_a_response_hit_its_caption_when_it_has_one(client: TestClient) -> None:
    """NRG's answers 8 (captioned "Note 10 — Asset Impairments"), 9 (no caption) and 11 of
    response letter 0001104659-16-122989, found by words of their texts."""
    page = tree(client, "/search?q=Seward+OR+%22terminal+year+budget%22&scope=responses")
    hits = {
        hit.find_class("hit-link")[0].get("href").rsplit("#", 1)[1]: hit
        for hit in page.find_class("hit")
    }
    assert sorted(hits) == ["response-11", "response-8", "response-9"]
    assert [(e.tag, e.get("class")) for e in hits["response-8"]][:2] == [
        ("p", "where"),
        ("p", "caption"),
    ]
    caption = hits["response-8"].find_class("caption")[0].text_content()
    assert caption == "Note 10 — Asset Impairments"
    assert hits["response-9"].find_class("caption") == []


def test_search_page_offers_the_offices_and_says_when_nothing_matches(client: TestClient) -> None:
    page = tree(client, "/search?q=zzyzxqq")
    offices = [o.text_content() for o in page.get_element_by_id("office").iter("option")]
    assert offices == [
        "any office",
        "Office of Consumer Products",
        "Office of Energy & Transportation",
        "Office of Mergers and Acquisitions",
    ]
    assert page.find_class("hits") == []
    assert page.get_element_by_id("no-hits").text_content() == (
        "No comment or response matches these words and filters."
    )


def test_search_page_without_words_shows_the_form(client: TestClient) -> None:
    page = tree(client, "/search")
    assert page.get_element_by_id("search-form") is not None
    with pytest.raises(KeyError):
        page.get_element_by_id("result-summary")


@pytest.mark.parametrize("url", ["/reviews/999999", "/letters/999999", "/companies/999999"])
def test_unknown_page_is_an_html_404(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "999999" in lxml.html.fromstring(response.text).get_element_by_id("error-message").text


def test_bad_page_filter_is_an_html_422(client: TestClient) -> None:
    response = client.get("/search?q=note&year=soon")
    assert response.status_code == 422
    assert "year" in lxml.html.fromstring(response.text).get_element_by_id("error-message").text


def test_pages_count_in_words_people_read() -> None:
    assert [plural(n, "response") for n in (0, 1, 2)] == [
        "0 responses",
        "1 response",
        "2 responses",
    ]
    assert KIND_NAMES["acceleration_request"] == "acceleration request"


def test_review_json_lists_each_letter_once_with_its_part(client: TestClient) -> None:
    """/api/reviews/182 once listed a letter both in `letters` and in `other_letters`: now
    each letter of a review is listed once, saying which round and part it plays."""
    seen_other = 0
    for summary in client.get("/api/reviews").json():
        review = client.get(f"/api/reviews/{summary['id']}").json()
        assert "other_letters" not in review
        ids = [x["id"] for x in review["letters"]]
        assert len(ids) == len(set(ids)) == summary["letters"]
        played = {
            (x["id"]): (r["number"], part)
            for r in review["rounds"]
            for part in ("staff", "response")
            if (x := r[f"{part}_letter"]) is not None
        }
        for letter in review["letters"]:
            expected = played.get(letter["id"], (None, None))
            assert (letter["round"], letter["part"]) == expected
            seen_other += letter["part"] is None
    assert seen_other == 3


def nrg_answers(client: TestClient) -> int:
    """NRG's first response letter (0001104659-16-122989), which restates the 10-K's captions
    above its answers, all but answer 9's."""
    rounds = client.get(f"/api/reviews/{nrg_review(client)}").json()["rounds"]
    return next(
        r["response_letter"]["id"]
        for r in rounds
        if r["response_letter"]["accession"] == "0001104659-16-122989"
    )


def test_letter_page_shows_each_answer_caption_above_its_text(client: TestClient) -> None:
    page = tree(client, f"/letters/{nrg_answers(client)}")
    answer = page.get_element_by_id("response-8")
    (caption,) = answer.find_class("caption")
    assert caption.text_content() == "Note 10 — Asset Impairments"
    assert [(e.tag, e.get("class")) for e in answer][:3] == [
        ("h3", None),
        ("p", "caption"),
        ("blockquote", "restated"),
    ]
    assert page.get_element_by_id("response-6").find_class("caption")[0].text_content() == (
        "Capital Expenditures"
    )


def test_letter_page_shows_no_caption_for_an_answer_without_one(client: TestClient) -> None:
    page = tree(client, f"/letters/{nrg_answers(client)}")
    answer = page.get_element_by_id("response-9")
    assert [(e.tag, e.get("class")) for e in answer][:3] == [
        ("h3", None),
        ("blockquote", "restated"),
        ("p", "text"),
    ]


def nrg_answered_pairs(client: TestClient) -> dict[int, lxml.html.HtmlElement]:
    """The review page's answer boxes of NRG's first round, by the number of the answer
    (from response letter 0001104659-16-122989)."""
    review_id = nrg_review(client)
    (round_,) = [
        r
        for r in client.get(f"/api/reviews/{review_id}").json()["rounds"]
        if r["response_letter"]["accession"] == "0001104659-16-122989"
    ]
    page = tree(client, f"/reviews/{review_id}")
    pairs = {
        item["answer"]["number"]: page.get_element_by_id(f"c{item['comment']['id']}")
        for item in round_["items"]
        if item["answer"] is not None
    }
    return {number: pair.find_class("answer")[0] for number, pair in pairs.items()}


def test_review_page_shows_each_answer_caption_above_its_text(client: TestClient) -> None:
    answers = nrg_answered_pairs(client)
    assert [(e.tag, e.get("class")) for e in answers[8]][:3] == [
        ("h3", None),
        ("p", "caption"),
        ("p", "text"),
    ]
    assert answers[8].find_class("caption")[0].text_content() == "Note 10 — Asset Impairments"
    assert answers[6].find_class("caption")[0].text_content() == "Capital Expenditures"


def test_review_page_shows_no_caption_for_an_answer_without_one(client: TestClient) -> None:
    answer = nrg_answered_pairs(client)[9]
    assert [(e.tag, e.get("class")) for e in answer][:2] == [("h3", None), ("p", "text")]
    assert answer.find_class("caption") == []


def test_company_letter_page_links_the_staff_letter_it_answers(client: TestClient) -> None:
    review = client.get(f"/api/reviews/{nrg_review(client)}").json()
    for round_ in review["rounds"]:
        staff, answer = round_["staff_letter"], round_["response_letter"]
        data = client.get(f"/api/letters/{answer['id']}").json()
        assert [x["id"] for x in data["answers_letters"]] == [staff["id"]]
        found = tree(client, f"/letters/{answer['id']}").get_element_by_id("answers-letters")
        assert [a.get("href") for a in found.iter("a")] == [f"/letters/{staff['id']}"]
        assert f"the staff comment letter of {staff['date']}" in found.text_content()
    staff_page = tree(client, f"/letters/{review['rounds'][0]['staff_letter']['id']}")
    assert staff_page.find(".//*[@id='answers-letters']") is None


def test_review_page_indexes_its_rounds_and_each_round_folds(client: TestClient) -> None:
    review_id = nrg_review(client)
    review = client.get(f"/api/reviews/{review_id}").json()
    page = tree(client, f"/reviews/{review_id}")
    index = page.get_element_by_id("round-index")
    assert [a.get("href") for a in index.iter("a")] == ["#round-1", "#round-2"]
    lines = [" ".join(li.text_content().split()) for li in index.iter("li")]
    first = review["rounds"][0]
    assert lines[0] == (
        f"Round 1 · {first['staff_letter']['date']} · "
        f"{plural(len(first['items']), 'comment')} · {first['deadline'].replace('_', ' ')}"
    )
    for number in (1, 2):
        body = page.get_element_by_id(f"round-{number}").find("details")
        assert body is not None and body.get("open") is not None
        assert body.find("summary").findtext("h2") == f"Round {number}"

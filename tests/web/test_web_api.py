"""The HTTP API over three real review threads: every endpoint, its JSON, and its errors
(unknown id -> 404 with a JSON error body, bad parameter -> 422)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.corpus


def review_of(client: TestClient, company: str) -> dict[str, Any]:
    reviews = client.get("/api/reviews").json()
    found = [r for r in reviews if (r["company"] or "").startswith(company)]
    assert found, f"no review of {company}: {reviews}"
    return found[0]


NRG_CAPTIONS = {
    2: "Selected Financial Data",
    6: "Capital Expenditures",
    8: "Note 10 — Asset Impairments",
    9: None,
    16: "Revenue Recognition",
}
"""The captions NRG restates above answers of its response letter 0001104659-16-122989, by
answer number (none above answer 9)."""


def test_reviews_list_has_the_three_threads(client: TestClient) -> None:
    reviews = client.get("/api/reviews").json()
    assert {r["cik"] for r in reviews} == {"0001013871", "0001039684", "0001551152"}
    nrg = review_of(client, "NRG")
    assert (nrg["opened"], nrg["status"], nrg["rounds"]) == ("2016-05-10", "closed", 2)


def test_reviews_list_comes_a_page_at_a_time_with_the_total_in_a_header(
    client: TestClient,
) -> None:
    every = client.get("/api/reviews")
    assert every.headers["X-Total-Count"] == "3"
    page = client.get("/api/reviews", params={"limit": 1, "offset": 1})
    assert page.headers["X-Total-Count"] == "3"
    assert page.json() == every.json()[1:2]
    assert client.get("/api/reviews", params={"offset": 3}).json() == []
    assert client.get("/api/reviews", params={"limit": 1001}).status_code == 422
    assert client.get("/api/reviews", params={"offset": -1}).status_code == 422


def test_review_pairs_each_comment_with_the_company_answer(client: TestClient) -> None:
    review = client.get(f"/api/reviews/{review_of(client, 'NRG')['id']}").json()
    assert review["company"] == "NRG Energy"
    first = review["rounds"][0]
    assert first["staff_letter"]["accession"] == "0000000000-16-075770"
    assert first["response_letter"] is not None
    margin = next(i for i in first["items"] if "economic gross margin" in i["comment"]["text"])
    assert margin["comment"]["number"] == 3
    assert margin["answer"]["text"].startswith("In future filings, we will revise our economic")
    follow_ups = [i["comment"]["follow_up_of"] for r in review["rounds"] for i in r["items"]]
    assert any(
        ref is not None and ref["letter_id"] == first["staff_letter"]["id"] for ref in follow_ups
    )


def test_review_deadlines_count_from_the_given_day(client: TestClient) -> None:
    nrg = review_of(client, "NRG")["id"]
    review = client.get(f"/api/reviews/{nrg}", params={"today": "2016-05-11"}).json()
    assert review["rounds"][0]["due"] == "2016-05-24"
    assert {r["deadline"] for r in review["rounds"]} <= {"on_time", "late", "unanswered"}


def test_dashboard_lists_open_reviews_due_and_overdue(client: TestClient) -> None:
    data = client.get("/api/dashboard", params={"today": "2018-05-03"}).json()
    assert data["today"] == "2018-05-03"
    assert data["due_until"] == "2018-05-17"
    assert [r["company"] for r in data["open_reviews"]] == ["AbbVie"]
    assert [d["company"] for d in data["due_soon"]] == ["AbbVie"]
    assert data["due_soon"][0]["due"] == "2018-05-16"
    later = client.get("/api/dashboard", params={"today": "2018-06-01"}).json()
    assert later["due_soon"] == []
    assert "overdue" not in later and later["desk_due"] == []
    waiting = client.get("/api/dashboard", params={"today": "2022-10-10"}).json()["no_response"]
    assert [(d["company"], d["round"], d["due"], d["status"]) for d in waiting] == [
        ("Oneok", 2, "2022-10-06", "no_response")
    ]
    assert data["recent_letters"][0]["date"] >= data["recent_letters"][-1]["date"]


def test_dashboard_as_of_a_past_day_shows_nothing_that_came_later(client: TestClient) -> None:
    data = client.get("/api/dashboard", params={"today": "2016-05-20"}).json()
    assert [r["company"] for r in data["open_reviews"]] == ["NRG Energy"]
    assert [x["accession"] for x in data["recent_letters"]] == ["0000000000-16-075770"]
    before = client.get("/api/dashboard", params={"today": "2016-01-01"}).json()
    assert (before["open_reviews"], before["recent_letters"]) == ([], [])


def test_companies_and_company_reviews_over_time(client: TestClient) -> None:
    companies = client.get("/api/companies").json()
    names = [c["name"] for c in companies]
    assert names == sorted(names, key=str.lower)
    nrg = next(c for c in companies if c["cik"] == "0001013871")
    assert nrg["reviews"] == 1
    company = client.get(f"/api/companies/{nrg['id']}").json()
    assert company["name"].startswith("NRG")
    (review,) = company["reviews"]
    assert (review["rounds"], review["status"]) == (2, "closed")
    assert review["comments"] >= 10


def test_letter_reading_has_anchored_comments(client: TestClient) -> None:
    review = client.get(f"/api/reviews/{review_of(client, 'NRG')['id']}").json()
    letter_id = review["rounds"][0]["staff_letter"]["id"]
    letter = client.get(f"/api/letters/{letter_id}").json()
    assert (letter["role"], letter["kind"], letter["date"]) == ("staff", "comments", "2016-05-10")
    assert letter["comments"][2]["anchor"] == "comment-3"
    assert letter["original"]["media_type"] == "application/pdf"
    assert letter["source"] == "0000000000-16-075770.pdf"


def test_letter_reading_gives_each_answer_its_caption_or_null(client: TestClient) -> None:
    """NRG's first response letter restates the 10-K's captions above every answer but the
    ninth; the caption is `heading`, beside the keys the answer always had."""
    review = client.get(f"/api/reviews/{review_of(client, 'NRG')['id']}").json()
    letter_id = next(
        r["response_letter"]["id"]
        for r in review["rounds"]
        if r["response_letter"]["accession"] == "0001104659-16-122989"
    )
    answers = {r["number"]: r for r in client.get(f"/api/letters/{letter_id}").json()["responses"]}
    assert [answers[n]["heading"] for n in NRG_CAPTIONS] == list(NRG_CAPTIONS.values())
    assert set(answers[9]) == {
        "id",
        "anchor",
        "number",
        "heading",
        "comment_text",
        "response_text",
        "comment_id",
        "labels",
    }


def test_review_gives_each_answer_its_caption_or_null(client: TestClient) -> None:
    """In NRG's review the answers of response letter 0001104659-16-122989 carry the captions
    the company restates (`heading`), null for answer 9, beside the keys they always had."""
    review = client.get(f"/api/reviews/{review_of(client, 'NRG')['id']}").json()
    (round_,) = [
        r for r in review["rounds"] if r["response_letter"]["accession"] == "0001104659-16-122989"
    ]
    answers = {i["answer"]["number"]: i["answer"] for i in round_["items"] if i["answer"]}
    assert [answers[n]["heading"] for n in NRG_CAPTIONS] == list(NRG_CAPTIONS.values())
    assert set(answers[9]) == {"id", "number", "heading", "letter_id", "text", "labels"}


def test_letter_original_is_served_byte_for_byte(client: TestClient) -> None:
    review = client.get(f"/api/reviews/{review_of(client, 'NRG')['id']}").json()
    staff = review["rounds"][0]["staff_letter"]["id"]
    answer = review["rounds"][0]["response_letter"]["id"]
    pdf = client.get(f"/api/letters/{staff}/original")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.content.startswith(b"%PDF")
    html = client.get(f"/api/letters/{answer}/original")
    assert html.headers["content-type"] == "application/octet-stream"
    assert html.headers["content-disposition"].startswith("attachment")
    assert html.headers["x-content-type-options"] == "nosniff"


def test_search_finds_a_phrase_with_highlighted_snippet(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": '"economic gross margin"'}).json()
    assert data["total"] >= 2
    kinds = {h["kind"] for h in data["hits"]}
    assert kinds == {"comment", "response"}
    assert all(h["company"] == "NRG Energy, Inc." for h in data["hits"])
    assert "<mark>economic gross margin</mark>" in data["hits"][0]["snippet_html"]


def test_search_filters_and_paging(client: TestClient) -> None:
    params: dict[str, Any] = {"q": "note", "per_page": 100}
    everything = client.get("/api/search", params=params).json()
    assert {h["letter_date"][:4] for h in everything["hits"]} == {"2016", "2018", "2022"}
    only_2022 = client.get("/api/search", params={**params, "year": 2022}).json()
    assert 0 < only_2022["total"] < everything["total"]
    assert {h["letter_date"][:4] for h in only_2022["hits"]} == {"2022"}
    comments = client.get("/api/search", params={**params, "scope": "comments"}).json()
    assert {h["kind"] for h in comments["hits"]} == {"comment"}
    by_cik = client.get("/api/search", params={**params, "cik": "1013871"}).json()
    assert {h["company"] for h in by_cik["hits"]} == {"NRG Energy, Inc."}
    by_company = client.get(
        "/api/search", params={**params, "company_id": by_cik["hits"][0]["company_id"]}
    ).json()
    assert by_company["total"] == by_cik["total"]
    still_open = client.get("/api/search", params={**params, "status": "open"}).json()
    assert {h["company"] for h in still_open["hits"]} == {"AbbVie Inc."}
    tender = client.get("/api/search", params={**params, "form": "sc to-i"}).json()
    assert tender["total"] > 0
    assert all(h["forms"] == ["SC TO-I"] for h in tender["hits"])
    staff = client.get("/api/search", params={**params, "kind": "comments"}).json()
    assert {h["letter_kind"] for h in staff["hits"]} == {"comments"}
    office = staff["hits"][0]["office"]
    by_office = client.get("/api/search", params={**params, "office": office}).json()
    assert {h["office"] for h in by_office["hits"]} == {office}
    part = office.split()[-1].lower()
    by_part = client.get("/api/search", params={**params, "office": part}).json()
    assert [h["id"] for h in by_part["hits"]] == [h["id"] for h in by_office["hits"]]
    assert client.get("/api/search", params={**params, "office": "100%_"}).json()["hits"] == []
    assert {h["kind"] for h in by_office["hits"]} == {"comment"}
    responses = client.get(
        "/api/search", params={**params, "office": office, "scope": "responses"}
    ).json()
    assert responses["total"] == 0
    page1 = client.get("/api/search", params={"q": "note", "per_page": 2}).json()
    page2 = client.get("/api/search", params={"q": "note", "per_page": 2, "page": 2}).json()
    assert [h["id"] for h in page1["hits"] + page2["hits"]] == [
        h["id"] for h in everything["hits"][:4]
    ]
    assert page1["pages"] == -(-everything["total"] // 2)


ANSWERS_6_8_9 = '"net of financings" OR Seward OR "terminal year budget"'
"""Words found, among responses, only in NRG's answers 6, 8, 9 and 11 of response letter
0001104659-16-122989 (answer 9 restates no caption)."""


def test_search_gives_a_response_hit_its_caption_or_null(client: TestClient) -> None:
    params = {"q": ANSWERS_6_8_9, "scope": "responses"}
    hits = client.get("/api/search", params=params).json()["hits"]
    assert sorted((h["accession"], h["number"], h["heading"]) for h in hits) == [
        ("0001104659-16-122989", 6, "Capital Expenditures"),
        ("0001104659-16-122989", 8, "Note 10 — Asset Impairments"),
        ("0001104659-16-122989", 9, None),
        ("0001104659-16-122989", 11, "Note 12 — Debt and Capital Leases"),
    ]


def test_search_csv_gives_a_response_its_caption_or_an_empty_cell(client: TestClient) -> None:
    text = client.get("/api/search.csv", params={"q": ANSWERS_6_8_9, "scope": "responses"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted((r["kind"], int(r["number"]), r["heading"]) for r in rows) == [
        ("response", 6, "Capital Expenditures"),
        ("response", 8, "Note 10 — Asset Impairments"),
        ("response", 9, ""),
        ("response", 11, "Note 12 — Debt and Capital Leases"),
    ]


def test_search_csv_has_every_hit_with_full_text(client: TestClient) -> None:
    response = client.get("/api/search.csv", params={"q": '"economic gross margin"'})
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0].startswith("kind,id,score,company,cik,accession")
    total = client.get("/api/search", params={"q": '"economic gross margin"'}).json()["total"]
    import csv

    rows = list(csv.DictReader(response.text.splitlines()))
    assert len(rows) == total
    assert all("economic gross margin" in r["text"].lower() for r in rows)


@pytest.mark.parametrize(
    "url",
    [
        "/api/reviews/999999",
        "/api/letters/999999",
        "/api/companies/999999",
        "/api/letters/999999/original",
    ],
)
def test_unknown_id_is_a_json_404(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert "999999" in body["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "revenue", "year": "last"},
        {"q": "revenue", "year": 1700},
        {"q": "revenue", "status": "pending"},
        {"q": "revenue", "kind": "memo"},
        {"q": "revenue", "cik": "ABC"},
        {"q": "revenue", "page": 0},
        {"q": "revenue", "per_page": 1000},
        {"q": "revenue", "scope": "everything"},
        {"q": ""},
        {"q": '"" -- ::'},
        {},
    ],
)
def test_bad_search_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and body["error"]
    assert isinstance(body["detail"], list)


@pytest.mark.parametrize(
    "url",
    [
        "/api/reviews/abc",
        "/api/letters/0",
        "/api/dashboard?today=yesterday",
        "/api/dashboard?today=0",
        "/api/reviews/1?today=2021-02-30",
    ],
)
def test_bad_path_or_date_is_422(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 422


def test_openapi_schema_lists_every_api_path(client: TestClient) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert paths >= {
        "/api/dashboard",
        "/api/companies",
        "/api/companies/{company_id}",
        "/api/reviews",
        "/api/reviews/{review_id}",
        "/api/letters/{letter_id}",
        "/api/letters/{letter_id}/original",
        "/api/search",
        "/api/search.csv",
    }

"""The companies list: read as people sort names (case does not put 'eBay' after 'Zimmer'),
a page at a time with the total in a header, and found by name or CIK; on the page, a pager
that keeps the words asked for. The corpus tests run over the three real review threads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select, text, update

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store, schema
from reviewdesk.views.companies import company, company_lines
from reviewdesk.web import create_app
from tests.conftest import MANIFEST

EVERY_COMPANY = [
    ("AbbVie", "0001551152", 1, 2, "2018-05-10"),
    ("NRG Energy", "0001013871", 1, 6, "2017-03-17"),
    ("Oneok", "0001039684", 1, 6, "2022-11-01"),
]
"""The companies of the three threads by name: name, CIK, reviews, letters, latest letter."""


def lines(client: TestClient, **params: str | int) -> tuple[str, list[tuple[object, ...]]]:
    """The X-Total-Count header and the companies /api/companies gives for `params`."""
    response = client.get("/api/companies", params=params)
    assert response.status_code == 200, response.text
    found = [
        (c["name"], c["cik"], c["reviews"], c["letters"], c["latest_letter"])
        for c in response.json()
    ]
    return response.headers["X-Total-Count"], found


def test_companies_sort_without_regard_to_case(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.write() as session:
        for cik, name in (
            ("0000000001", "Zimmer Biomet"),
            ("0000000002", "eBay Inc."),
            ("0000000003", "AbbVie"),
        ):
            session.add(schema.Company(cik=cik, name=name))
    with store.session() as session:
        names = [c.name for c in company_lines(session).lines]
        second = company_lines(session, limit=1, offset=1)
    store.close()
    assert names == ["AbbVie", "eBay Inc.", "Zimmer Biomet"]
    assert (second.total, [c.name for c in second.lines]) == (3, ["eBay Inc."])


@pytest.mark.corpus
def test_companies_come_a_page_at_a_time_with_the_total_in_a_header(
    client: TestClient,
) -> None:
    assert lines(client) == ("3", EVERY_COMPANY)
    assert lines(client, limit=1, offset=1) == ("3", EVERY_COMPANY[1:2])
    assert lines(client, limit=2) == ("3", EVERY_COMPANY[:2])
    assert lines(client, offset=2) == ("3", EVERY_COMPANY[2:])
    assert lines(client, offset=3) == ("3", [])


@pytest.mark.corpus
def test_companies_are_found_by_words_of_their_name_in_any_case(client: TestClient) -> None:
    assert lines(client, q="nrg") == ("1", [EVERY_COMPANY[1]])
    assert lines(client, q=" ONEOK ") == ("1", [EVERY_COMPANY[2]])
    assert lines(client, q="e") == ("3", EVERY_COMPANY)
    assert lines(client, q="e", limit=1, offset=2) == ("3", [EVERY_COMPANY[2]])
    assert lines(client, q="Exxon") == ("0", [])
    assert lines(client, q="%") == ("0", [])


@pytest.mark.corpus
def test_companies_are_found_by_cik_with_or_without_its_leading_zeros(
    client: TestClient,
) -> None:
    assert lines(client, q="1013871") == ("1", [EVERY_COMPANY[1]])
    assert lines(client, q="0001013871") == ("1", [EVERY_COMPANY[1]])
    assert lines(client, q="001551152") == ("1", [EVERY_COMPANY[0]])
    assert lines(client, q="101387") == ("0", [])


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": 0}, "limit: Input should be greater than or equal to 1"),
        ({"limit": 1001}, "limit: Input should be less than or equal to 1000"),
        ({"offset": -1}, "offset: Input should be greater than or equal to 0"),
    ],
)
def test_companies_page_out_of_bounds_is_422_naming_the_parameter(
    client: TestClient, params: dict[str, int], message: str
) -> None:
    response = client.get("/api/companies", params=params)
    assert response.status_code == 422
    assert (response.json()["status"], response.json()["error"]) == (422, message)
    page = client.get("/companies", params=params)
    assert page.status_code == 422
    shown = lxml.html.fromstring(page.text).get_element_by_id("error-message").text_content()
    assert shown == message


def page_of(client: TestClient, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return lxml.html.fromstring(response.text)


def pager(page: lxml.html.HtmlElement) -> dict[str, str]:
    """The pager's links by rel (prev, next)."""
    return {a.get("rel"): a.get("href") for a in page.find_class("pager")[0].iter("a")}


def names(page: lxml.html.HtmlElement) -> list[str]:
    rows = page.get_element_by_id("companies-table").find("tbody").iter("tr")
    return [row.find("td").text_content() for row in rows]


@pytest.mark.corpus
def test_companies_page_shows_the_total_and_links_to_the_next_page(client: TestClient) -> None:
    page = page_of(client, "/companies?limit=1")
    assert page.get_element_by_id("companies-total").text_content() == "(3 companies)"
    assert page.get_element_by_id("companies-summary").text_content() == "1–1 of 3"
    assert names(page) == ["AbbVie"]
    assert pager(page) == {"next": "/companies?limit=1&offset=1"}
    whole = page_of(client, "/companies")
    assert names(whole) == ["AbbVie", "NRG Energy", "Oneok"]
    assert whole.get_element_by_id("companies-summary").text_content() == "1–3 of 3"
    assert pager(whole) == {}


@pytest.mark.corpus
def test_companies_page_pager_keeps_the_words_asked_for(client: TestClient) -> None:
    page = page_of(client, "/companies?q=e&limit=1&offset=1")
    assert page.get_element_by_id("company-q").get("value") == "e"
    assert names(page) == ["NRG Energy"]
    assert page.get_element_by_id("companies-summary").text_content() == (
        "2–2 of 3 whose name or CIK matches “e”"
    )
    assert pager(page) == {
        "prev": "/companies?q=e&limit=1",
        "next": "/companies?q=e&limit=1&offset=2",
    }
    last = page_of(client, pager(page)["next"])
    assert (names(last), pager(last)) == (["Oneok"], {"prev": "/companies?q=e&limit=1&offset=1"})


@pytest.mark.corpus
def test_companies_page_finds_a_company_by_cik_or_says_none_matches(client: TestClient) -> None:
    page = page_of(client, "/companies?q=1013871")
    assert page.get_element_by_id("companies-total").text_content() == "(1 company)"
    assert names(page) == ["NRG Energy"]
    none = page_of(client, "/companies?q=Exxon")
    assert none.get_element_by_id("no-companies").text_content() == (
        "No company's name or CIK matches “Exxon”."
    )
    assert none.get_element_by_id("companies-total").text_content() == "(0 companies)"
    past = page_of(client, "/companies?limit=2&offset=5")
    assert past.get_element_by_id("no-companies").text_content() == (
        "No companies past the first 3."
    )
    assert pager(past) == {"prev": "/companies?limit=2&offset=1"}


@pytest.mark.corpus
def test_company_counts_the_comments_and_answers_of_its_letters_in_no_review(
    tmp_path: Path, corpus_doc: Callable[[str], Path]
) -> None:
    """A letter the threading left out of every review is listed with its counts, read by
    two queries whatever the number of such letters (not two per letter)."""
    store = open_store(str(tmp_path / "record.sqlite"))
    staff, answer = "0000000000-16-075770", "0001104659-16-122989"
    summary = ingest_paths(store, [corpus_doc(staff), corpus_doc(answer)], MANIFEST, jobs=1)
    assert summary.failed == 0, summary.problems
    with store.write() as session:
        session.execute(update(schema.Letter).values(review_id=None, round_id=None))
    statements: list[str] = []
    with store.session() as session:
        company_id = session.scalars(select(schema.Company.id)).one()
        event.listen(
            session.get_bind(), "before_cursor_execute", lambda *args: statements.append(args[2])
        )
        found = company(session, company_id)
    store.close()
    assert found is not None
    shown = [(x.accession, x.comments, x.responses) for x in found.unthreaded_letters]
    assert shown == [(staff, 18, 0), (answer, 0, 17)]
    assert len([s for s in statements if "FROM comments" in s]) == 1
    assert len([s for s in statements if "FROM responses" in s]) == 1


@pytest.mark.corpus
def test_companies_answer_alike_on_postgresql_by_its_name_indexes(
    pg_store: Store, client: TestClient
) -> None:
    """PostgreSQL reads the companies' order and name parts from migration 0024's indexes
    (a trigram index for the parts) and gives the SQLite record's answers."""
    on_postgres = TestClient(create_app(pg_store))
    for params in (
        {},
        {"limit": 1, "offset": 1},
        {"q": "e", "limit": 1, "offset": 2},
        {"q": "nrg"},
        {"q": "0001013871"},
        {"q": "Exxon", "offset": 5},
        {"q": "_"},
    ):
        assert lines(on_postgres, **params) == lines(client, **params), params
    with pg_store.session() as session:
        indexes = session.scalars(
            text(
                "SELECT indexname FROM pg_indexes "
                "WHERE tablename = 'companies' AND schemaname = current_schema()"
            )
        ).all()
    assert {"ix_companies_name_order", "ix_companies_name_trigrams"} <= set(indexes)

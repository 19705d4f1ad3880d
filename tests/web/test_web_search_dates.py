"""Search by date: a from/to range of the letter's date and hits newest or oldest first
besides best match first, the same on SQLite and PostgreSQL, in the page, its JSON twin and
`reviewdesk search`. Over three real review threads (NRG 2016, ONEOK 2022, AbbVie 2018)."""

from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import Store
from reviewdesk.services.search import SearchError, SearchFilters, SearchQuery, Sort, search

pytestmark = pytest.mark.corpus
WORDS = '"future filings"'


def hits(store: Store, query: SearchQuery) -> list[tuple[str, int, dt.date | None]]:
    with store.session() as session:
        return [(h.kind, h.id, h.letter_date) for h in search(session, query).hits]


def check_dates_and_order(store: Store) -> None:
    every = hits(store, SearchQuery(WORDS, per_page=100))
    assert len(every) == 11
    newest = hits(store, SearchQuery(WORDS, per_page=100, sort=Sort.newest))
    oldest = hits(store, SearchQuery(WORDS, per_page=100, sort=Sort.oldest))
    assert sorted(newest) == sorted(oldest) == sorted(every)
    days = [d for _, _, d in every if d is not None]
    assert [d for _, _, d in newest] == sorted(days, reverse=True)
    assert [d for _, _, d in oldest] == sorted(days)
    assert (newest[0][2], oldest[0][2]) == (dt.date(2022, 10, 21), dt.date(2016, 5, 24))
    paged = [
        item
        for page in (1, 2, 3)
        for item in hits(store, SearchQuery(WORDS, page=page, per_page=5, sort=Sort.oldest))
    ]
    assert paged == oldest

    summer = SearchFilters(date_from=dt.date(2016, 6, 1), date_to=dt.date(2016, 12, 31))
    ranged = hits(store, SearchQuery(WORDS, summer, per_page=100, sort=Sort.newest))
    assert ranged == [x for x in newest if dt.date(2016, 6, 1) <= x[2] <= dt.date(2016, 12, 31)]
    assert {d for _, _, d in ranged} == {dt.date(2016, 6, 22), dt.date(2016, 7, 7)}
    one_day = SearchFilters(date_from=dt.date(2016, 5, 24), date_to=dt.date(2016, 5, 24))
    assert {d for _, _, d in hits(store, SearchQuery(WORDS, one_day))} == {dt.date(2016, 5, 24)}

    topic = SearchFilters(topic="non_gaap", date_to=dt.date(2016, 5, 31))
    listed = hits(store, SearchQuery("", topic, per_page=100, sort=Sort.oldest))
    assert [(k, d) for k, _, d in listed] == [
        ("comment", dt.date(2016, 5, 10)),
        ("comment", dt.date(2016, 5, 10)),
        ("response", dt.date(2016, 5, 24)),
        ("response", dt.date(2016, 5, 24)),
    ]


def test_date_range_and_date_order_on_sqlite(corpus_store: Store) -> None:
    check_dates_and_order(corpus_store)


def test_date_range_and_date_order_on_postgresql(pg_store: Store) -> None:
    check_dates_and_order(pg_store)


def test_an_empty_date_range_is_refused() -> None:
    with pytest.raises(SearchError, match="from 2020-02-01 to 2020-01-01 is empty"):
        SearchFilters(date_from=dt.date(2020, 2, 1), date_to=dt.date(2020, 1, 1))


def test_json_twin_and_page_take_the_range_and_the_order(client: TestClient) -> None:
    params = {"q": WORDS, "from": "2016-06-01", "to": "2016-12-31", "sort": "oldest"}
    data = client.get("/api/search", params={**params, "per_page": 100}).json()
    assert data["sort"] == "oldest"
    dates = [h["letter_date"] for h in data["hits"]]
    assert dates == sorted(dates) and dates[0] == "2016-06-22" and dates[-1] == "2016-07-07"
    assert {h["score"] for h in data["hits"]} == {0.0}
    refused = client.get("/api/search", params={**params, "from": "2017-01-01"})
    assert refused.status_code == 422
    assert "is empty" in refused.json()["error"]
    page = lxml.html.fromstring(client.get("/search", params=params).text)
    assert page.get_element_by_id("date-from").get("value") == "2016-06-01"
    assert page.get_element_by_id("date-to").get("value") == "2016-12-31"
    assert page.xpath("//select[@id='sort']/option[@selected]/@value") == ["oldest"]
    shown = [li.find_class("where")[0].text_content() for li in page.find_class("hit")]
    assert "2016-06-22" in shown[0] and "2016-07-07" in shown[-1]
    csv_link = page.get_element_by_id("csv-link").get("href")
    assert "sort=oldest" in csv_link and "from=2016-06-01" in csv_link


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_reviewdesk_search_takes_the_range_and_the_order(
    backend: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue("corpus_store" if backend == "sqlite" else "pg_store")
    _register()
    db = store.engine.url.render_as_string(hide_password=False)
    args = ["search", WORDS, "--db", db, "--from", "2016-06-01", "--to", "2016-12-31"]
    result = CliRunner().invoke(app, [*args, "--sort", "newest", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    dates = [r["letter_date"] for r in rows]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2016-07-07"
    assert {r["company"] for r in rows} == {"NRG Energy, Inc."}
    bad = CliRunner().invoke(app, [*args[:4], "--from", "2017-01-01", "--to", "2016-12-31"])
    assert bad.exit_code == 2 and "is empty" in bad.output

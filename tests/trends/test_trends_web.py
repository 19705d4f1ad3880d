"""The trends page, its JSON twins and CSV downloads over the fictional record; a staff office
named with markup is shown as text in the table and in the chart."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from reviewdesk.record import open_store, schema
from reviewdesk.record.trend_upkeep import refresh_trend_facts
from reviewdesk.web import create_app
from tests.trends import fictional_record

HOSTILE = 'Office of <script>alert("x")</script> & Co'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The desk over the fictional record, Beta's letters naming a hostile office."""
    store = open_store(str(Path(tmp_path_factory.mktemp("trends-web")) / "trends.sqlite"))
    companies = fictional_record.build(store)
    with store.write() as session:
        session.execute(
            update(schema.Letter)
            .where(schema.Letter.company_id == companies["beta"], schema.Letter.role == "staff")
            .values(office=HOSTILE)
        )
        refresh_trend_facts(session, {companies["beta"]})  # the letters changed under ingest
    yield TestClient(create_app(store))
    store.close()


def test_navigation_links_the_trends_page(client: TestClient) -> None:
    assert '<a href="/trends">Trends</a>' in client.get("/").text


def test_page_draws_each_table_as_a_chart_with_bars_linking_to_their_search(
    client: TestClient,
) -> None:
    html = client.get("/trends").text
    assert html.count('<figure class="chart"') == 3
    assert 'xlink:href="http://testserver/search?year=2021"' in html
    assert 'xlink:href="http://testserver/search?form=10-K"' in html
    assert html.count('class="csv-link"') == 3
    assert "<script>" not in html
    assert "Office of &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


def test_filters_reach_the_view_and_its_links(client: TestClient) -> None:
    html = client.get("/trends?period=review&from=2022&to=2022&form=10-K").text
    assert "review year = the SEC&#39;s fiscal year" in html
    assert (
        'href="/trends/reviews/by_year.csv?period=review&amp;from=2022&amp;to=2022&amp;form=10-K"'
        in html
    )


def test_json_twin_gives_the_same_rows(client: TestClient) -> None:
    data = client.get("/api/trends/reviews", params={"company_id": 1}).json()
    assert data["view"] == "reviews"
    years = data["tables"][0]["rows"]
    assert [(r["year"], r["reviews"], r["letters per review"]) for r in years] == [(2021, 2, 1.5)]
    assert client.get("/api/trends").json()["views"] == [
        "reviews",
        "topics",
        "asks",
        "follow_ups",
        "profile",
    ]


def test_every_view_has_its_page_with_a_chart_per_charted_table(client: TestClient) -> None:
    for view, charts in (("topics", 2), ("asks", 2), ("follow_ups", 2)):
        html = client.get(f"/trends?view={view}").text
        assert html.count('<figure class="chart"') == charts, view
    topics = client.get("/trends?view=topics").text
    assert 'xlink:href="http://testserver/search?topic=non_gaap"' in topics
    profile = client.get("/trends?view=profile&company_id=1").text
    assert "Profile of Fictional Alpha Corp" in profile
    assert 'id="needs-company"' in client.get("/trends?view=profile").text
    missing = client.get("/api/trends/profile")
    assert missing.status_code == 422
    assert "the profile view needs a company" in missing.json()["error"]


def test_company_page_links_its_profile(client: TestClient) -> None:
    assert 'href="/trends?view=profile&amp;company_id=1"' in client.get("/companies/1").text


def test_csv_download_of_one_table(client: TestClient) -> None:
    response = client.get("/api/trends/reviews/by_office.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["office", "reviews", "completed"]
    assert [r[:3] for r in rows[1:]] == [[HOSTILE, "2", "1"], ["Office of Finance", "2", "2"]]


def test_chart_file_is_svg(client: TestClient) -> None:
    response = client.get("/trends/reviews/by_year.svg")
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.text.startswith("<svg")


def test_published_page_and_api(client: TestClient) -> None:
    html = client.get("/trends?view=published").text
    assert "<td>comment letters per review</td><td>2.0</td><td>3</td><td>about 1.4</td>" in html
    figures = client.get("/api/trends/published").json()
    assert figures[0]["ours"] == 2.0


def test_unknown_view_or_table_is_404_and_bad_filters_422(client: TestClient) -> None:
    assert client.get("/api/trends/nope").status_code == 404
    missing = client.get("/api/trends/reviews/nope.csv")
    assert missing.status_code == 404
    assert "it has by_year, by_form, by_office" in missing.json()["error"]
    assert client.get("/trends?view=nope").status_code == 404
    assert client.get("/api/trends/reviews?period=fiscal").status_code == 422
    assert client.get("/api/trends/reviews?from=1800").status_code == 422


def test_industry_cuts_the_json_twin_the_page_and_the_search_links(client: TestClient) -> None:
    data = client.get("/api/trends/reviews", params={"industry": "7372"}).json()
    years = data["tables"][0]["rows"]
    assert [(r["year"], r["reviews"], r["letters per review"]) for r in years] == [(2022, 2, 3.0)]
    html = client.get("/trends", params={"view": "reviews", "industry": "7372"}).text
    assert 'name="industry" value="7372"' in html
    assert 'xlink:href="http://testserver/search?industry=7372&amp;year=2022"' in html

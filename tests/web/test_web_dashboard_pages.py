"""The dashboard's long lists come a page at a time, each with the count of its whole list, on
a record built by the scale builder from real letters (200 letters, 57 reviews open on
2025-04-01): following a list's next links walks the whole list once, in order, and leaves
the other lists where they were."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from reviewdesk.record import open_store
from reviewdesk.web.app import create_app
from tests.record.test_record_scale_builder import (  # noqa: F401 (fixtures)
    LETTERS,
    scale,
    seed_path,
)

DAY = "2025-04-01"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def client(
    scale: ModuleType,  # noqa: F811
    seed_path: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("scale") / "scale.sqlite"
    scale.build_sqlite(scale.load_seed(seed_path), LETTERS, path)
    store = open_store(str(path))
    yield TestClient(create_app(store))
    store.close()


def _dashboard(client: TestClient, **params: Any) -> dict[str, Any]:
    answer = client.get("/api/dashboard", params={"today": DAY, **params})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_each_list_is_a_page_with_the_count_of_the_whole_list(client: TestClient) -> None:
    whole = _dashboard(client, limit=500)
    assert (whole["open_reviews_total"], len(whole["open_reviews"])) == (57, 57)
    assert (whole["no_response_total"], len(whole["no_response"])) == (56, 56)
    assert (whole["due_soon_total"], len(whole["due_soon"])) == (1, 1)
    first = _dashboard(client)
    assert first["pages"] == {"limit": 50, "open_reviews": 0, "due_soon": 0, "no_response": 0}
    assert first["open_reviews"] == whole["open_reviews"][:50]
    assert first["no_response"] == whole["no_response"][:50]
    dues = [d["due"] for d in whole["no_response"]]
    assert dues == sorted(dues, reverse=True)
    opened = [r["opened"] for r in whole["open_reviews"]]
    assert opened == sorted(opened, reverse=True)
    later = _dashboard(client, limit=20, open_reviews_offset=40, no_response_offset=20)
    assert later["open_reviews"] == whole["open_reviews"][40:]
    assert later["no_response"] == whole["no_response"][20:40]
    assert later["due_soon"] == whole["due_soon"]
    assert later["open_reviews_total"] == 57


def _next_link(page: lxml.html.HtmlElement, section: str) -> str | None:
    links = page.xpath(f"//nav[@id='{section}-pager']/a[@rel='next']/@href")
    return str(links[0]) if links else None


def test_next_links_walk_one_list_and_keep_the_others(client: TestClient) -> None:
    whole = _dashboard(client, limit=500)
    url: str | None = f"/?today={DAY}&limit=20&no_response_offset=20"
    held = [f"/reviews/{d['review_id']}" for d in whole["no_response"][20:40]]
    seen: list[str] = []
    spans: list[str] = []
    while url is not None:
        page = lxml.html.fromstring(client.get(url).text)
        spans.append(page.xpath("string(//nav[@id='open_reviews-pager']/span)"))
        seen += page.get_element_by_id("open-reviews-table").xpath(".//a/@href")
        waiting = page.get_element_by_id("no-response-table").xpath(".//a/@href")
        assert [str(h) for h in waiting if h.startswith("/reviews/")] == held
        url = _next_link(page, "open_reviews")
        assert url is None or re.search(r"no_response_offset=20\b", url)
    assert spans == ["1–20 of 57", "21–40 of 57", "41–57 of 57"]
    assert seen == [f"/reviews/{r['id']}" for r in whole["open_reviews"]]
    heading = page.xpath("string(//h2[@id='open-reviews'])")
    assert heading == "Open reviews (57)"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"due_soon_offset": -1}, "due_soon")],
)
def test_pages_out_of_bounds_are_refused_with_the_parameter_named(
    client: TestClient, params: dict[str, int], field: str
) -> None:
    answer = client.get("/api/dashboard", params={"today": DAY, **params})
    assert answer.status_code == 422
    assert field in answer.text

"""/api/docs: the API's documentation (Swagger UI) served wholly by the desk, with no CDN,
linked from every page's footer; in Chromium it lists the endpoints from /api/openapi.json
without a request elsewhere and without breaking the content security policy."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
from fastapi.testclient import TestClient

from reviewdesk.record import Store
from reviewdesk.web import create_app
from tests.web.served import served
from tests.web.test_web_browser import ARGS, ARTIFACTS, CHROMIUM


def test_api_docs_page_loads_only_the_desks_own_files(fictional_client: TestClient) -> None:
    response = fictional_client.get("/api/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = lxml.html.fromstring(response.text)
    loaded = page.xpath("//script/@src | //link[@rel='stylesheet']/@href")
    assert loaded == [
        "/api/docs/assets/swagger-ui.css",
        "/static/desk.css",
        "/api/docs/assets/swagger-ui-bundle.js",
        "/static/api-docs.js",
    ]
    assert page.xpath("//script[not(@src)]") == []
    assert page.get_element_by_id("swagger-ui").get("data-spec") == "/api/openapi.json"
    for url in loaded:
        asset = fictional_client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 500, url
    assert "SwaggerUIBundle" in fictional_client.get("/api/docs/assets/swagger-ui-bundle.js").text
    assert "/api/docs" not in fictional_client.get("/api/openapi.json").json()["paths"]


def test_every_page_links_the_api_docs_in_its_footer(fictional_client: TestClient) -> None:
    for url in ("/", "/companies", "/search?q=revenue"):
        footer = lxml.html.fromstring(fictional_client.get(url).text).find(".//footer")
        assert footer is not None
        assert [a.get("href") for a in footer.iter("a")] == ["/api/docs"], url


@pytest.fixture(scope="module")
def desk_url(fictional_store: Store) -> Iterator[str]:
    with served(create_app(fictional_store)) as url:
        yield url


@pytest.mark.browser
@pytest.mark.slow
def test_api_docs_in_chromium_list_the_endpoints_offline(desk_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent")
    elsewhere: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith((desk_url, "data:")) else elsewhere.append(r.url),
        )
        page.on(
            "console",
            lambda m: problems.append(m.text) if m.type == "error" else None,
        )
        page.goto(f"{desk_url}/")
        page.click("#api-docs-link")
        page.wait_for_url(f"{desk_url}/api/docs")
        reviews = page.locator(".opblock-summary-path[data-path='/api/reviews/{review_id}']")
        sync_api.expect(reviews).to_have_count(1)
        reviews.click()
        sync_api.expect(page.locator(".opblock.is-open .parameters")).to_contain_text("review_id")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
        browser.close()
    assert elsewhere == []
    assert [p for p in problems if "Content Security Policy" in p] == []

"""A long review in headless Chromium at phone width (390 px): the round index at the top
leads to each round, a round folds away and opens again, and nothing is wider than the
screen. Over the real NRG 2016 review (two rounds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from reviewdesk.record import Store
from reviewdesk.web import create_app
from tests.web.served import served
from tests.web.test_web_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def nrg(corpus_store: Store) -> Iterator[tuple[str, int]]:
    """(base URL, the NRG review's id) with the desk served by uvicorn."""
    app = create_app(corpus_store)
    reviews = TestClient(app).get("/api/reviews").json()
    review_id = next(r["id"] for r in reviews if r["cik"] == "0001013871")
    with served(app) as url:
        yield url, review_id


def test_round_index_and_folding_rounds_at_phone_width(nrg: tuple[str, int]) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent")
    base, review_id = nrg
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(f"{base}/reviews/{review_id}")
        index = page.locator("#round-index")
        sync_api.expect(index.locator("a")).to_have_text(["Round 1", "Round 2"])
        index_box = index.bounding_box()
        first_round = page.locator("#round-1").bounding_box()
        second = page.locator("#round-2 details")
        first_pair = page.locator("#round-2 div.pair").first
        sync_api.expect(first_pair).to_be_visible()

        index.locator("a[href='#round-2']").click()
        page.wait_for_url("**#round-2")
        scrolled = page.evaluate("window.scrollY")

        page.locator("#round-2 summary").click()
        sync_api.expect(first_pair).to_be_hidden()
        assert second.get_attribute("open") is None
        page.locator("#round-2 summary").click()
        sync_api.expect(first_pair).to_be_visible()

        pair_box = first_pair.bounding_box()
        comment = first_pair.locator(".comment").bounding_box()
        answer = first_pair.locator("div.answer").bounding_box()
        width = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-review-rounds.png"), full_page=False)
        browser.close()
    assert index_box and first_round and pair_box and comment and answer
    assert index_box["y"] < first_round["y"]
    assert scrolled > 0
    assert answer["y"] >= comment["y"] + comment["height"]
    assert answer["x"] + answer["width"] <= PHONE["width"]
    assert width <= PHONE["width"]

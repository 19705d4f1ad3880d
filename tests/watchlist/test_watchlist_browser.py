"""In headless Chromium (Debian's /usr/bin/chromium driven by Playwright): Ana, an analyst,
signs in, searches "non-GAAP", saves the search, finds it on her watchlist with its Atom feed
link, and the feed (fetched without her session, as a reader would) lists the matches. The
desk is served by uvicorn on a free local port over NRG's 2016 review. A screenshot goes to
test-artifacts/watchlist/. (Fictional person; real letters.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from reviewdesk.accounts import add_user
from reviewdesk.record import Store, open_store
from reviewdesk.web import create_app
from tests.watchlist.conftest import ROUND_ONE, ROUND_TWO, ingest
from tests.web.served import served
from tests.web.test_web_browser import ARGS, CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "watchlist"
PASSWORD = "correct horse battery"
pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.slow]
if not CHROMIUM.exists():
    pytestmark.append(pytest.mark.skip(reason=f"{CHROMIUM} is absent"))
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[str]:
    """The desk over NRG's two rounds, with the analyst ana."""
    store: Store = open_store(str(tmp_path / "browser.sqlite"))
    ingest(store, ROUND_ONE + ROUND_TWO)
    with store.write() as session:
        add_user(session, "ana", PASSWORD, "analyst", display_name="Ana Lytic")
    with served(create_app(store)) as url:
        yield url
    store.close()


def test_a_saved_search_shows_on_the_watchlist_with_its_feed(desk: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect = sync_api.expect
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{desk}/login?next=/search")
            page.fill("#username", "ana")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.wait_for_url(f"{desk}/search")
            page.fill("#q", "non-GAAP")
            page.locator("#search-form button[type=submit]").click()
            expect(page.locator("#result-summary")).to_contain_text("6 matches")
            page.get_by_label("Name of the saved search").fill("NRG non-GAAP")
            page.click("#save-search-button")
            page.wait_for_url(f"{desk}/desk/watchlist")
            rows = page.locator("#watches tr.watch")
            expect(rows).to_have_count(1)
            expect(rows.locator("a.watch-search")).to_have_text("NRG non-GAAP")
            expect(rows.locator("a.watch-search")).to_have_attribute(
                "href", f"{desk}/search?q=non-GAAP"
            )
            feed_link = rows.locator("a.feed-link")
            expect(feed_link).to_have_text("Atom feed")
            page.screenshot(path=str(ARTIFACTS / "watchlist.png"), full_page=True)
            href = feed_link.get_attribute("href") or ""
            assert href.startswith(f"{desk}/feeds/") and href.endswith(".atom")
            assert errors == []
        finally:
            browser.close()
    feed = httpx.get(href)
    assert feed.status_code == 200
    titles = etree.fromstring(feed.content).findall(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title"
    )
    assert len(titles) == 6
    assert [t.text for t in titles][:3] == [
        "Response 6 · NRG Energy, Inc. · 2016-07-07",
        "Comment 7 · NRG Energy, Inc. · 2016-06-22",
        "Comment 6 · NRG Energy, Inc. · 2016-06-22",
    ]

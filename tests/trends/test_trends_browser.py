"""The trends page in headless Chromium (Debian's /usr/bin/chromium driven by Playwright) over
the fictional record: every chart is drawn, nothing is logged to the console, a bar opens its
search, the table and CSV are one click away. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.record import open_store
from reviewdesk.web import create_app
from tests.trends import fictional_record
from tests.web.served import served
from tests.web.test_web_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not CHROMIUM.exists():
    pytestmark.append(pytest.mark.skip(reason=f"{CHROMIUM} is absent; apt-get install chromium"))


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The desk over the fictional record, served by uvicorn on a free local port."""
    store = open_store(str(Path(tmp_path_factory.mktemp("trends-browser")) / "trends.sqlite"))
    fictional_record.build(store)
    with served(create_app(store)) as url:
        yield url
    store.close()


@pytest.fixture
def page(desk_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1300, "height": 900}
        )
        yield context.new_page()
        context.close()
        browser.close()


def test_every_chart_is_drawn_without_console_errors_and_a_bar_opens_its_search(
    page: object, desk_url: str
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"error: {e}"))
    page.on(
        "response",
        lambda r: console.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(f"{desk_url}/")
    page.click("nav >> text=Trends")
    page.wait_for_url("**/trends")
    charts = page.locator("figure.chart svg")
    expect(charts).to_have_count(3)
    for index in range(3):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 50
        assert chart.locator("path.mark-rect, g.mark-rect path").count() >= 1
    expect(page.locator("#by_year figure.chart")).to_contain_text("1.5")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "trends-reviews.png"), full_page=True)

    table = page.locator("#by_year table")
    expect(table).to_be_hidden()
    page.click("#by_year summary")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("2021")
    with page.expect_download() as download:
        page.click("#by_year a.csv-link")
    assert Path(download.value.path()).read_text().startswith("year,reviews,completed")

    page.locator("#by_form figure.chart a").first.click()
    page.wait_for_url("**/search?form=10-K")
    assert page.locator("input[name=form]").input_value() == "10-K"

    page.goto(f"{desk_url}/trends?view=topics")
    expect(page.locator("figure.chart svg")).to_have_count(2)
    expect(page.locator("#top_topics figure.chart")).to_contain_text("Non-GAAP measures")
    page.screenshot(path=str(ARTIFACTS / "trends-topics.png"), full_page=True)

    page.goto(f"{desk_url}/trends?view=published")
    expect(page.locator("#published")).to_contain_text("comment letters per review")
    page.screenshot(path=str(ARTIFACTS / "trends-published.png"), full_page=True)
    assert console == []

"""The desk in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): the app
runs under uvicorn on a free 127.0.0.1 port over three real review threads; a person opens
the dashboard, searches a phrase, opens a hit, reaches its review, reads a comment beside its
answer and downloads the result set as CSV. A screenshot goes to test-artifacts/."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.record import Store
from reviewdesk.web import create_app
from tests.web.served import served

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.slow]
if not CHROMIUM.exists():
    pytestmark.append(
        pytest.mark.skip(
            reason=f"{CHROMIUM} is absent; install Debian's chromium (apt-get install chromium)"
        )
    )


@pytest.fixture(scope="module")
def desk_url(corpus_store: Store) -> Iterator[str]:
    """The desk served by uvicorn in a thread, on a random free local port."""
    with served(create_app(corpus_store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        accept_downloads=True, viewport={"width": 1400, "height": 900}
    )
    opened = context.new_page()
    yield opened
    context.close()


def test_search_to_review_to_csv(page: object, desk_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(f"{desk_url}/?today=2018-05-03")
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.locator("#open-reviews-table")).to_contain_text("AbbVie")

    page.fill("header input[name=q]", '"economic gross margin"')
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    expect(page.locator("#result-summary")).to_contain_text("matches")
    first = page.locator("li.hit").first
    expect(first.locator("mark").first).to_have_text("economic gross margin")
    expect(first).to_contain_text("NRG Energy, Inc.")

    with page.expect_download() as download_info:
        page.click("#csv-link")
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows and {r["company"] for r in rows} == {"NRG Energy, Inc."}
    assert all("economic gross margin" in r["text"].lower() for r in rows)

    comment_hit = page.locator("li.hit.comment").first
    comment_hit.locator("a.hit-link").click()
    page.wait_for_url("**/letters/*#comment-3")
    expect(page.locator("article#comment-3")).to_contain_text("economic gross margin")
    page.locator("p.meta a", has_text="review").first.click()
    page.wait_for_url("**/reviews/*")

    pair = page.locator("div.pair", has_text="economic gross margin").first
    expect(pair.locator(".comment")).to_contain_text("non-GAAP")
    expect(pair.locator("div.answer")).to_contain_text(
        "In future filings, we will revise our economic gross margin table"
    )
    comment_box = pair.locator(".comment").bounding_box()
    answer_box = pair.locator("div.answer").bounding_box()
    assert comment_box and answer_box
    assert answer_box["x"] > comment_box["x"] + comment_box["width"] - 1
    assert abs(answer_box["y"] - comment_box["y"]) < 5

    ARTIFACTS.mkdir(exist_ok=True)
    pair.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(ARTIFACTS / "review-comment-beside-answer.png"), full_page=False)
    assert (ARTIFACTS / "review-comment-beside-answer.png").stat().st_size > 10_000


def test_letter_page_scripts_never_run(page: object, desk_url: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    remote: list[str] = []
    page.on(
        "request",
        lambda request: (
            remote.append(request.url) if not request.url.startswith(desk_url) else None
        ),
    )
    page.goto(f"{desk_url}/search?q=note&scope=responses")
    page.locator("li.hit a.hit-link").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".original-html").count() == 1
    assert page.locator(".original-html script, .original-html img").count() == 0
    assert dialogs == [] and remote == []

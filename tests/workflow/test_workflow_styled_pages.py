"""The issued letter and the marked copy render styled under the desk's own
Content-Security-Policy (issue 15, item 10): in headless Chromium both pages take their look
from the desk's stylesheets and the console reports no refused style. (Fictional review.)"""

from __future__ import annotations

import lxml.html
import pytest
from fastapi.testclient import TestClient

from reviewdesk.record import Store
from reviewdesk.web.app import create_app
from tests.web.served import served
from tests.workflow.support import People, issued_with_amendment
from tests.workflow.test_workflow_browser import ARGS, CHROMIUM, _person
from tests.workflow.web_support import signed_in

sync_api = pytest.importorskip("playwright.sync_api")


def test_the_desk_serves_both_looks_as_stylesheets_and_links_them(
    store: Store, people: People
) -> None:
    review_id, _ = issued_with_amendment(store, people)
    rita = signed_in(TestClient(create_app(store)), "rita")
    base = f"/desk/reviews/{review_id}"
    for path, sheet in (
        (f"{base}/rounds/1/letter.html", "letter.css"),
        (f"{base}/filings/1/marked-copy", "marked-copy.css"),
    ):
        page = rita.get(path).text
        assert "<style>" not in page
        assert f'<link rel="stylesheet" href="/styles/{sheet}">' in page
        css = rita.get(f"/styles/{sheet}")
        assert (css.status_code, css.headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert "font-family:'Times New Roman',serif" in rita.get("/styles/letter.css").text
    assert rita.get("/styles/marked-copy.css").text.startswith("\n.marked-copy{font-family:")


def test_the_marked_copy_sits_in_the_desks_layout(store: Store, people: People) -> None:
    review_id, _ = issued_with_amendment(store, people)
    rita = signed_in(TestClient(create_app(store)), "rita")
    page = lxml.html.fromstring(rita.get(f"/desk/reviews/{review_id}/filings/1/marked-copy").text)
    assert page.find_class("bar") and page.get_element_by_id("api-docs-link") is not None
    back = page.get_element_by_id("back-to-review")
    assert back.get("href") == f"/desk/reviews/{review_id}"
    marked = page.get_element_by_id("marked-copy")
    assert marked.findall(".//ins") and page.find(".//body//body") is None
    assert rita.get("/styles/other.css").status_code == 404


@pytest.mark.browser
@pytest.mark.slow
def test_letter_and_marked_copy_render_styled_with_no_policy_violation(
    store: Store, people: People
) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent; install Debian's chromium to run browser tests")
    review_id, _ = issued_with_amendment(store, people)
    app = create_app(store)
    app.state.letter_pdf = False
    with served(app) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            rita = _person(browser, base, "rita")
            console: list[tuple[str, str]] = []
            rita.on(  # type: ignore[attr-defined]
                "console", lambda note: console.append((note.text, note.location.get("url", "")))
            )
            review = f"{base}/desk/reviews/{review_id}"
            rita.goto(f"{review}/rounds/1/letter.html")  # type: ignore[attr-defined]
            body = rita.evaluate(  # type: ignore[attr-defined]
                "() => [getComputedStyle(document.body).fontFamily,"
                " getComputedStyle(document.body).maxWidth]"
            )
            assert body == ['"Times New Roman", serif', "704px"]
            rita.goto(f"{review}/filings/1/marked-copy")  # type: ignore[attr-defined]
            looks = rita.evaluate(  # type: ignore[attr-defined]
                "() => [getComputedStyle(document.querySelector('.marked-copy')).fontFamily,"
                " getComputedStyle(document.querySelector('ins')).color]"
            )
            assert looks == ["Georgia, serif", "rgb(6, 69, 173)"]
        finally:
            browser.close()
    assert [(text, url) for text, url in console if not url.endswith("/favicon.ico")] == []

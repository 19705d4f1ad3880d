"""End to end in headless Chromium: two rounds with three people. Rita (reviewer) opens a
review of the fictional filing and writes comments, Samuel (supervising reviewer) signs off,
Rita issues; Cora (company user) answers with an amendment; Rita resolves one comment and
follows up the other, Samuel signs off, Rita issues letter 2; Cora answers; Rita closes the
review. Screenshots go to test-artifacts/workflow/. (Every person and filing is fictional.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.record import Store
from tests.workflow.served import ARGS, CHROMIUM, served
from tests.workflow.support import FILING_V1, FILING_V2, PASSWORD, People

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "workflow"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def server(store: Store, people: People) -> Iterator[str]:
    """The desk served by uvicorn on a free local port."""
    with served(store) as base:
        yield base


def test_two_rounds_with_a_reviewer_a_supervisor_and_the_company(server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            _run(browser, server)
        finally:
            browser.close()


def _person(browser: object, base: str, username: str) -> object:
    page = browser.new_context().new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    start = "letters" if username == "cora" else "reviews"  # a company user starts on letters
    page.wait_for_url(f"{base}/desk/{start}")
    return page


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _click(page: object, selector: str) -> None:
    page.click(selector)  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def _run(browser: object, base: str) -> None:
    expect = sync_api.expect
    rita = _person(browser, base, "rita")
    rita.click("#open-review")  # type: ignore[attr-defined]
    for field, value in {
        "#cik": "9990001",
        "#company": "Fictional Widgets, Inc.",
        "#form": "S-1",
        "#filed": "2026-02-13",
        "#file_number": "333-299001",
        "#addressee": "Jane Example",
        "#addressee_title": "Chief Executive Officer",
        "#office": "Office of Manufacturing",
        "#contacts": "Rita Alvarez, 202-551-3101\nSamuel Okafor, 202-551-3102",
        "#signatory": "Samuel Okafor",
        "#signatory_title": "Branch Chief",
    }.items():
        rita.fill(field, value)  # type: ignore[attr-defined]
    rita.set_input_files("#filing", str(FILING_V1))  # type: ignore[attr-defined]
    _click(rita, "#open")
    review_url = rita.url  # type: ignore[attr-defined]
    assert review_url.startswith(f"{base}/desk/reviews/")
    rita.select_option("#key", "The Offering|1")  # type: ignore[attr-defined]
    rita.fill("#comment-text", "Please disclose whether you intend to list your shares.")  # type: ignore[attr-defined]
    _click(rita, "#add-comment")
    rita.select_option("#key", "Risk Factors|2")  # type: ignore[attr-defined]
    rita.fill("#comment-text", "Please quantify the share of parts from your largest supplier.")  # type: ignore[attr-defined]
    _click(rita, "#add-comment")
    expect(rita.locator("article.pair")).to_have_count(2)  # type: ignore[attr-defined]
    _shot(rita, "01-reviewer-drafts")

    sam = _person(browser, base, "sam")
    sam.goto(review_url)  # type: ignore[attr-defined]
    _click(sam, "#sign_off")
    expect(sam.locator("#review-state")).to_have_text("signed off")  # type: ignore[attr-defined]
    _shot(sam, "02-supervisor-signed-off")

    rita.goto(review_url)  # type: ignore[attr-defined]
    _click(rita, "#issue")
    expect(rita.locator("#review-state")).to_have_text("issued")  # type: ignore[attr-defined]
    letter = rita.request.get(f"{review_url}/rounds/1/letter.html")  # type: ignore[attr-defined]
    assert "1. Please disclose whether you intend to list your shares." in letter.text()
    if rita.locator("#letter-pdf-1").count():  # type: ignore[attr-defined]
        pdf = rita.request.get(f"{review_url}/rounds/1/letter.pdf")  # type: ignore[attr-defined]
        assert pdf.body().startswith(b"%PDF")
    _shot(rita, "03-reviewer-issued")

    cora = _person(browser, base, "cora")
    cora.goto(review_url)  # type: ignore[attr-defined]
    expect(cora.locator("#days-left")).to_be_visible()  # type: ignore[attr-defined]
    ids = [a.get_attribute("id").split("-")[1] for a in cora.locator("article.pair").all()]  # type: ignore[attr-defined]
    cora.fill(f"#answer-{ids[0]}", "We will list.")  # type: ignore[attr-defined]
    _click(cora, f"#save-answer-{ids[0]}")
    cora.fill(f"#answer-{ids[0]}", "We have revised page 1 to say we will apply to list.")  # type: ignore[attr-defined]
    _click(cora, f"#save-answer-{ids[0]}")
    cora.fill(f"#answer-{ids[1]}", "We have revised page 2: 62% of parts come from one supplier.")  # type: ignore[attr-defined]
    _click(cora, f"#save-answer-{ids[1]}")
    expect(cora.locator(f"#history-{ids[0]} summary")).to_have_text("History (2 versions)")  # type: ignore[attr-defined]
    cora.set_input_files("#amendment", str(FILING_V2))  # type: ignore[attr-defined]
    _click(cora, "#file-amendment")
    expect(cora.locator("#marked-copy-1")).to_be_visible()  # type: ignore[attr-defined]
    _shot(cora, "04-company-answers-and-amendment")
    _click(cora, "#submit_response")
    expect(cora.locator("#review-state")).to_have_text("responded")  # type: ignore[attr-defined]

    rita.goto(review_url)  # type: ignore[attr-defined]
    expect(rita.locator(f"#answer-text-{ids[1]}")).to_contain_text("62% of parts")  # type: ignore[attr-defined]
    _click(rita, f"#resolve_comment-{ids[0]}")
    rita.fill(
        f"#follow-up-text-{ids[1]}",
        "We note your response to prior comment 2. Please file the supply agreement as an exhibit.",
    )  # type: ignore[attr-defined]
    _click(rita, f"#follow-up-{ids[1]}")
    _click(rita, "#next_round")
    _shot(rita, "05-reviewer-follow-up")
    sam.goto(review_url)  # type: ignore[attr-defined]
    _click(sam, "#sign_off")
    rita.goto(review_url)  # type: ignore[attr-defined]
    _click(rita, "#issue")
    expect(rita.locator("#round-2 h2")).to_contain_text("Letter 2 dated")  # type: ignore[attr-defined]

    cora.goto(review_url)  # type: ignore[attr-defined]
    last = cora.locator("#round-2 article.pair").first.get_attribute("id").split("-")[1]  # type: ignore[attr-defined]
    cora.fill(f"#answer-{last}", "We have filed the agreement as Exhibit 10.4.")  # type: ignore[attr-defined]
    _click(cora, f"#save-answer-{last}")
    _click(cora, "#submit_response")

    rita.goto(review_url)  # type: ignore[attr-defined]
    _click(rita, f"#resolve_comment-{last}")
    sam.goto(review_url)  # type: ignore[attr-defined]
    _click(sam, "#sign_off")
    rita.goto(review_url)  # type: ignore[attr-defined]
    _click(rita, "#complete")
    expect(rita.locator("#review-state")).to_have_text("closed")  # type: ignore[attr-defined]
    _shot(rita, "06-reviewer-closed")
    rita.click("#audit-link")  # type: ignore[attr-defined]
    expect(rita.locator("#audit-log tr")).to_have_count(21)  # type: ignore[attr-defined]
    _shot(rita, "07-audit-log")

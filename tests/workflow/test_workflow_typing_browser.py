"""In headless Chromium: nothing a company user types is lost (saving one answer saves every
answer on the page, and leaving a page with unsaved typing asks first), and at phone width
(390 px) each comment stands above its answer instead of cutting the answer off. Fictional
letters and people (tests/fixtures/letter_answers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, schema
from tests.workflow.served import ARGS, CHROMIUM, served
from tests.workflow.support import PASSWORD, People, open_fictional_review

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letter_answers"
OURS = "0000000000-26-910001"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "workflow"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def desk(store: Store, people: People) -> Iterator[tuple[str, int, int]]:
    """(base URL, the id of Cora's company's staff letter, a review Rita is drafting)."""
    ingest_paths(store, [LETTERS], LETTERS / "manifest.csv", jobs=1)
    with store.session() as session:
        letter = session.scalars(select(schema.Letter.id).where(schema.Letter.accession == OURS))
        letter_id = letter.one()
    review_id = open_fictional_review(store, people)
    with served(store) as base:
        yield base, letter_id, review_id


def _signed_in(browser: object, base: str, username: str, **context: object) -> object:
    page = browser.new_context(**context).new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_load_state()
    return page


def test_saving_one_answer_keeps_the_answers_typed_beside_it(desk: tuple[str, int, int]) -> None:
    base, letter_id, _ = desk
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        cora = _signed_in(browser, base, "cora")
        cora.goto(f"{base}/desk/letters/{letter_id}/answers")  # type: ignore[attr-defined]
        cora.fill("#answer-text-2", "We will revise the segment note in future filings.")  # type: ignore[attr-defined]
        cora.fill("#answer-text-1", "We have revised page 12.")  # type: ignore[attr-defined]
        cora.click("#save-answer-1")  # type: ignore[attr-defined]
        cora.wait_for_load_state()  # type: ignore[attr-defined]
        cora.reload()  # type: ignore[attr-defined]
        texts = [cora.input_value(f"#answer-text-{n}") for n in (1, 2)]  # type: ignore[attr-defined]
        browser.close()
    assert texts == [
        "We have revised page 12.",
        "We will revise the segment note in future filings.",
    ]


def test_leaving_a_page_with_unsaved_typing_asks_first(desk: tuple[str, int, int]) -> None:
    base, _, review_id = desk
    asked: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        rita = _signed_in(browser, base, "rita")
        rita.goto(f"{base}/desk/reviews/{review_id}")  # type: ignore[attr-defined]

        def answer(dialog: object) -> None:
            asked.append(dialog.type)  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        rita.on("dialog", answer)  # type: ignore[attr-defined]
        rita.fill("#comment-text", "Please tell us more about your fictional supplier.")  # type: ignore[attr-defined]
        rita.click("header a[href='/companies']")  # type: ignore[attr-defined]
        rita.wait_for_timeout(500)  # type: ignore[attr-defined]
        stayed = rita.url  # type: ignore[attr-defined]
        kept = rita.input_value("#comment-text")  # type: ignore[attr-defined]
        browser.close()
    assert asked == ["beforeunload"]
    assert stayed == f"{base}/desk/reviews/{review_id}"
    assert kept == "Please tell us more about your fictional supplier."


def test_at_phone_width_each_answer_stands_below_its_comment(desk: tuple[str, int, int]) -> None:
    base, letter_id, _ = desk
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        cora = _signed_in(browser, base, "cora", viewport={"width": 390, "height": 844})
        cora.goto(f"{base}/desk/letters/{letter_id}/answers")  # type: ignore[attr-defined]
        boxes = [
            (pair.locator(".comment").bounding_box(), pair.locator(".answer").bounding_box())
            for pair in cora.locator("article.pair").all()  # type: ignore[attr-defined]
        ]
        width = cora.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        cora.screenshot(path=str(ARTIFACTS / "phone-answers.png"), full_page=True)  # type: ignore[attr-defined]
        browser.close()
    assert boxes
    for comment, answer in boxes:
        assert answer["y"] >= comment["y"] + comment["height"]
        assert answer["x"] + answer["width"] <= 390
    assert width <= 390

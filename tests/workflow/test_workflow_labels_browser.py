"""In headless Chromium: Lena, an analyst, signs in, opens the seed staff letter's page,
corrects comment 2's topics and asks in its "Correct labels" form, and sees her label (who,
when) beside what the machine read; the anonymous page shows it too, without the form.
Screenshots go to test-artifacts/labels/. (Fictional people; the seed letter of the corpus.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.record import Store
from tests.workflow.served import ARGS, CHROMIUM, served
from tests.workflow.support import PASSWORD, People
from tests.workflow.test_workflow_labels import seed_desk

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "labels"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def server(store: Store, people: People) -> Iterator[tuple[str, dict[str, int]]]:
    """The desk served on a free local port, with the seed letter's ids."""
    ids = seed_desk(store)
    with served(store) as base:
        yield base, ids


def test_an_analyst_corrects_a_comments_topics_on_the_letter_page(
    server: tuple[str, dict[str, int]],
) -> None:
    base, ids = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect = sync_api.expect
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            lena = browser.new_context().new_page()
            errors: list[str] = []
            lena.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            lena.goto(f"{base}/login")
            lena.fill("#username", "lena")
            lena.fill("#password", PASSWORD)
            lena.click("#sign-in")
            lena.wait_for_load_state()
            lena.goto(f"{base}/letters/{ids['letter']}")
            comment = lena.locator("#comment-2")
            chips = comment.locator(".chips .chip")
            expect(chips).to_have_text(["Offering disclosure", "Explain to the staff"])
            comment.locator("details.correct summary").click()
            comment.get_by_label("Main topic").select_option("governance_proxy")
            comment.get_by_label("Second topic").select_option("offering")
            comment.get_by_label("Revise the filing").check()
            comment.get_by_label("Explain to the staff").uncheck()
            _shot(lena, "letter-correcting")
            comment.get_by_role("button", name="Save labels").click()
            lena.wait_for_url(f"{base}/letters/{ids['letter']}#comment-2")
            comment = lena.locator("#comment-2")
            expect(comment.locator(".chips .chip")).to_have_text(
                ["Governance and proxy matters", "Offering disclosure", "Revise the filing"]
            )
            expect(comment.locator(".chip.topic.main")).to_have_text("Governance and proxy matters")
            notes = comment.locator(".labelled-by")
            expect(notes).to_have_count(2)
            expect(notes.nth(0)).to_contain_text("Asks set by lena on ")
            expect(notes.nth(0)).to_contain_text("the machine read explain.")
            expect(notes.nth(1)).to_contain_text("Topics set by lena on ")
            expect(notes.nth(1)).to_contain_text("the machine read offering.")
            _shot(lena, "letter-corrected")
            anonymous = browser.new_context().new_page()
            anonymous.goto(f"{base}/letters/{ids['letter']}#comment-2")
            expect(anonymous.locator("#comment-2 .chip.topic.main")).to_have_text(
                "Governance and proxy matters"
            )
            expect(anonymous.locator("details.correct")).to_have_count(0)
            assert errors == []
        finally:
            browser.close()


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

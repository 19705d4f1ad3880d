"""The promised-change check on the fictional Northwind Widgets filing pair and the fictional
answers written for it (tests/fixtures/redline/answers.json): kept and unkept promises."""

from __future__ import annotations

import json
from pathlib import Path

from reviewdesk.letters import Comment
from reviewdesk.services.promises import check_promises, not_found, promises_in
from reviewdesk.services.redline import compare, read_version

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "redline"


def _answers() -> dict[int, str]:
    data = json.loads((FIXTURES / "answers.json").read_text(encoding="utf-8"))
    return {int(key): value for key, value in data.items() if key.isdigit()}


def _marked():  # type: ignore[no-untyped-def]
    return compare(read_version(FIXTURES / "old.html"), read_version(FIXTURES / "new.html"))


def test_each_promise_is_found_or_not_where_it_says() -> None:
    checks = check_promises(_answers(), _marked())
    assert [(c.promise.number, c.status) for c in checks] == [
        (1, "found"),
        (2, "found"),
        (3, "not_found"),
        (4, "not_found"),
        (6, "found"),
        (7, "found"),
        (8, "not_found"),
    ]
    places = {c.promise.number: (c.promise.pages, c.promise.sections) for c in checks}
    assert places[1] == ([2], [])
    assert places[2] == ([], ["USE OF PROCEEDS"])
    assert places[6] == ([4], [])
    assert places[7] == ([], ["PROPERTIES"])


def test_unkept_promises_are_listed_with_the_reason() -> None:
    missing = not_found(check_promises(_answers(), _marked()))
    assert [(c.promise.number, c.reason) for c in missing] == [
        (3, "no change page 6"),
        (4, "no change under EXECUTIVE COMPENSATION"),
        (8, 'no change under "Legal Proceedings" (no such caption in the filing)'),
    ]


def test_declined_revisions_and_future_filings_are_not_promises() -> None:
    answers = _answers()
    assert promises_in(5, answers[5], ["RISK FACTORS"]) == []
    assert promises_in(9, answers[9], ["RISK FACTORS"]) == []


def test_page_lists_and_ranges_are_read() -> None:
    (promise,) = promises_in(1, "We have revised pages 12, 14 and 20-22 of Amendment No. 1.", [])
    assert promise.pages == [12, 14, 20, 21, 22]


def test_answer_naming_no_place_is_checked_under_the_comments_caption() -> None:
    answers = {1: "We have revised the disclosure as requested.", 2: "We have revised it."}
    comments = [
        Comment(1, "Risk Factors, page 2", "2", "Please revise."),
        Comment(2, "Executive Compensation", "6", "Please revise."),
    ]
    checks = check_promises(answers, _marked(), comments)
    assert [(c.promise.number, c.status) for c in checks] == [(1, "found"), (2, "not_found")]
    assert check_promises(answers, _marked())[0].status == "unchecked"

"""A document that is not review correspondence says so, and `redline --answers` takes only
a company response letter. Every document here is fictional and written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters import parse_bytes
from reviewdesk.letters.parse import NOT_CORRESPONDENCE
from tests.conftest import FIXTURES
from tests.fictional_pdf import make_pdf

runner = CliRunner()

MENU = make_pdf(
    [
        [
            "**Cafe Fictional",
            "",
            "Breakfast served daily from 8 a.m.",
            "",
            "Espresso 2.50",
            "Flat white 3.20",
            "Croissant 2.80",
            "",
            "Ask our staff about today's cakes.",
        ]
    ]
)

PLAIN_RESPONSE = """March 20, 2025

Re: Northwind Widgets, Inc.

1. Please disclose how many suppliers you depend on.

Response: We have revised the disclosure on page 2 to state that we now depend on two
suppliers.

2. Please revise the use of proceeds.

Response: We have revised the disclosure under "Use of Proceeds" to remove the reference to
acquisitions.

John Doe
"""


def test_a_menu_is_not_read_as_a_staff_letter() -> None:
    letter = parse_bytes(MENU, "menu.pdf")
    assert (letter.role, letter.kind, letter.error) == (None, None, NOT_CORRESPONDENCE)
    assert letter.comments == [] and letter.responses == []


def test_parse_prints_the_menus_line_with_the_reason_and_goes_on(tmp_path: Path) -> None:
    _register()
    menu = tmp_path / "menu.pdf"
    menu.write_bytes(MENU)
    letter = tmp_path / "letter.txt"
    letter.write_text(PLAIN_RESPONSE, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(menu), str(letter)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["source"], line["role"], line["error"]) for line in lines] == [
        (str(menu), None, NOT_CORRESPONDENCE),
        (str(letter), "company", None),
    ]


def test_a_plain_response_letter_without_an_address_is_a_company_response() -> None:
    letter = parse_bytes(PLAIN_RESPONSE.encode(), "answers.txt")
    assert (letter.role, letter.kind) == ("company", "response")
    assert [r.number for r in letter.responses] == [1, 2]


def test_redline_checks_the_promises_of_a_plain_response_letter(tmp_path: Path) -> None:
    _register()
    answers = tmp_path / "answers.txt"
    answers.write_text(PLAIN_RESPONSE, encoding="utf-8")
    old, new = FIXTURES / "redline" / "old.html", FIXTURES / "redline" / "new.html"
    result = runner.invoke(
        app, ["redline", str(old), str(new), "-o", str(tmp_path), "--answers", str(answers)]
    )
    assert result.exit_code == 0, result.output
    assert "2 promised changes" in result.stdout


def test_redline_refuses_answers_that_are_not_a_company_response_letter(tmp_path: Path) -> None:
    _register()
    staff = tmp_path / "staff.txt"
    staff.write_text(
        "March 3, 2025\n\nRe: Northwind Widgets, Inc.\nForm S-1\nFile No. 333-999999\n\n"
        "Dear Mr. Doe:\n\nWe have reviewed your registration statement and have the following "
        "comments.\n\n1. Please disclose how many suppliers you depend on.\n\nSincerely,\n\n"
        "Division of Corporation Finance\nOffice of Manufacturing\n",
        encoding="utf-8",
    )
    menu = tmp_path / "menu.pdf"
    menu.write_bytes(MENU)
    old, new = FIXTURES / "redline" / "old.html", FIXTURES / "redline" / "new.html"
    for answers, reason in ((staff, "reads as a staff letter"), (menu, "not SEC review")):
        result = runner.invoke(
            app, ["redline", str(old), str(new), "-o", str(tmp_path), "--answers", str(answers)]
        )
        assert result.exit_code == 2
        assert reason in result.stderr and str(answers) in result.stderr
        assert "promised changes" not in result.stdout and not list(tmp_path.glob("*marked*"))

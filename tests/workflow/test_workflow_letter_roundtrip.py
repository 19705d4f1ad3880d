"""Letters issued by the desk read back, through the same parser as `reviewdesk parse`, to
exactly the comments written: numbers, captions, pages and texts, in HTML and in PDF.
(Every letter here is fictional.)"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from reviewdesk.letters import Comment, parse_bytes
from reviewdesk.workflow.letter_model import LetterComment, StaffLetter
from reviewdesk.workflow.letter_render import mismatches, render_html, render_pdf


def _letter(comments: list[LetterComment], **changes: object) -> StaffLetter:
    values: dict[str, object] = dict(
        kind="comments",
        date=dt.date(2026, 3, 2),
        company="Fictional Widgets, Inc.",
        addressee="Jane Example",
        addressee_title="Chief Executive Officer",
        address=["1 Example Way", "Springfield, Illinois 62701"],
        form="S-1",
        filed=dt.date(2026, 2, 13),
        file_number="333-299001",
        comments=comments,
        contacts=[("Rita Alvarez", "202-551-3101"), ("Samuel Okafor", "202-551-3102")],
        signatory="Samuel Okafor",
        signatory_title="Branch Chief",
        office="Office of Manufacturing",
    )
    values.update(changes)
    return StaffLetter(**values)  # type: ignore[arg-type]


LETTERS = {
    "general_and_captions": _letter(
        [
            LetterComment(
                1,
                None,
                None,
                "Please revise the cover page to disclose the "
                "offering price range.\n\nAlso tell us whether you intend to list.",
            ),
            LetterComment(
                2,
                "Risk Factors",
                "12",
                "Please quantify the share of purchases made from your largest supplier.",
            ),
            LetterComment(
                3, "Risk Factors", "12", "Please add a risk factor on the loss of key personnel."
            ),
            LetterComment(
                4,
                "Management's Discussion and Analysis",
                "30",
                "Expand your "
                "discussion of liquidity to address known trends, including the "
                "$4.2 million drawn under your revolving credit facility.",
            ),
        ]
    ),
    "follow_up_letter": _letter(
        [
            LetterComment(
                1,
                "Item 7. Management's Discussion and Analysis of Financial "
                "Condition and Results of Operations",
                "45",
                "We note your response "
                "to prior comment 4. Please disclose the covenants of the facility.",
            ),
            LetterComment(
                2,
                "Note 3. Revenue Recognition",
                "F-12",
                "We note your response to "
                "prior comment 2. Tell us how you identify performance obligations "
                "in contracts with distributors.",
            ),
        ],
        prior_letter_date=dt.date(2026, 1, 15),
        response_date=dt.date(2026, 2, 10),
        form="10-K",
        file_number="001-38001",
    ),
    "financial_scope": _letter(
        [
            LetterComment(
                1,
                "Consolidated Statements of Cash Flows",
                "F-6",
                "Please tell us why "
                "the purchase of equipment is presented as an operating cash outflow.",
            )
        ],
        scope="financial",
    ),
}


def _expected(letter: StaffLetter) -> list[Comment]:
    return [Comment(c.number, c.heading, c.page, c.text) for c in letter.comments]


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_an_issued_html_letter_reads_back_to_exactly_its_comments(name: str) -> None:
    letter = LETTERS[name]
    reading = parse_bytes(render_html(letter).encode("utf-8"), f"{name}.htm")
    assert reading.comments == _expected(letter)
    assert (reading.role, reading.kind, reading.company) == (
        "staff",
        "comments",
        "Fictional Widgets, Inc.",
    )
    assert [(f.form, f.filed, f.file_number) for f in reading.filings] == [
        (letter.form, letter.filed.isoformat(), letter.file_number)
    ]
    assert (reading.date, reading.signatory, reading.office) == (
        "2026-03-02",
        "Samuel Okafor",
        "Office of Manufacturing",
    )
    assert reading.refers_to_prior is (letter.prior_letter_date is not None)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", sorted(LETTERS))
def test_an_issued_pdf_letter_reads_back_to_exactly_its_comments(name: str) -> None:
    letter = LETTERS[name]
    data = render_pdf(letter)
    assert data.startswith(b"%PDF")
    reading = parse_bytes(data, f"{name}.pdf")
    assert reading.comments == _expected(letter)
    assert mismatches(letter, reading) == []


def test_a_completion_letter_reads_as_a_completion_with_no_comments() -> None:
    letter = _letter([], kind="completion")
    reading = parse_bytes(render_html(letter).encode("utf-8"), "completion.htm")
    assert (reading.kind, reading.comments) == ("completion", [])


def test_a_comment_that_would_read_back_differently_is_named() -> None:
    letter = _letter([LetterComment(1, "Our Business", "3", "Please describe your customers.")])
    reading = parse_bytes(render_html(letter).encode("utf-8"), "misread.htm")
    assert mismatches(letter, reading) == []
    reading.comments[0].heading, reading.comments[0].page = None, None
    assert mismatches(letter, reading) == [
        "comment 1: heading reads back as None, not 'Our Business'",
        "comment 1: page reads back as None, not '3'",
    ]


def test_letter_text_is_escaped_in_html() -> None:
    letter = _letter([LetterComment(1, None, None, "Explain <script>alert(1)</script> & more.")])
    html = render_html(letter)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert parse_bytes(html.encode(), "x.htm").comments[0].text == (
        "Explain <script>alert(1)</script> & more."
    )

"""Confidential-treatment legends and page codes repeated on every page are dropped with the
running headers, wherever on the page they fall; a bracketed marker where text was omitted
stays. The PDF letter here is fictional and written for the test; the other is a real letter
of the corpus."""

from __future__ import annotations

from reviewdesk.documents.running import is_legend
from reviewdesk.letters import parse_bytes, parse_path
from tests.fictional_pdf import make_pdf

LEGEND = "Confidential Treatment Requested by Fictional Widgets Inc. Pursuant to Rule 83"


def test_legend_lines_are_told_from_omission_markers_and_captions() -> None:
    assert is_legend(f"{LEGEND} [FWI-0002]")
    assert is_legend("FOIA CONFIDENTIAL TREATMENT REQUESTED PURSUANT TO C.F.R. § 200.83.")
    assert is_legend("FOIA Confidential Treatment Request")
    assert not is_legend("[CONFIDENTIAL TREATMENT REQUESTED BY FICTIONAL WIDGETS INC.]")
    assert not is_legend("Confidential Treatment Request")
    assert not is_legend("CONFIDENTIAL TREATMENT HAS BEEN REQUESTED WITH RESPECT TO PORTIONS")


def test_legends_and_page_codes_inside_answers_are_dropped() -> None:
    pdf = make_pdf(
        [
            [
                f"{LEGEND} [FWI-0001]",
                "March 3, 2025",
                "",
                "Securities and Exchange Commission",
                "100 F Street, N.E.",
                "",
                "**Re: Fictional Widgets Inc.",
                "**Form 10-K for the Fiscal Year Ended December 31, 2024",
                "**File No. 001-99999",
                "",
                "Dear Ms. Roe:",
                "",
                "We respond below to the comments in your letter dated February 20, 2025.",
                "",
                "**1. Please tell us how you recognise revenue on widgets.",
                "",
                "Response: We recognise revenue when the widgets",
            ],
            [
                f"{LEGEND} [FWI-0002]",
                "are delivered, which is [***] days after the order.",
                "",
                "**2. Please tell us about gadgets.",
                "",
                "Response: Gadgets are sold in bundles.",
                f"{LEGEND} [FWI-0002]",
                "",
                "Sincerely,",
                "",
                "John Doe",
            ],
        ]
    )
    letter = parse_bytes(pdf, "fictional.pdf")
    assert letter.role == "company" and letter.kind == "response"
    assert [(r.number, r.response_text) for r in letter.responses] == [
        (
            1,
            "We recognise revenue when the widgets are delivered, which is [***] days after the order.",
        ),
        (2, "Gadgets are sold in bundles."),
    ]


def test_page_codes_of_a_corpus_letter_stay_out_of_its_answers(corpus_doc) -> None:
    """Boston Scientific numbers its pages "BSC-1" ... "BSC-5"; the last one stood before the
    closing paragraph, which then ran into the answer. Its bracketed omission markers stay."""
    letter = parse_path(corpus_doc("0000885725-16-000055"))
    texts = [r.response_text for r in letter.responses]
    assert [r.number for r in letter.responses] == [1, 2]
    assert not any("BSC-" in text for text in texts)
    assert texts[1].endswith("recorded within selling, general and administrative expenses.")
    assert texts[0].count("[CONFIDENTIAL TREATMENT REQUESTED BY BOSTON SCIENTIFIC") == 2

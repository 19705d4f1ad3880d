"""A sentence reads as one in the reading of a letter, wherever the document breaks it: across
a PDF page (the next page's running header dropped between), after a line PDFium ran on into
the next because it ended in a hyphenated word, before a wrapped line that happens to end in
"response:" (no "Response:" label), and where an HTML response restates a comment one line
per paragraph. Real corpus letters throughout."""

from __future__ import annotations

import re

import pytest

from reviewdesk.documents import read_path
from reviewdesk.letters import Letter, parse_document

pytestmark = pytest.mark.corpus
SPLIT = re.compile(r"[^.:;?!\"”)\]\s]\s*\n\s*\n\s*[a-z]")
"""A paragraph break after a word that ends no sentence, before a word in lower case."""
SPLIT_BEFORE = [
    "0000000000-16-075770",
    "0000000000-17-021746",
    "0000000000-17-027038",
    "0000000000-18-038296",
    "0000000000-19-015418",
    "0000000000-20-008961",
    "0000000000-21-012148",
    "0000000000-21-013137",
    "0000000000-22-005802",
    "0000000000-22-007496",
    "0000000000-23-002523",
]
"""Staff letters whose comments a paragraph break split mid-sentence (14 places)."""


def _comment(corpus_doc, accession: str, number: int) -> str:
    letter: Letter = parse_document(read_path(corpus_doc(accession)))
    return next(c.text for c in letter.comments if c.number == number)


def test_a_sentence_across_a_page_break_reads_as_one(corpus_doc) -> None:
    text = _comment(corpus_doc, "0000000000-16-060314", 1)
    assert (
        "We note in this regard that the acquisition is a “matter with respect to which "
        "information is called for by other items” of Schedule 14C" in text
    )
    assert "Page 2" not in text


def test_a_line_run_on_after_a_hyphen_does_not_break_the_paragraph(corpus_doc) -> None:
    assert "Please revise your discussion and analysis to provide presentation with equal" in (
        _comment(corpus_doc, "0000000000-16-075770", 3)
    )
    assert "operating, maintenance and capital expenditures and debt service payments”" in (
        _comment(corpus_doc, "0000000000-16-075770", 11)
    )


def test_a_wrapped_line_ending_in_response_is_no_label(corpus_doc) -> None:
    assert "At a minimum, address the following in your response:\n\n• Tell us" in (
        _comment(corpus_doc, "0000000000-17-027038", 1)
    )
    assert _comment(corpus_doc, "0000000000-22-007496", 4).endswith(
        "for future periods as part of your response."
    )


@pytest.mark.parametrize("accession", SPLIT_BEFORE)
def test_no_comment_breaks_a_paragraph_mid_sentence(corpus_doc, accession: str) -> None:
    letter = parse_document(read_path(corpus_doc(accession)))
    assert letter.comments
    split = [(c.number, m.group()) for c in letter.comments for m in SPLIT.finditer(c.text)]
    assert split == []


def test_a_comment_restated_one_line_per_paragraph_reads_as_one_paragraph(corpus_doc) -> None:
    harris = parse_document(read_path(corpus_doc("0000202058-20-000023")))
    assert harris.responses[0].comment_text is not None
    assert harris.responses[0].comment_text.startswith(
        "We note your presentation of “combined” results and your disclosure that such "
        "information is not prepared in accordance with Article 11 of Regulation S-X. In this "
        "regard, it is unclear why you believe that the supplemental unaudited combined "
        "financial information is meaningful to an investor, considering that it excludes"
    )
    adm = parse_document(read_path(corpus_doc("0000007084-20-000029")))
    restated = next(r.comment_text for r in adm.responses if r.number == 2)
    assert restated is not None
    assert restated.split("\n\n")[1:4] == [
        "• The percentage by which estimated fair value exceeded carrying value as of the date "
        "of the most recent impairment test and the amount of goodwill allocated to the "
        "reporting unit.",
        "• A discussion of the degree of uncertainty associated with each key fair value "
        "assumption, including the potential impact of changes in key assumptions.",
        "• A description of the potential events and/or changes in circumstance that could "
        "reasonably be expected to negatively affect the key assumptions.",
    ]


def test_a_page_number_after_an_html_page_break_is_dropped(corpus_doc) -> None:
    document = read_path(corpus_doc("0000950142-24-000938"))
    assert [line.text for line in document.lines if line.text.strip() in {"2", "3", "4"}] == []
    crown_castle = parse_document(document)
    restated = next(r.comment_text for r in crown_castle.responses if r.number == 4)
    assert restated is not None
    assert (
        "at its initial meeting on January 10, 2024. Please expand this section to reflect any "
        "subsequent discussions of the Boots Group’s proposal by the Fiber Review Committee"
    ) in restated

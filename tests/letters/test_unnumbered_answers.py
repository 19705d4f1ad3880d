"""Response letters that restate each comment and answer it without printing its number:
one answer per restatement, and the staff letter's numbers given by matching the restated
text. Letters named by accession are real corpus letters; the HTML letter is fictional and
written for the test."""

from __future__ import annotations

from reviewdesk.letters import parse_bytes, parse_path
from reviewdesk.letters.matching import number_answers
from reviewdesk.letters.model import Comment, Response


def test_unnumbered_restatements_over_response_labels_split_the_answers(corpus_doc) -> None:
    """Casey's restates four comments in italics under captions, each over a bold
    "Response:", and numbers none of them; it read as one answer."""
    letter = parse_path(corpus_doc("0001387131-23-002744"))
    assert letter.kind == "response"
    assert [(r.number, r.comment_text[:40], r.response_text[:40]) for r in letter.responses] == [
        (
            None,
            "It is not clear how your disclosure full",
            "In response to the Staff’s comment, the ",
        ),
        (
            None,
            "Please explain to us and in your filing ",
            "We acknowledge the Staff’s comment, and ",
        ),
        (
            None,
            "Please describe what “renewable identifi",
            "In response to the Staff’s comment, the ",
        ),
        (
            None,
            "Please explain to us where the disclosur",
            "We reviewed the disclosure requirements ",
        ),
    ]
    assert letter.responses[0].response_text.endswith("capital expenditures made in the year.")


def test_oral_comments_numbered_with_a_hash_are_two_answers(corpus_doc) -> None:
    letter = parse_path(corpus_doc("0001564590-18-017270"))
    assert [(r.number, r.comment_text[:30]) for r in letter.responses] == [
        (1, "We note your response to our p"),
        (2, 'We note that you exclude "spec'),
    ]


FICTIONAL_RESPONSE = """<html><body>
<p>March 20, 2025</p>
<p>VIA EDGAR</p>
<p>Securities and Exchange Commission<br>Division of Corporation Finance<br>100 F Street, N.E.</p>
<p><b>Re: Fictional Widgets Inc.<br>Form 10-K for the Fiscal Year Ended December 31, 2024<br>
File No. 001-99999</b></p>
<p>Dear Ms. Roe:</p>
<p>We respond below to the comments in your letter dated March 6, 2025.</p>
<p><b>Revenue Recognition, page 40</b></p>
<p><i>Please tell us how you recognise revenue on widgets sold through distributors.</i></p>
<p>We recognise revenue when the distributor takes control of the widgets.</p>
<p><i>The Company recognises revenue when control of the widgets passes.</i></p>
<p>We will add the sentence above to future filings.</p>
<p><i>You disclose that gadget sales fell. Please quantify the fall in each period.</i></p>
<p>Gadget sales fell by 4% in 2024 and 2% in 2023.</p>
<p>If you have any questions, please call me.</p>
<p>Sincerely,</p>
<p>John Doe</p>
</body></html>"""


def test_restatements_without_numbers_or_labels_split_the_answers() -> None:
    letter = parse_bytes(FICTIONAL_RESPONSE.encode(), "fictional.htm")
    assert letter.role == "company" and letter.kind == "response"
    assert [(r.number, r.comment_text, r.response_text) for r in letter.responses] == [
        (
            None,
            "Please tell us how you recognise revenue on widgets sold through distributors.",
            "We recognise revenue when the distributor takes control of the widgets.\n\n"
            "The Company recognises revenue when control of the widgets passes.\n\n"
            "We will add the sentence above to future filings.",
        ),
        (
            None,
            "You disclose that gadget sales fell. Please quantify the fall in each period.",
            "Gadget sales fell by 4% in 2024 and 2% in 2023.",
        ),
    ]


STAFF_COMMENTS = [
    Comment(1, "Revenue Recognition", "40", "Please tell us how you recognise revenue on "
            "widgets sold through distributors. Refer to ASC 606-10-55-36."),
    Comment(2, "Results of Operations", "44", "You disclose that gadget sales fell. Please "
            "quantify the fall in each period and explain its causes."),
    Comment(3, "Exhibits", None, "Please file your distribution agreement as an exhibit."),
]  # fmt: skip


def test_restated_comments_take_the_numbers_of_the_staff_comments_they_restate() -> None:
    responses = [
        Response(None, "You disclose that gadget sales fell. Please quantify the fall in each "
                 "period and explain its causes.", "Gadget sales fell by 4%."),
        Response(None, "Please file your distribution agreement as an exhibit.", "We will."),
        Response(None, "Please tell us how you recognise revenue on widgets sold through "
                 "distributors.", "On delivery."),
        Response(None, None, "We also thank the Staff."),
    ]  # fmt: skip
    numbered = number_answers(responses, STAFF_COMMENTS)
    assert [(r.number, r.response_text) for r in numbered] == [
        (2, "Gadget sales fell by 4%."),
        (3, "We will."),
        (1, "On delivery."),
        (None, "We also thank the Staff."),
    ]
    assert [r.number for r in responses] == [None, None, None, None]


def test_numbers_already_printed_are_kept_and_not_given_twice() -> None:
    responses = [
        Response(1, "Please tell us how you recognise revenue.", "On delivery."),
        Response(None, "Please tell us how you recognise revenue on widgets sold through "
                 "distributors.", "Also on delivery."),
        Response(None, "Please describe your widget warranty reserves.", "They are small."),
    ]  # fmt: skip
    numbered = number_answers(responses, STAFF_COMMENTS)
    assert [r.number for r in numbered] == [1, None, None]

"""A short company letter that answers the comments in a sentence or two is a response, not
`other`; one that asks for time stays `other`. Letters named by accession are real corpus
letters; the text letters are fictional and written for the test."""

from __future__ import annotations

import pytest

from reviewdesk.letters import parse_bytes, parse_path


@pytest.mark.parametrize("accession", ["0000062709-22-000084", "0000950103-22-016715"])
def test_a_one_paragraph_answer_to_a_proxy_comment_letter_is_a_response(
    corpus_doc, accession: str
) -> None:
    """ "We will carefully consider these comments ... and will pay particular attention to
    the disclosures required by Item 407(h)": the staff then closed both reviews."""
    letter = parse_path(corpus_doc(accession))
    assert (letter.role, letter.kind, letter.in_reply_to) == ("company", "response", "2022-09-20")
    assert letter.responses == []


FICTIONAL = """March 20, 2025

VIA EDGAR

Securities and Exchange Commission
Division of Corporation Finance
100 F Street, N.E.

Re: Fictional Widgets Inc.
Form 10-K for the Fiscal Year Ended December 31, 2024
File No. 001-99999

Dear Ms. Roe:

{body}

Sincerely,

John Doe
Chief Financial Officer
"""


def test_a_confirmation_that_answers_the_comment_is_a_response() -> None:
    body = (
        "We refer to your comment letter dated March 6, 2025. As requested, we confirm that we "
        "will enhance our disclosure in future filings to describe our widget warranty reserves."
    )
    letter = parse_bytes(FICTIONAL.format(body=body).encode(), "fictional.txt")
    assert (letter.role, letter.kind, letter.in_reply_to) == ("company", "response", "2025-03-06")


def test_a_request_for_more_time_stays_other() -> None:
    body = (
        "We refer to your comment letter dated March 6, 2025. We will need additional time to "
        "prepare our response and will enhance our disclosure as needed; we expect to respond "
        "by April 10, 2025."
    )
    letter = parse_bytes(FICTIONAL.format(body=body).encode(), "fictional.txt")
    assert (letter.role, letter.kind) == ("company", "other")

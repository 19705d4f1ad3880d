"""Finding the earlier comments a follow-up comment points at (sentences quoted from real letters)."""

from __future__ import annotations

from datetime import date

from reviewdesk.letters.references import PriorReference, prior_references


def test_response_to_comment_in_letter_dated() -> None:
    text = "We note your response to comment 3 in our letter dated December 7, 2016. Please revise"
    assert prior_references(text) == [PriorReference(3, date(2016, 12, 7))]


def test_prior_comment_with_the_letter_date() -> None:
    text = (
        "We note your revised disclosure in response to prior comment 1 in our letter dated "
        "February 29, 2024. In future filings"
    )
    assert prior_references(text) == [PriorReference(1, date(2024, 2, 29))]


def test_comment_number_wording_and_line_breaks() -> None:
    text = "We have considered your responses to our prior comment number 4 in our letter dated\nMay 22, 2024."
    assert prior_references(text) == [PriorReference(4, date(2024, 5, 22))]


def test_several_numbers_and_ranges() -> None:
    assert [r.number for r in prior_references("Refer to prior comments 2 and 5.")] == [2, 5]
    assert [r.number for r in prior_references("Please see comments 3 through 5.")] == [3, 4, 5]
    assert [r.number for r in prior_references("We reissue comment 4.")] == [4]


def test_date_before_the_word_letter() -> None:
    text = "We note your responses to comments 1, 2 and 4 of our March 15, 2023 letter and"
    assert prior_references(text) == [
        PriorReference(1, date(2023, 3, 15)),
        PriorReference(2, date(2023, 3, 15)),
        PriorReference(4, date(2023, 3, 15)),
    ]


def test_comment_above_or_bare_mention_is_not_a_prior_reference() -> None:
    assert prior_references("Refer to comment 2 above.") == []
    assert prior_references("Please revise as in comment 1.") == []

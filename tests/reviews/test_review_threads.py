"""Threading real review threads of the corpus into reviews, rounds, answers and follow-ups.

The expected structures were established by reading the letters: who wrote each, its date,
which staff letter each company letter answers, and which comments a follow-up names.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
from tests.conftest import DOCS, manifest_rows

from reviewdesk.letters import parse_path
from reviewdesk.reviews import Review, Threading, ThreadLetter, comment_lives, thread

pytestmark = pytest.mark.corpus

Shape = tuple[str, str | None, list[tuple[str, list[str]]], list[str]]


@cache
def _threaded(source_thread: str) -> Threading:
    letters = [
        ThreadLetter.from_letter(
            parse_path(DOCS / Path(r["file"]).name),
            key=r["accession"],
            cik=r["cik"],
            filed=date.fromisoformat(r["filing_date"]),
            form=r["form"],
        )
        for r in manifest_rows({source_thread})
    ]
    return thread(letters)


def _review(source_thread: str, opening: str) -> Review:
    threading = _threaded(source_thread)
    found = next((r for r in threading.reviews if r.opening.key == opening), None)
    assert found is not None, [r.opening.key for r in threading.reviews]
    return found


def _shape(review: Review) -> Shape:
    in_rounds = {x.key for r in review.rounds for x in [r.staff, *r.answers]}
    closing = review.closing.key if review.closing is not None else None
    others = sorted(x.key for x in review.letters if x.key not in in_rounds and x.key != closing)
    rounds = [(r.staff.key, [a.key for a in r.answers]) for r in review.rounds]
    return (review.opening.key, closing, rounds, others)


def _follow_ups(review: Review) -> set[tuple[str, int | None, str, int | None]]:
    comments = {
        (r.staff.key, i): c.number for r in review.rounds for i, c in enumerate(r.staff.comments)
    }
    return {
        (life.comment[0], life.number, life.follow_up_of[0], comments[life.follow_up_of])
        for life in comment_lives(review)
        if life.follow_up_of is not None
    }


def _open_statuses(review: Review) -> dict[tuple[str, int | None], str]:
    """Statuses other than `resolved`, by (staff letter, comment number)."""
    return {
        (life.comment[0], life.number): life.status.value
        for life in comment_lives(review)
        if life.status.value != "resolved"
    }


def test_lennar_10k_review_three_rounds_and_completion() -> None:
    review = _review("LEN_0000000000-16-068040", "0000000000-16-068040")
    assert _shape(review) == (
        "0000000000-16-068040",
        "0000000000-16-096175",
        [
            ("0000000000-16-068040", ["0001628280-16-013124"]),
            ("0000000000-16-070323", ["0001628280-16-014193"]),
            ("0000000000-16-093615", ["0001628280-16-019867"]),
        ],
        [],
    )
    # "We note your response to our comment 2 from our letter dated March 1, 2016" (sic: March 11)
    assert _follow_ups(review) == {("0000000000-16-070323", 1, "0000000000-16-068040", 2)}
    assert _open_statuses(review) == {("0000000000-16-068040", 2): "followed_up"}
    assert review.days_to_close == 209


def test_lennar_s4_review_keeps_its_amendment_rounds_apart_from_the_10k_reviews() -> None:
    threading = _threaded("LEN_0000000000-16-068040")
    review = _review("LEN_0000000000-16-068040", "0000000000-16-103963")
    assert [r.opening.key for r in threading.reviews] == [
        "0000000000-16-068040",
        "0000000000-16-103963",
        "0000000000-17-008806",
    ]
    assert _shape(review) == (
        "0000000000-16-103963",
        None,
        [
            ("0000000000-16-103963", []),
            ("0000000000-16-106606", []),
            ("0000000000-17-000410", []),
        ],
        # the withdrawal of an acceleration request, and the acceleration request
        ["0001193125-16-791949", "0001193125-17-006734"],
    )
    assert _follow_ups(review) == {
        ("0000000000-16-106606", 1, "0000000000-16-103963", 3),
        ("0000000000-16-106606", 2, "0000000000-16-103963", 7),
        ("0000000000-16-106606", 3, "0000000000-16-103963", 8),
        ("0000000000-17-000410", 1, "0000000000-16-106606", 5),
    }


def test_ebay_review_each_round_follows_up_the_one_before() -> None:
    review = _review("EBAY_0000000000-17-028776", "0000000000-17-028776")
    assert _shape(review) == (
        "0000000000-17-028776",
        "0000000000-17-037169",
        [
            ("0000000000-17-028776", ["0001065088-17-000035"]),
            ("0000000000-17-033014", ["0001065088-17-000041"]),
            ("0000000000-17-035985", ["0001065088-17-000044"]),
        ],
        [],
    )
    assert _follow_ups(review) == {
        ("0000000000-17-033014", 1, "0000000000-17-028776", 1),
        ("0000000000-17-035985", 1, "0000000000-17-033014", 1),
    }
    assert _open_statuses(review) == {
        ("0000000000-17-028776", 1): "followed_up",
        ("0000000000-17-033014", 1): "followed_up",
    }


def test_electronic_arts_review_prior_comments_across_three_rounds() -> None:
    review = _review("EA_0000000000-19-011278", "0000000000-19-011278")
    assert _shape(review) == (
        "0000000000-19-011278",
        "0000000000-19-016745",
        [
            ("0000000000-19-011278", ["0000712515-19-000044"]),
            ("0000000000-19-012943", ["0000712515-19-000115"]),
            ("0000000000-19-015037", ["0000712515-19-000134"]),
        ],
        [],
    )
    first, second, third = "0000000000-19-011278", "0000000000-19-012943", "0000000000-19-015037"
    assert _follow_ups(review) == {
        (second, 1, first, 1),
        (second, 2, first, 2),
        (second, 3, first, 3),
        (third, 1, second, 1),
        (third, 2, second, 2),
        # "prior comments 3 of our letters dated July 18, 2019 and August 28, 2019"
        (third, 3, second, 3),
        # "Your response to prior comment 6"
        (third, 5, second, 6),
    }


def test_las_vegas_sands_review_four_rounds() -> None:
    review = _review("LVS_0000000000-22-005802", "0000000000-22-005802")
    assert _shape(review) == (
        "0000000000-22-005802",
        "0000000000-22-012555",
        [
            ("0000000000-22-005802", ["0001300514-22-000075"]),
            ("0000000000-22-006896", ["0001300514-22-000081"]),
            ("0000000000-22-007711", ["0001300514-22-000099"]),
            ("0000000000-22-009869", ["0001300514-22-000103"]),
        ],
        [],
    )
    assert _follow_ups(review) == {
        ("0000000000-22-006896", 1, "0000000000-22-005802", 1),
        ("0000000000-22-009869", 1, "0000000000-22-007711", 2),
        ("0000000000-22-009869", 2, "0000000000-22-007711", 3),
    }


def test_crown_castle_proxy_contest_letters_to_the_dissident_form_their_own_review() -> None:
    review = _review("CCI_0000000000-24-002292", "0000000000-24-002292")
    # "prior comment 1 in our letter dated February 29, 2024", same file number as the
    # company's own reviews: the citation, not the file number, decides.
    assert _shape(review) == (
        "0000000000-24-002292",
        None,
        [("0000000000-24-002292", []), ("0000000000-24-002478", [])],
        [],
    )
    assert _follow_ups(review) == {("0000000000-24-002478", 1, "0000000000-24-002292", 1)}
    ten_k = _review("CCI_0000000000-24-002292", "0000000000-24-005889")
    assert _shape(ten_k) == (
        "0000000000-24-005889",
        "0000000000-24-006659",
        [("0000000000-24-005889", ["0001051470-24-000169"])],
        [],
    )


def test_autodesk_review_extension_requests_are_not_answers() -> None:
    review = _review("ADSK_0000000000-18-024031", "0000000000-18-024031")
    first, second, third = "0000000000-18-024031", "0000000000-18-033224", "0000000000-18-038827"
    # the staff's later letters mistype the file number (000-14338 for 000-14388)
    assert _follow_ups(review) == {(second, 1, first, 5), (third, 1, second, 1)}
    assert _shape(review) == (
        first,
        "0000000000-19-003464",
        [
            (first, ["0000769397-18-000044"]),
            (second, ["0000769397-18-000047"]),
            (third, ["0001193125-19-029194"]),
        ],
        # letters asking for more time to respond
        ["0000769397-18-000031", "0000769397-18-000059"],
    )


def test_corning_review_extension_request_is_not_an_answer() -> None:
    review = _review("GLW_0000000000-23-012635", "0000000000-23-012635")
    assert _follow_ups(review) == {("0000000000-24-000115", 1, "0000000000-23-012635", 1)}
    assert _shape(review) == (
        "0000000000-23-012635",
        "0000000000-24-001830",
        [
            ("0000000000-23-012635", ["0001206774-23-001290"]),
            ("0000000000-23-013584", ["0001206774-23-001456"]),
            ("0000000000-24-000115", ["0001206774-24-000098"]),
        ],
        ["0001206774-24-000018"],
    )


def test_two_rounds_answered_the_day_they_were_sent_keep_each_answer_with_its_letter() -> None:
    """A desk review worked in one day (fictional): both letters and both responses share a
    date, so the cited date ties; each response answers the earliest letter not yet answered."""
    day = date(2026, 3, 20)
    common = {"cik": "0009990001", "date": day, "file_numbers": frozenset({"333-299001"})}
    letters = [
        ThreadLetter("desk/review-1/letter-1.htm", role="staff", kind="comments", **common),
        ThreadLetter(
            "desk/review-1/response-1.htm",
            role="company",
            kind="response",
            in_reply_to=day,
            **common,
        ),
        ThreadLetter("desk/review-1/letter-2.htm", role="staff", kind="comments", **common),
        ThreadLetter(
            "desk/review-1/response-2.htm",
            role="company",
            kind="response",
            in_reply_to=day,
            **common,
        ),
    ]
    threading = thread(letters)
    assert threading.answers == {
        "desk/review-1/response-1.htm": "desk/review-1/letter-1.htm",
        "desk/review-1/response-2.htm": "desk/review-1/letter-2.htm",
    }
    (review,) = threading.reviews
    assert [[a.key for a in round_.answers] for round_ in review.rounds] == [
        ["desk/review-1/response-1.htm"],
        ["desk/review-1/response-2.htm"],
    ]

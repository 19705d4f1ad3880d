"""BM25 ranking and the tokeniser on a small fictional set of comments (written for these
tests; no real letter says these things), with exact expected orders and scores."""

from __future__ import annotations

import math

from reviewdesk.services.precedents.bm25 import BM25Index
from reviewdesk.services.precedents.tokens import stem, tokens

FICTIONAL = {
    1: "Non-GAAP measures: reconcile adjusted EBITDA to net income.",
    2: "Revenue recognition for multiple performance obligations.",
    3: "Goodwill impairment test of the reporting unit.",
    4: "Adjusted EBITDA is a non-GAAP measure; explain the adjustments to adjusted EBITDA.",
    5: "Segment reporting and the chief operating decision maker.",
    6: "Please revise the disclosure on page 12 to tell us about goodwill impairments.",
}


def test_tokens_drop_numbers_stopwords_and_staff_boilerplate() -> None:
    assert tokens("Please tell us, on page 42, how you recognized revenues under ASC 606.") == [
        "recogniz",
        "revenu",
        "asc",
    ]


def test_tokens_fold_curly_quotes_and_non_breaking_hyphens() -> None:
    assert tokens("The company\u2019s Non\u2011GAAP taxes") == ["company", "non-gaap", "tax"]


def test_stem_joins_inflections_of_one_word() -> None:
    assert {stem("recognized"), stem("recognizes"), stem("recognize")} == {"recogniz"}
    assert stem("impairments") == "impairment"
    assert stem("cash") == "cash"


def test_ranking_puts_the_comment_repeating_the_query_words_first() -> None:
    index = BM25Index(FICTIONAL)
    assert [key for key, _ in index.rank("adjusted EBITDA non-GAAP")] == [4, 1]


def test_boilerplate_neither_matches_nor_lengthens_a_comment() -> None:
    index = BM25Index(FICTIONAL)
    # 6 is 'goodwill impairment' once its boilerplate is dropped: shorter than 3, so first
    assert index.lengths[6] == 2 and index.lengths[3] == 5
    assert [key for key, _ in index.rank("Please tell us about the goodwill impairment")] == [6, 3]


def test_among_restricts_and_k_cuts() -> None:
    index = BM25Index(FICTIONAL)
    assert [key for key, _ in index.rank("goodwill impairment", among=[6, 2])] == [6]
    assert [key for key, _ in index.rank("goodwill impairment", k=1)] == [6]


def test_score_of_a_single_matching_word_is_its_idf() -> None:
    index = BM25Index({1: "goodwill", 2: "segment"})
    assert index.rank("goodwill") == [(1, math.log(2.0))]


def test_equal_scores_go_to_the_smaller_key() -> None:
    index = BM25Index({9: "goodwill impairment", 4: "goodwill impairment", 7: "segments"})
    assert [key for key, _ in index.rank("impairment of goodwill")] == [4, 9]


def test_a_query_sharing_no_word_finds_nothing() -> None:
    assert BM25Index(FICTIONAL).rank("cybersecurity incident") == []

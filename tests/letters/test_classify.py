"""What real comments are about and ask, and how real answers answer, as the shipped model
reads them; every expected value is the hand label of ../shared/eval/dev-topics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewdesk.letters import Letter, parse_path
from reviewdesk.letters.about.labels import comment_passage, letter_forms, response_passage
from reviewdesk.letters.about.read import passage_vector, read_codes, read_topics
from reviewdesk.letters.classify import CLASSIFIER_VERSION, classify_letter, shipped_model

COMMENTS = [
    # accession, comment number, topics (main first), asks
    ("0000000000-16-061961", 2, ["exhibits"], ["file"]),
    ("0000000000-16-061961", 13, ["business_combinations"], ["explain", "revise"]),
    ("0000000000-16-066278", 1, ["segments"], ["future"]),
    ("0000000000-16-069909", 1, ["non_gaap"], ["explain"]),
    ("0000000000-16-070496", 2, ["contingencies"], ["explain"]),
    ("0000000000-16-072737", 2, ["mdna_results"], ["revise"]),
    ("0000000000-16-073108", 3, ["income_taxes"], ["explain"]),
    ("0000000000-16-082386", 3, ["executive_compensation"], ["explain", "future"]),
    ("0000000000-16-102723", 1, ["controls_audit"], ["file", "revise"]),
    ("0000000000-17-014278", 1, ["industry_financial"], ["explain"]),
    ("0000000000-17-021746", 1, ["industry_energy_mining"], ["revise"]),
    ("0000000000-18-026944", 1, ["financial_instruments"], ["future"]),
    ("0000000000-19-001516", 1, ["offering"], ["revise"]),
    ("0000000000-19-005386", 2, ["metrics"], ["future"]),
    ("0000000000-21-011216", 1, ["climate"], ["explain"]),
    ("0000000000-21-013958", 2, ["china"], ["explain", "revise"]),
    ("0000000000-23-001432", 4, ["leases"], ["explain"]),
    ("0000000000-23-006942", 1, ["form_compliance"], ["revise"]),
]

RESPONSES = [
    # accession, answer number, topics, answer classes
    ("0000007084-20-000031", 3, ["goodwill_impairment"], ["will_revise"]),
    ("0000712515-19-000134", 3, ["revenue"], ["confirmed"]),
    ("0000831259-22-000030", 2, ["industry_energy_mining"], ["explained", "will_revise"]),
    ("0000723125-17-000016", 4, ["non_gaap"], ["declined", "explained"]),
    ("0001193125-21-340633", 2, ["china"], ["revised", "supplemental"]),
]


def _read(path: Path) -> Letter:
    letter = parse_path(path)
    classify_letter(letter)
    return letter


@pytest.mark.corpus
@pytest.mark.parametrize(("accession", "number", "topics", "asks"), COMMENTS)
def test_a_real_comment_is_read_with_its_hand_labelled_topics_and_asks(
    corpus_doc, accession: str, number: int, topics: list[str], asks: list[str]
) -> None:
    comment = next(c for c in _read(corpus_doc(accession)).comments if c.number == number)
    assert comment.topics == topics
    assert sorted(comment.asks) == asks


@pytest.mark.corpus
@pytest.mark.parametrize(("accession", "number", "topics", "answer"), RESPONSES)
def test_a_real_answer_is_read_with_its_hand_labelled_class(
    corpus_doc, accession: str, number: int, topics: list[str], answer: list[str]
) -> None:
    response = next(r for r in _read(corpus_doc(accession)).responses if r.number == number)
    assert response.topics == topics
    assert sorted(response.answer) == answer


def test_both_seed_comments_are_governance_proxy(seed_letter: Path) -> None:
    letter = _read(seed_letter)
    assert [c.topics for c in letter.comments] == [["governance_proxy"], ["governance_proxy"]]
    assert [sorted(c.asks) for c in letter.comments] == [["explain", "revise"], ["revise"]]


def test_a_letter_that_could_not_be_read_gets_no_labels() -> None:
    letter = Letter(source="broken.pdf", error="not a PDF")
    classify_letter(letter)
    assert letter.comments == [] and letter.responses == []


def test_the_classifier_version_names_the_model_file() -> None:
    assert re.fullmatch(r"linear-topics\+cites/3 model [0-9a-f]{12}", CLASSIFIER_VERSION)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "accession",
    [
        "0000000000-16-061961",
        "0000000000-21-013958",
        "0000723125-17-000016",
        "0001193125-21-340633",
    ],
)
def test_the_compiled_reader_reads_as_the_training_feature_path(corpus_doc, accession: str) -> None:
    """The fast path classify_letter takes gives exactly the readings of the feature path
    the model is trained and cross-validated on."""
    model = shipped_model()
    letter = parse_path(corpus_doc(accession))
    classify_letter(letter)
    forms = letter_forms(letter)
    passages = [(comment_passage(c, forms), "asks", c.topics, c.asks) for c in letter.comments]
    passages += [
        (response_passage(r, forms), "answer", r.topics, r.answer) for r in letter.responses
    ]
    assert passages
    for passage, head, topics, codes in passages:
        vector = passage_vector(model, passage)
        assert (read_topics(model, vector), read_codes(model, head, vector)) == (topics, codes)

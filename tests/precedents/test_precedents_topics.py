"""Topic rules, outcomes and the labels file, on fictional comments written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewdesk.services.precedents.labels import (
    LabelFileError,
    label_comments,
    read_labels,
    topics_by_comment_id,
    write_labels,
)
from reviewdesk.services.precedents.outcome import Outcome, outcomes
from reviewdesk.services.precedents.stored_comments import StoredComment
from reviewdesk.services.precedents.topics import TopicLabel, topic_of


def _comment(key: int, number: int | None, heading: str | None, text: str) -> StoredComment:
    return StoredComment(
        id=key,
        letter_id=1,
        accession="0000000000-99-000001",
        letter_date=dt.date(2099, 1, 2),
        company_key="company:1",
        company="Fictional Co.",
        number=number,
        heading=heading,
        text=text,
        follow_up_of_id=None,
        answer=None,
        outcome=Outcome("resolved", 1, ()),
    )


def test_caption_decides_first_in_rule_order() -> None:
    label = topic_of("Non-GAAP Financial Measures in Results of Operations", "Please revise.")
    assert label == TopicLabel("non_gaap", "heading", "non-?gaap")


def test_text_decides_when_the_caption_says_nothing() -> None:
    label = topic_of("General", "Your goodwill impairment test; the reporting unit fair value.")
    assert label == TopicLabel(
        "goodwill_impairment", "text", "3 matches of goodwill | impairment | reporting units?"
    )


def test_a_tie_in_the_text_leaves_the_comment_unlabelled() -> None:
    assert topic_of(None, "Goodwill and segment; goodwill and segment.") is None
    assert topic_of(None, "Please revise the cover page.") is None


def test_outcomes_name_rounds_and_follow_ups() -> None:
    ends = outcomes(
        {1: "followed_up", 2: "resolved", 3: "resolved", 4: "answered", 5: None},
        {1: None, 2: 1, 3: None, 4: None, 5: None},
    )
    assert [ends[k].summary for k in range(1, 6)] == [
        "followed up",
        "resolved after 2 rounds",
        "resolved after one round",
        "answered; review still open",
        "no answer in the record",
    ]
    assert ends[1].followed_up_by == (2,)


def test_labels_round_trip_by_accession_and_number(tmp_path: Path) -> None:
    comments = {
        10: _comment(10, 1, "Income Taxes", "Valuation allowance."),
        11: _comment(11, 2, "General", "Please revise the cover page."),
        12: _comment(12, None, "Segments", "No number, so no stable key."),
    }
    path = tmp_path / "labels.csv"
    assert write_labels(label_comments(comments), path) == 1
    assert path.read_text().splitlines() == [
        "accession,number,topic,source,matched",
        "0000000000-99-000001,1,income_taxes,heading,income tax",
    ]
    resolved = topics_by_comment_id(read_labels(path), comments)
    assert {key: x.topic for key, x in resolved.items()} == {10: "income_taxes"}


def test_a_bad_labels_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("accession,number,topic,source,matched\n0000000000-99-000001,x,a,b,c\n")
    with pytest.raises(LabelFileError, match=r"labels.csv, line 2: number must be an integer"):
        read_labels(path)

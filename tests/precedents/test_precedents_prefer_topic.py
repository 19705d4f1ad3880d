"""Precedents prefer the same topic, and precedents-eval judges by the hand labels of
topic label files; on fictional comments written for these tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from reviewdesk.services.precedents.finder import PrecedentSearch, topic_weight
from reviewdesk.services.precedents.labels import LabelledComment, read_hand_labels
from reviewdesk.services.precedents.outcome import Outcome
from reviewdesk.services.precedents.stored_comments import StoredComment


def _comment(key: int, company: int, text: str, topics: tuple[str, ...]) -> StoredComment:
    return StoredComment(
        id=key,
        letter_id=key,
        accession=f"0000000000-99-00000{key}",
        letter_date=dt.date(2099, 1, key),
        company_key=f"company:{company}",
        company=f"Fictional Co. {company}",
        number=1,
        heading=None,
        text=text,
        follow_up_of_id=None,
        answer=None,
        outcome=Outcome("resolved", 1, ()),
        topics=topics,
    )


COMMENTS = {
    1: _comment(
        1, 1, "Please revise adjusted EBITDA tables and revenue discussion.", ("non_gaap",)
    ),
    2: _comment(
        2,
        2,
        "Please revise adjusted EBITDA tables and revenue discussion in segments.",
        ("revenue",),
    ),
    3: _comment(
        3, 3, "Please revise adjusted EBITDA tables and revenue reconciliation.", ("non_gaap",)
    ),
    4: _comment(4, 4, "Describe your leases.", ("leases",)),
}


def test_the_same_main_topic_outranks_a_slightly_closer_text_of_another_topic() -> None:
    plain = PrecedentSearch(COMMENTS, prefer_topic=False).find(1, k=2)
    preferred = PrecedentSearch(COMMENTS).find(1, k=2)
    assert [p.comment.id for p in plain] == [2, 3]
    assert [p.comment.id for p in preferred] == [3, 2]


def test_topic_weights() -> None:
    assert topic_weight(("non_gaap",), ("non_gaap", "revenue")) == 1.5
    assert topic_weight(("non_gaap", "revenue"), ("revenue",)) == 1.25
    assert topic_weight(("non_gaap",), ("leases",)) == 1.0
    assert topic_weight((), ("leases",)) == 1.0


def test_hand_labels_are_read_from_topic_label_files(tmp_path: Path) -> None:
    (tmp_path / "0000000000-99-000001.json").write_text(
        json.dumps(
            {
                "accession": "0000000000-99-000001",
                "role": "staff",
                "comments": [
                    {"number": 1, "topics": ["non_gaap", "revenue"], "asks": ["revise"]},
                    {"number": 2, "topics": ["leases"], "asks": ["explain"], "also": ["other"]},
                    {"number": None, "topics": ["other"], "asks": ["none"]},
                ],
            }
        )
    )
    (tmp_path / "0000000000-99-000002.json").write_text(
        json.dumps({"accession": "0000000000-99-000002", "role": "company", "responses": []})
    )
    assert read_hand_labels(tmp_path) == [
        LabelledComment("0000000000-99-000001", 1, "non_gaap", "hand", ""),
        LabelledComment("0000000000-99-000001", 2, "leases", "hand", "other"),
    ]

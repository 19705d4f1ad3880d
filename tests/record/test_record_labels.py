"""Labels in the record: the machine's topics, asks, answers and citations with the classifier
that read them, people's corrections kept apart and counting, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import SEED, shared

from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters import Letter, Response, parse_bytes
from reviewdesk.pipeline import reparse
from reviewdesk.record import Store, schema
from reviewdesk.record.ingest import record_reading
from reviewdesk.record.labels import (
    LabelError,
    comment_labels,
    effective_topics,
    response_labels,
    set_person_labels,
    write_machine_labels,
)

FindDoc = Callable[[str], Path]


def seed_reading() -> tuple[bytes, Letter]:
    data = shared(SEED).read_bytes()
    reading = parse_bytes(data, str(SEED))
    assert [c.number for c in reading.comments] == [1, 2]
    return data, reading


def labelled(reading: Letter) -> Letter:
    """The seed letter as a classifier would fill it (set here by hand, as the test's input)."""
    first, second = reading.comments
    return replace(
        reading,
        comments=[
            replace(first, topics=["governance_proxy", "offering"], asks=["revise"], cites=[]),
            replace(
                second,
                topics=["governance_proxy"],
                asks=["explain", "revise"],
                cites=["Rule 14a-4(a)(3)"],
            ),
        ],
    )


def stored_seed(store: Store) -> tuple[int, list[int]]:
    data, reading = seed_reading()
    outcome = record_reading(
        store, data, labelled(reading), source=str(SEED), given=SubmissionHeader()
    )
    assert outcome.letter_id is not None
    with store.session() as session:
        ids = list(
            session.scalars(
                select(schema.Comment.id)
                .where(schema.Comment.letter_id == outcome.letter_id)
                .order_by(schema.Comment.position)
            )
        )
    return outcome.letter_id, ids


def test_the_machines_labels_are_stored_per_comment_main_topic_first(store: Store) -> None:
    _letter, (first, second) = stored_seed(store)
    with store.session() as session:
        labels = comment_labels(session, [first, second])
        assert effective_topics(session) == {
            first: ["governance_proxy", "offering"],
            second: ["governance_proxy"],
        }
    assert labels[first].topics == ["governance_proxy", "offering"]
    assert labels[first].asks == ["revise"]
    assert labels[second].asks == ["explain", "revise"]
    assert labels[second].cites == ["Rule 14a-4(a)(3)"]
    assert labels[second].machine == {
        "topic": ["governance_proxy"],
        "ask": ["explain", "revise"],
        "cite": ["Rule 14a-4(a)(3)"],
    }
    assert labels[second].people == {}


def test_a_persons_label_counts_over_the_machines_and_keeps_who(store: Store) -> None:
    _letter, (first, _second) = stored_seed(store)
    with store.write() as session:
        before, after = set_person_labels(
            session, "comment", first, "topic", ["offering", "governance_proxy"], "ann"
        )
    assert (before, after) == (["governance_proxy", "offering"], ["offering", "governance_proxy"])
    with store.session() as session:
        labels = comment_labels(session, [first])[first]
        assert effective_topics(session, [first]) == {first: ["offering", "governance_proxy"]}
    assert labels.machine["topic"] == ["governance_proxy", "offering"]
    assert labels.people["topic"].codes == ["offering", "governance_proxy"]
    assert labels.people["topic"].by == "ann"
    assert labels.asks == ["revise"]
    with store.write() as session:
        set_person_labels(session, "comment", first, "topic", [], "ann")
    with store.session() as session:
        assert comment_labels(session, [first])[first].topics == ["governance_proxy", "offering"]


def test_a_new_machine_reading_never_overwrites_a_persons_label(store: Store) -> None:
    letter_id, (first, second) = stored_seed(store)
    with store.write() as session:
        set_person_labels(session, "comment", first, "ask", ["future"], "ann")
    _data, reading = seed_reading()
    reread = replace(
        reading,
        comments=[
            replace(reading.comments[0], topics=["other"], asks=["confirm"]),
            replace(reading.comments[1], topics=["exhibits"], asks=["file"]),
        ],
    )
    with store.write() as session:
        row = session.get_one(schema.Letter, letter_id)
        write_machine_labels(session, row, reread, "topics-test 2", row.parsed_at)
    with store.session() as session:
        labels = comment_labels(session, [first, second])
    assert labels[first].asks == ["future"]
    assert labels[first].machine["ask"] == ["confirm"]
    assert labels[first].topics == ["other"]
    assert labels[second].topics == ["exhibits"]
    assert labels[second].classifier == "topics-test 2"


def test_a_correction_survives_reparse_with_the_same_comment_id(store: Store) -> None:
    _letter, (first, second) = stored_seed(store)
    with store.write() as session:
        set_person_labels(session, "comment", second, "topic", ["exhibits"], "ann")
    reparse(store, jobs=1)
    with store.session() as session:
        ids = list(session.scalars(select(schema.Comment.id).order_by(schema.Comment.position)))
        labels = comment_labels(session, [second])[second]
    assert ids == [first, second]
    assert labels.topics == ["exhibits"]
    assert labels.people["topic"].by == "ann"


def test_corrections_outside_the_vocabulary_are_refused_with_the_codes_to_use(
    store: Store,
) -> None:
    _letter, (first, _second) = stored_seed(store)
    with store.write() as session, pytest.raises(LabelError, match=r"unknown topic code.*nongaap"):
        set_person_labels(session, "comment", first, "topic", ["nongaap"], "ann")
    with store.write() as session, pytest.raises(LabelError, match="at most 3"):
        set_person_labels(
            session, "comment", first, "topic", ["revenue", "leases", "segments", "other"], "ann"
        )
    with store.write() as session, pytest.raises(LabelError, match="cannot be corrected"):
        set_person_labels(session, "comment", first, "answer", ["revised"], "ann")


def test_a_linked_response_carries_the_effective_topics_of_its_comment(store: Store) -> None:
    _letter, (first, _second) = stored_seed(store)
    company = Letter(source="fictional-response.txt", role="company", kind="response")

    company.responses = [
        Response(
            1,
            None,
            "We have revised the proxy statement (fictional).",
            answer=["revised"],
            topics=["other"],
        )
    ]
    outcome = record_reading(
        store,
        b"fictional response letter",
        company,
        source="fictional-response.txt",
        given=SubmissionHeader(),
    )
    with store.write() as session:
        response = session.scalars(
            select(schema.Response).where(schema.Response.letter_id == outcome.letter_id)
        ).one()
        response_id = response.id
        assert response_labels(session, [response_id])[response_id].topics == ["other"]
        response.comment_id = first
        set_person_labels(session, "comment", first, "topic", ["exhibits"], "ann")
    with store.session() as session:
        labels = response_labels(session, [response_id])[response_id]
    assert labels.topics == ["exhibits"]
    assert labels.answer == ["revised"]


def test_reviewdesk_export_carries_the_effective_labels_in_every_format(
    store: Store, tmp_path: Path
) -> None:
    import csv as csv_module
    import json

    import pyarrow.parquet as pq

    from reviewdesk.record.export import ExportFormat, export

    _letter, (first, _second) = stored_seed(store)
    with store.write() as session:
        set_person_labels(session, "comment", first, "ask", ["future", "confirm"], "ann")
    for format in ExportFormat:
        export(store, format, tmp_path / format.value)
    with (tmp_path / "csv" / "comments.csv").open(newline="", encoding="utf-8") as handle:
        rows = [
            (r["number"], r["topics"], r["asks"], r["cites"]) for r in csv_module.DictReader(handle)
        ]
    assert rows == [
        ("1", "governance_proxy; offering", "future; confirm", ""),
        ("2", "governance_proxy", "explain; revise", "Rule 14a-4(a)(3)"),
    ]
    lines = (tmp_path / "jsonl" / "comments.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["asks"] for x in lines] == ["future; confirm", "explain; revise"]
    table = pq.read_table(tmp_path / "parquet" / "comments.parquet")
    assert table.column("topics").to_pylist() == ["governance_proxy; offering", "governance_proxy"]
    responses = pq.read_table(tmp_path / "parquet" / "responses.parquet")
    assert responses.column_names[-3:] == ["answer", "topics", "cites"]

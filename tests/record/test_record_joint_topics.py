"""The record reads a staff comment and the answers linked to it together, as `reviewdesk
parse` does: BB&T's 2019 merger registration statement (S-4, File No. 333-230179), comment 7
on the pro forma statements read alone is business combinations only, read with its answer
also mergers and tender offers. The joint topics are the machine's labels of both; a person's
label stays; the answer's caption is stored and exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import DOCS, MANIFEST, shared

from reviewdesk.letters import parse_path
from reviewdesk.letters.classify import CLASSIFIER_VERSION, classify_letter, shipped_reader
from reviewdesk.pipeline import ingest_paths, reparse, thread_all
from reviewdesk.record import Store, schema
from reviewdesk.record.label_export import export_labels
from reviewdesk.record.labels import comment_labels, response_labels, set_person_labels
from reviewdesk.reviews.conversations import conversations, read_together

STAFF = "0000000000-19-006560.pdf"  # 13 comments on the S-4
ANSWER = "0001193125-19-139845.htm"  # BB&T's answers to them
JOINT = ["business_combinations", "mergers_tender"]
PRO_FORMA = "Unaudited Pro Forma Condensed Combined Financial Statements"
BBT = [
    STAFF,
    ANSWER,
    "0001193125-19-173822.htm",  # acceleration request
    "0000000000-19-009973.pdf",  # staff, 3 comments
    "0001193125-19-175890.htm",  # response to it, 3 answers
]
ZIMMER = [
    "0000000000-18-013314.pdf",  # staff, April 30 2018, 3 comments
    "0001564590-18-012768.htm",  # its response, 3 answers
    "0001564590-18-017270.htm",  # answers a later letter the corpus lacks: read alone
    "0000000000-18-027498.pdf",  # completion
]


def _ingest(store: Store, *names: str) -> None:
    ingest_paths(store, [shared(DOCS / name) for name in names], MANIFEST, jobs=1)


def _seventh(store: Store) -> tuple[int, int]:
    """Comment 7 of the staff letter and answer 7 of the response, by id."""
    with store.session() as session:
        comment = session.scalar(
            select(schema.Comment.id)
            .join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
            .where(schema.Letter.accession == STAFF[:20], schema.Comment.number == 7)
        )
        response = session.scalar(
            select(schema.Response.id)
            .join(schema.Letter, schema.Letter.id == schema.Response.letter_id)
            .where(schema.Letter.accession == ANSWER[:20], schema.Response.number == 7)
        )
    assert comment is not None and response is not None
    return comment, response


@pytest.mark.parametrize(
    "batches",
    [[(STAFF, ANSWER)], [(STAFF,), (ANSWER,)], [(ANSWER,), (STAFF,)]],
    ids=["one batch", "staff first", "response first"],
)
def test_a_comment_and_its_answer_are_stored_with_the_topics_read_together(
    store: Store, batches: list[tuple[str, ...]]
) -> None:
    for batch in batches:
        _ingest(store, *batch)
    comment, response = _seventh(store)
    with store.session() as session:
        said = comment_labels(session, [comment])[comment]
        answered = response_labels(session, [response])[response]
        linked = session.get_one(schema.Response, response).comment_id
    assert linked == comment
    assert said.topics == said.machine["topic"] == JOINT
    assert answered.topics == answered.machine["topic"] == JOINT
    assert said.classifier == answered.classifier == CLASSIFIER_VERSION


def test_the_staff_letter_alone_keeps_the_comment_read_alone(store: Store) -> None:
    _ingest(store, STAFF)
    with store.session() as session:
        comment = session.scalar(select(schema.Comment.id).where(schema.Comment.number == 7))
        assert comment is not None
        assert comment_labels(session, [comment])[comment].topics == ["business_combinations"]


def test_a_persons_topics_survive_the_joint_reading_and_a_reparse(store: Store) -> None:
    _ingest(store, STAFF)
    comment = _seventh_comment(store)
    with store.write() as session:
        set_person_labels(session, "comment", comment, "topic", ["other_accounting"], "ann")
    _ingest(store, ANSWER)
    reparse(store, jobs=1)
    thread_all(store)
    comment, response = _seventh(store)
    with store.session() as session:
        said = comment_labels(session, [comment])[comment]
        answered = response_labels(session, [response])[response]
    assert said.topics == answered.topics == ["other_accounting"]
    assert said.machine["topic"] == answered.machine["topic"] == JOINT
    assert said.people["topic"].codes == ["other_accounting"]
    assert said.people["topic"].by == "ann"


def _seventh_comment(store: Store) -> int:
    with store.session() as session:
        comment = session.scalar(select(schema.Comment.id).where(schema.Comment.number == 7))
    assert comment is not None
    return comment


def test_the_answers_caption_is_stored_and_exported(store: Store, tmp_path: Path) -> None:
    _ingest(store, STAFF, ANSWER)
    _comment, response = _seventh(store)
    with store.session() as session:
        assert session.get_one(schema.Response, response).heading == PRO_FORMA
    export_labels(store, tmp_path / "labels")
    exported = json.loads((tmp_path / "labels" / f"{ANSWER[:20]}.json").read_text())
    assert [r["heading"] for r in exported["responses"]][:7] == [
        "General",
        "Will the value of the merger consideration change between the date of this joint"
        " proxy statement/prospectus...?",
        "Background of the Merger",
        None,
        "Selected Transactions Analysis",
        "Chief Executive Officer, Chairman, President and Chief Operating Officer",
        PRO_FORMA,
    ]
    assert exported["responses"][6]["topics"] == JOINT


@pytest.mark.parametrize("names", [BBT, ZIMMER], ids=["BB&T", "Zimmer Biomet"])
def test_the_record_stores_the_topics_parse_gives_the_letters_read_together(
    store: Store, names: list[str]
) -> None:
    _ingest(store, *names)
    readings = [parse_path(shared(DOCS / name)) for name in names]
    for reading in readings:
        classify_letter(reading)
    read_together(conversations(readings), shipped_reader())
    parsed = {
        r.accession: ([c.topics for c in r.comments], [x.topics for x in r.responses])
        for r in readings
    }
    with store.session() as session:
        rows = session.scalars(select(schema.Letter).order_by(schema.Letter.id)).all()
        said = comment_labels(session, [c.id for row in rows for c in row.comments])
        answered = response_labels(session, [r.id for row in rows for r in row.responses])
        stored = {
            row.accession: (
                [said[c.id].machine.get("topic", []) for c in row.comments],
                [answered[r.id].machine.get("topic", []) for r in row.responses],
            )
            for row in rows
        }
    assert stored == parsed

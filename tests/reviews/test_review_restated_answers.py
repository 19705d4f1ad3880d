"""When the record links a response letter to the staff letter it answers, answers that
restate comments without their numbers take the numbers of the comments they restate.

Real corpus letters: Casey's General Stores' 2023 review, whose response restates four
comments in italics and numbers none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import DOCS, MANIFEST, manifest_rows

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import schema
from reviewdesk.record.store import open_store

pytestmark = pytest.mark.corpus


def test_restated_answers_are_numbered_and_answer_their_comments(tmp_path: Path) -> None:
    files = [
        DOCS / Path(row["file"]).name
        for row in manifest_rows()
        if row["accession"] in ("0000000000-23-001432", "0001387131-23-002744")
    ]
    store = open_store(str(tmp_path / "record.sqlite"))
    ingest_paths(store, files, manifest=MANIFEST, jobs=1)
    with store.session() as session:
        letters = {
            row.accession: row
            for row in session.scalars(select(schema.Letter).order_by(schema.Letter.id))
        }
        staff, answer = letters["0000000000-23-001432"], letters["0001387131-23-002744"]
        assert [r.number for r in answer.responses] == [1, 2, 3, 4]
        answered = [session.get(schema.Response, c.answered_by_id) for c in staff.comments]
        assert [
            (c.number, r.response_text[:30] if r else None)
            for c, r in zip(staff.comments, answered, strict=True)
        ] == [
            (1, "In response to the Staff’s com"),
            (2, "We acknowledge the Staff’s com"),
            (3, "In response to the Staff’s com"),
            (4, "We reviewed the disclosure req"),
        ]

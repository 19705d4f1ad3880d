"""`reviewdesk topics export`: the record's labels as topic label files in the format of
shared/eval/dev-topics, with who or which classifier gave each facet; a hand-labelled corpus
letter put into the record as a person's labels comes back out as its gold file says, and
the topic reader's loader learns from the export without the documents."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from tests.conftest import DOCS, EVAL, MANIFEST
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters.about.labels import load_labelled
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, schema
from reviewdesk.record.label_export import export_labels
from reviewdesk.record.labels import set_person_labels

ACCESSION = "0000000000-22-009853"
GOLD = EVAL / "dev-topics" / f"{ACCESSION}.json"


def _gold_into_record(store: Store) -> dict[str, object]:
    gold = json.loads(GOLD.read_text())
    summary = ingest_paths(store, [DOCS / f"{ACCESSION}.pdf"], MANIFEST, jobs=1)
    assert summary.failed == 0
    with store.write() as session:
        by_number = {
            c.number: c.id
            for c in session.scalars(select(schema.Comment).order_by(schema.Comment.position))
        }
        for item in gold["comments"]:
            comment = by_number[item["number"]]
            set_person_labels(session, "comment", comment, "topic", item["topics"], "gold")
            set_person_labels(session, "comment", comment, "ask", item["asks"], "gold")
    return gold


def test_a_hand_labelled_letter_comes_back_out_as_its_gold_file(
    store: Store, manifest_path: Path, tmp_path: Path
) -> None:
    gold = _gold_into_record(store)
    summary = export_labels(store, tmp_path / "out", people_only=True)
    assert (summary.letters, summary.items, summary.by_people) == (1, 5, 5)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{ACCESSION}.json"]
    exported = json.loads((tmp_path / "out" / f"{ACCESSION}.json").read_text())
    assert (exported["accession"], exported["role"], exported["responses"]) == (
        ACCESSION,
        "staff",
        [],
    )
    assert [(c["number"], c["topics"], c["asks"]) for c in exported["comments"]] == [
        (c["number"], c["topics"], c["asks"]) for c in gold["comments"]
    ]
    first = exported["comments"][0]
    assert first["labelled_by"]["topics"]["source"] == "person"
    assert first["labelled_by"]["topics"]["by"] == "gold"
    items, problems = load_labelled([tmp_path / "out"], [], None)
    assert problems == []
    assert [(i.number, list(i.topics), list(i.asks)) for i in items] == [
        (c["number"], c["topics"], c["asks"]) for c in gold["comments"]
    ]
    with store.session() as session:
        texts = list(session.scalars(select(schema.Comment.text).order_by(schema.Comment.position)))
    assert [i.passage.text for i in items] == texts


def test_the_command_writes_the_files_and_says_how_many(
    store: Store, manifest_path: Path, tmp_path: Path
) -> None:
    _gold_into_record(store)
    _register()
    result = CliRunner().invoke(
        app, ["topics", "export", "-o", str(tmp_path / "labels"), "--db", store.url]
    )
    assert result.exit_code == 0, result.output
    assert "1 letters, 5 labelled items, 5 with a person's label" in result.output
    assert (tmp_path / "labels" / f"{ACCESSION}.json").is_file()

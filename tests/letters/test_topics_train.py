"""`reviewdesk topics train` builds the same model file from the same labels, and reads the
labels people exported with their own texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters.about.model import load_model
from tests.conftest import DOCS, EVAL, shared

DEV_TOPICS = EVAL / "dev-topics"
runner = CliRunner()


def _some_labels(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "labels"
    folder.mkdir()
    for path in sorted(shared(DEV_TOPICS).glob("*.json"))[:count]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.mark.corpus
@pytest.mark.slow
def test_topics_train_writes_the_same_file_twice(tmp_path: Path) -> None:
    _register()
    labels = _some_labels(tmp_path, 80)
    outputs = [tmp_path / "one.json.gz", tmp_path / "two.json.gz"]
    for output in outputs:
        args = ["topics", "train", "--labels", str(labels), "--docs", str(DOCS)]
        result = runner.invoke(app, [*args, "-o", str(output)])
        assert result.exit_code == 0, result.output
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    model = load_model(outputs[0])
    assert set(model.heads) == {"topic", "topics", "asks", "answer"}


def test_topics_train_learns_a_label_file_that_carries_its_own_texts(tmp_path: Path) -> None:
    """Fictional labelled comments, as an export from the record would carry them."""
    _register()
    folder = tmp_path / "export"
    folder.mkdir()
    staff = [
        (
            "Non-GAAP Measures",
            "Please revise to present the most comparable GAAP measure with equal prominence.",
            "non_gaap",
            "revise",
        ),
        (
            "Revenue Recognition",
            "Tell us how you applied ASC 606 to your performance obligations.",
            "revenue",
            "explain",
        ),
    ]
    for n, (heading, text, topic, ask) in enumerate(staff * 3):
        item = {"number": 1, "heading": heading, "text": text, "topics": [topic], "asks": [ask]}
        letter = {"accession": f"fictional-{n}", "role": "staff", "comments": [item]}
        (folder / f"fictional-{n}.json").write_text(json.dumps(letter))
    answers = [
        ("We have revised page 4.", "revised"),
        ("We will revise future filings.", "will_revise"),
    ]
    for n, (text, answer) in enumerate(answers * 3):
        item = {
            "number": 1,
            "comment_text": "Revenue.",
            "response_text": text,
            "answer": [answer],
            "topics": ["revenue"],
        }
        letter = {"accession": f"fictional-c{n}", "role": "company", "responses": [item]}
        (folder / f"fictional-c{n}.json").write_text(json.dumps(letter))
    output = tmp_path / "model.json.gz"
    result = runner.invoke(
        app,
        ["topics", "train", "--labels", str(folder), "--docs", str(tmp_path), "-o", str(output)],
    )
    assert result.exit_code == 0, result.output
    assert "12 labelled items" in result.output
    model = load_model(output)
    assert model.heads["topic"].classes == ("revenue", "non_gaap")
    assert model.heads["answer"].classes == ("revised", "will_revise")


def test_topics_train_names_a_missing_label_folder(tmp_path: Path) -> None:
    _register()
    result = runner.invoke(app, ["topics", "train", "--labels", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such label folder" in result.output

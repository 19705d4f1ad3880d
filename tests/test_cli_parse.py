"""`reviewdesk parse` keeps to the contract: one JSON line per input, errors in-line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reviewdesk.cli import _register, app

runner = CliRunner()


def test_parse_prints_one_line_per_document_and_reports_a_bad_one(tmp_path: Path) -> None:
    _register()
    empty = tmp_path / "empty.htm"
    empty.write_bytes(b"")
    letter = tmp_path / "letter.txt"
    letter.write_text("Fictional letter.\n\nRe: Example Corp.\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", "--format", "jsonl", str(empty), str(letter)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == [str(empty), str(letter)]
    assert lines[0]["error"] == "the document is empty"
    assert lines[1]["error"] is None


def test_parse_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    _register()
    result = runner.invoke(app, ["parse", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2

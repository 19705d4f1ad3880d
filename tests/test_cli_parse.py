"""`reviewdesk parse` keeps to the contract: one JSON line per input, errors in-line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from tests.fuzz import shapes

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


def test_parse_with_a_manifest_takes_the_company_a_re_block_does_not_name(tmp_path: Path) -> None:
    """A fictional letter whose Re: block names no company; the manifest says who filed it."""
    _register()
    letter = tmp_path / "0009999999-25-000042.txt"
    letter.write_text(
        "March 3, 2025\n\nRe: Comment letter dated February 20, 2025\nForm 10-K for the Fiscal "
        "Year Ended December 31, 2024\nFile No. 001-99999\n\nDear Ms. Roe:\n\nWe respond to your "
        "letter dated February 20, 2025.\n\n1. Please tell us about widgets.\n\nResponse: We "
        "sell widgets.\n\nSincerely,\n\nJohn Doe\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "accession,file,form,company\n0009999999-25-000042,0009999999-25-000042.txt,CORRESP,"
        "Fictional Widgets Inc.\n",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["parse", str(letter)])
    known = runner.invoke(app, ["parse", "--manifest", str(manifest), str(letter)])
    assert json.loads(plain.stdout)["company"] is None
    reading = json.loads(known.stdout)
    assert (reading["company"], reading["role"], reading["kind"]) == (
        "Fictional Widgets Inc.",
        "company",
        "response",
    )


def test_parse_refuses_a_manifest_it_cannot_use(tmp_path: Path) -> None:
    _register()
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,path\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", "--manifest", str(manifest), str(manifest)])
    assert result.exit_code == 2
    assert "no accession, file column" in result.stderr


def test_parse_output_carries_each_comments_citations(corpus_doc) -> None:
    _register()
    path = corpus_doc("0000000000-25-003720")
    result = runner.invoke(app, ["parse", "--format", "jsonl", str(path)])
    assert result.exit_code == 0
    (letter,) = [json.loads(line) for line in result.stdout.splitlines()]
    by_number = {c["number"]: c["cites"] for c in letter["comments"]}
    assert by_number[1] == ["S-K Item 303(b)"]
    assert by_number[4] == ["ASC 280-10-50-30(b)", "ASC 280-10-50-28C", "ASC 280-10-50-30"]


def test_parse_goes_on_past_a_pdf_with_a_non_page_and_nested_wrappers(tmp_path: Path) -> None:
    _register()
    given = []
    for index, shape in enumerate(
        (shapes.xhtml_letter, shapes.page_list_to_a_non_page, shapes.nested_documents)
    ):
        name, data = shape(1.0)
        path = tmp_path / f"{index}_{name}"
        path.write_bytes(data)
        given.append(str(path))
    after = tmp_path / "3_after.txt"
    after.write_text("Fictional letter.\n\nRe: Example Corp.\n", encoding="utf-8")
    given.append(str(after))
    result = runner.invoke(app, ["parse", "-j", "2", *given])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["source"] for line in lines] == given
    assert [line["error"] for line in lines] == [
        None,
        "page 2 of 2 cannot be loaded (Failed to load page.); the PDF is damaged, "
        "save or print it to PDF again",
        "more than 8 nested <DOCUMENT> wrappers (a real submission has one or two); "
        "the file is damaged or crafted",
        None,
    ]


def test_parse_stops_a_letter_over_the_time_limit_and_reads_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register()
    monkeypatch.setenv("REVIEWDESK_READ_SECONDS", "1")
    name, data = shapes.many_dates(8.0)  # 38 MB of dates: about 9 CPU seconds to read, idle
    slow = tmp_path / name
    slow.write_bytes(data)
    after = tmp_path / "after.txt"
    after.write_text("Fictional letter.\n\nRe: Example Corp.\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", "-j", "1", str(slow), str(after)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["error"] for line in lines] == [
        "reading it took longer than the 1 s a document may take, so it was stopped; "
        "if you trust it, raise $REVIEWDESK_READ_SECONDS and read it again",
        None,
    ]

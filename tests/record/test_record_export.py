"""Export: letters, comments with their responses, responses, and reviews, as CSV, JSON lines
and Parquet files with the same rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import func, select
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, schema
from reviewdesk.record.export import ExportFormat, export


def test_every_format_holds_the_same_rows(
    store: Store, thread_docs: list[Path], manifest_path: Path, tmp_path: Path
) -> None:
    ingest_paths(store, thread_docs[:4], manifest_path, jobs=1)
    with store.session() as session:
        comments = session.scalar(select(func.count()).select_from(schema.Comment))
        responses = session.scalar(select(func.count()).select_from(schema.Response))
        reviews = session.scalar(select(func.count()).select_from(schema.Review))
        companies = session.scalar(select(func.count()).select_from(schema.Company))
        filings = session.scalar(select(func.count()).select_from(schema.Filing))
    accessions = [p.stem for p in thread_docs[:4]]
    counts: dict[str, dict[str, int]] = {}
    for format in ExportFormat:
        written = export(store, format, tmp_path / format.value)
        counts[format.value] = {path.stem: n for path, n in written.items()}
    expected = {
        "letters": 4,
        "comments": comments,
        "responses": responses,
        "companies": companies,
        "filings": filings,
    }
    assert (companies, filings) == (1, 2)
    if reviews:
        expected["reviews"] = reviews
    for format in ExportFormat:
        assert {k: v for k, v in counts[format.value].items() if k != "rounds"} == expected

    with (tmp_path / "csv" / "letters.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["accession"] for r in rows] == accessions
    assert rows[0]["filing_date"] == "2018-05-02"
    assert rows[0]["edgar_form"] == "UPLOAD"
    assert "content" not in rows[0]

    lines = (tmp_path / "jsonl" / "letters.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert (first["accession"], first["cik"], first["media_type"]) == (
        accessions[0],
        "0001551152",
        "application/pdf",
    )

    letters = pq.read_table(tmp_path / "parquet" / "letters.parquet")
    assert letters.column("accession").to_pylist() == accessions
    assert letters.schema.field("date").type == pa.date32()
    assert letters.schema.field("refers_to_prior").type == pa.bool_()
    table = pq.read_table(tmp_path / "parquet" / "comments.parquet")
    assert table.num_rows == comments
    assert {"letter_accession", "response_text", "response_letter_accession"} <= set(
        table.column_names
    )


def test_export_command_writes_the_files_it_lists(store_url: str, tmp_path: Path) -> None:
    _register()
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["export", "--format", "jsonl", "-o", str(out), "--db", store_url],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "comments.jsonl",
        "companies.jsonl",
        "filings.jsonl",
        "letters.jsonl",
        "responses.jsonl",
    ]
    assert (out / "letters.jsonl").read_text() == ""

"""Ingest: real letters stored byte for byte with their readings; the same document twice is
one record; a document that cannot be read is kept with its error."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters import parse_bytes
from reviewdesk.pipeline import ingest_bytes, ingest_paths
from reviewdesk.record import Status, Store, schema

FindDoc = Callable[[str], Path]
FICTIONAL_BAD = b"This fictional text is not a PDF, though its name says so.\n"
"""A made-up document for the error path: named .pdf, but the bytes are plain text."""


def count(store: Store, model: type[schema.Base]) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_real_thread_is_stored_byte_for_byte_with_manifest_fields(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    seen: list[Status] = []
    summary = ingest_paths(
        store, thread_docs, manifest_path, jobs=2, progress=lambda o: seen.append(o.status)
    )
    assert (summary.given, summary.stored, summary.duplicates, summary.errors) == (10, 10, 0, 0)
    assert seen == [Status.stored] * 10
    assert count(store, schema.Letter) == 10
    assert count(store, schema.RawDocument) == 10
    assert count(store, schema.IngestError) == 0
    assert count(store, schema.Company) == 1
    readings = [parse_bytes(p.read_bytes(), str(p)) for p in thread_docs]
    assert count(store, schema.Comment) == sum(len(r.comments) for r in readings)
    assert count(store, schema.Response) == sum(len(r.responses) for r in readings)
    with store.session() as session:
        letters = session.scalars(select(schema.Letter).order_by(schema.Letter.id)).all()
        assert [letter.accession for letter in letters] == [p.stem for p in thread_docs]
        for letter, path in zip(letters, thread_docs, strict=True):
            data = path.read_bytes()
            assert letter.raw_document.content == data
            assert letter.raw_document.sha256 == hashlib.sha256(data).hexdigest()
            assert letter.raw_document.size == len(data)
            assert letter.raw_document.original_name == path.name
        first, reply = letters[0], letters[1]
        assert (first.edgar_form, first.filing_date, first.cik) == (
            "UPLOAD",
            dt.date(2018, 5, 2),
            "0001551152",
        )
        assert first.raw_document.media_type == "application/pdf"
        assert (reply.edgar_form, reply.filing_date) == ("CORRESP", dt.date(2018, 5, 10))
        assert reply.raw_document.media_type == "application/x-edgar-sgml"
        company = session.scalars(select(schema.Company)).one()
        assert (company.cik, company.name) == ("0001551152", "AbbVie")
        assert "AbbVie" in {n.name for n in company.names}
        assert {letter.company_id for letter in letters} == {company.id}


def test_the_same_bytes_twice_are_one_record(store: Store, corpus_doc: FindDoc) -> None:
    path = corpus_doc("0000000000-20-009552")
    data = path.read_bytes()
    first = ingest_bytes(store, data, source=str(path))
    again = ingest_bytes(store, data, source="elsewhere/copy-of-letter.pdf")
    assert first.status is Status.stored
    assert again.status is Status.duplicate
    assert again.letter_id == first.letter_id
    assert again.accession == first.accession == "0000000000-20-009552"
    assert count(store, schema.Letter) == count(store, schema.RawDocument) == 1


def test_the_same_accession_twice_is_one_record(store: Store, corpus_doc: FindDoc) -> None:
    path = corpus_doc("0001104659-20-114898")
    first = ingest_bytes(store, path.read_bytes(), source=str(path), cik="1551152")
    changed = path.read_bytes() + b"\n"
    again = ingest_bytes(store, changed, source="other.htm", accession="0001104659-20-114898")
    assert (first.status, again.status) == (Status.stored, Status.duplicate)
    assert again.letter_id == first.letter_id
    assert count(store, schema.RawDocument) == 1
    with store.session() as session:
        assert session.scalars(select(schema.Letter.cik)).one() == "0001551152"


def test_a_document_that_cannot_be_read_is_kept_with_its_error(store: Store) -> None:
    outcome = ingest_bytes(
        store,
        FICTIONAL_BAD,
        source="fictional.pdf",
        accession="0000000000-99-000001",
        form="UPLOAD",
    )
    assert outcome.status is Status.stored_with_error
    assert outcome.error == "named .pdf but the bytes are plain text, not a PDF; check the file"
    with store.session() as session:
        letter = session.get_one(schema.Letter, outcome.letter_id)
        assert letter.parse_error == outcome.error
        assert letter.accession == "0000000000-99-000001"
        assert letter.edgar_form == "UPLOAD"
        assert letter.raw_document.content == FICTIONAL_BAD
        error = session.scalars(select(schema.IngestError)).one()
        assert (error.letter_id, error.source, error.message, error.resolved_at) == (
            outcome.letter_id,
            "fictional.pdf",
            outcome.error,
            None,
        )
    assert ingest_bytes(store, FICTIONAL_BAD, source="again.pdf").status is Status.duplicate
    assert count(store, schema.IngestError) == 1


def test_errors_command_lists_the_kept_bad_document(store: Store, store_url: str) -> None:
    ingest_bytes(store, FICTIONAL_BAD, source="fictional.pdf")
    _register()
    result = CliRunner().invoke(app, ["errors", "--db", store_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1 ingest errors" in result.output
    assert "fictional.pdf" in result.output
    assert "named .pdf but the bytes are plain text, not a PDF; check the file" in result.output


def test_a_batch_goes_on_past_a_missing_file_and_counts_it(
    store: Store, thread_docs: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "fictional.pdf"
    bad.write_bytes(FICTIONAL_BAD)
    missing = tmp_path / "gone.pdf"
    summary = ingest_paths(store, [missing, bad, *thread_docs[:2]], jobs=1)
    assert (summary.given, summary.stored, summary.errors, summary.failed) == (4, 3, 1, 1)
    assert [p.source for p in summary.problems] == [str(missing), str(bad)]
    assert summary.problems[0].error == "cannot be read (No such file or directory); check the path"
    assert count(store, schema.Letter) == 3


def test_ingest_command_prints_the_summary_and_is_idempotent(
    store_url: str, thread_docs: list[Path], manifest_path: Path
) -> None:
    _register()
    args = ["ingest", *map(str, thread_docs[:3]), "--manifest", str(manifest_path)]
    runner = CliRunner()
    first = runner.invoke(app, [*args, "--db", store_url, "-j", "1"], env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    assert "│     3 │      3 │          0 │                   0 │          0 │" in first.output
    again = runner.invoke(app, [*args, "--db", store_url, "-j", "1"], env={"COLUMNS": "200"})
    assert "│     3 │      0 │          3 │                   0 │          0 │" in again.output


def test_a_full_submission_txt_fills_its_fields_from_its_sec_header(
    store: Store, corpus_doc: FindDoc, tmp_path: Path
) -> None:
    letter = corpus_doc("0001104659-18-032238").read_bytes()
    # A fictional EDGAR full-submission wrapper (made-up accession and header values) around
    # a real company letter, as `reviewdesk ingest` gets it from an EDGAR .txt download.
    header = (
        b"<SEC-DOCUMENT>0009999999-18-000001.txt : 20180510\n<SEC-HEADER>\n"
        b"ACCESSION NUMBER:\t\t0009999999-18-000001\nCONFORMED SUBMISSION TYPE:\tCORRESP\n"
        b"FILED AS OF DATE:\t\t20180510\nCOMPANY DATA:\n"
        b"\tCOMPANY CONFORMED NAME:\t\t\tFictional Holdings Inc.\n"
        b"\tCENTRAL INDEX KEY:\t\t\t0009999999\n</SEC-HEADER>\n"
    )
    path = tmp_path / "fictional-submission.txt"
    path.write_bytes(header + letter + b"</SEC-DOCUMENT>\n")
    summary = ingest_paths(store, [tmp_path], jobs=1)
    assert (summary.given, summary.stored) == (1, 1)
    with store.session() as session:
        row = session.scalars(select(schema.Letter)).one()
        assert (row.accession, row.edgar_form, row.filing_date, row.cik) == (
            "0009999999-18-000001",
            "CORRESP",
            dt.date(2018, 5, 10),
            "0009999999",
        )
        assert row.raw_document.media_type == "application/x-edgar-sgml"
        assert row.raw_document.content == path.read_bytes()
        company = session.scalars(select(schema.Company)).one()
        assert company.name == "Fictional Holdings Inc."

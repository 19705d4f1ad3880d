"""Killing `reviewdesk ingest` at any moment and running it again gives the same record as
one uninterrupted run: documents are written a small group per transaction (WRITE_GROUP), so a
kill loses at most the group in flight and the rerun writes it again."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.reading import parser_fingerprint

KILL_AFTER = 8
"""Letters stored before the interrupted run is killed."""


def command(docs: list[Path], manifest: Path, url: str) -> list[str]:
    script = shutil.which("reviewdesk", path=str(Path(sys.executable).parent))
    start = (
        [script] if script else [sys.executable, "-c", "from reviewdesk.cli import main; main()"]
    )
    return [*start, "ingest", *map(str, docs), "--manifest", str(manifest), "--db", url, "-j", "2"]


def letters_stored(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(schema.Letter)) or 0


def contents(store: Store) -> dict[str, Any]:
    """Everything ingest writes, keyed by what identifies it rather than by row id."""
    with store.session() as session:
        letters = session.scalars(select(schema.Letter)).all()
        by_id = {letter.id: letter.accession for letter in letters}
        skip = {"id", "parsed_at", "parser_version", "company_id", "review_id", "round_id"}
        return {
            "letters": {
                letter.accession: {
                    c.key: getattr(letter, c.key)
                    for c in schema.Letter.__table__.columns
                    if c.key not in skip
                }
                for letter in letters
            },
            "comments": sorted(
                (by_id[c.letter_id], c.position, c.number, c.heading, c.page, c.text)
                for c in session.scalars(select(schema.Comment))
            ),
            "responses": sorted(
                (by_id[r.letter_id], r.position, r.number, r.comment_text, r.response_text)
                for r in session.scalars(select(schema.Response))
            ),
            "raw": sorted(
                (
                    d.sha256,
                    d.size,
                    d.media_type,
                    d.original_name,
                    hashlib.sha256(d.content).hexdigest(),
                )
                for d in session.scalars(select(schema.RawDocument))
            ),
            "errors": sorted(
                (e.raw_document_sha256, e.message)
                for e in session.scalars(select(schema.IngestError))
            ),
            "companies": sorted((c.cik, c.name) for c in session.scalars(select(schema.Company))),
        }


@pytest.mark.slow
def test_killed_ingest_rerun_gives_the_same_record_as_one_run(
    store_url: str, sample_docs: list[Path], manifest_path: Path, tmp_path: Path
) -> None:
    assert len(sample_docs) == 60
    parser_before = parser_fingerprint()
    store = open_store(store_url)
    process = subprocess.Popen(
        command(sample_docs, manifest_path, store_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while letters_stored(store) < KILL_AFTER and process.poll() is None:
            assert time.monotonic() < deadline, "the ingest stored nothing within two minutes"
            time.sleep(0.01)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    interrupted = letters_stored(store)
    assert KILL_AFTER <= interrupted < 60, f"killed after {interrupted} of 60 letters"
    with store.session() as session:
        orphans = session.scalars(
            select(schema.RawDocument.sha256).where(
                schema.RawDocument.sha256.not_in(select(schema.Letter.raw_document_sha256))
            )
        ).all()
    assert orphans == [], "a document's bytes were kept without its letter"

    rerun = subprocess.run(
        command(sample_docs, manifest_path, store_url), capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    assert letters_stored(store) == 60

    reference = open_store(str(tmp_path / "uninterrupted.sqlite"))
    summary = ingest_paths(reference, sample_docs, manifest_path, jobs=2)
    assert summary.stored == 60
    if parser_fingerprint() != parser_before:
        pytest.skip("the parser's source files changed on disk during the test; run it again")
    assert contents(store) == contents(reference)
    store.close()
    reference.close()

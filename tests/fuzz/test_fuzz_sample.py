"""A small deterministic sample of the fuzz corpus (tests/fuzz/run.py at full size is the
command): every input is read or gets a clear per-document error within the limits, none is
left unstored, and the letters stored before are unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DOCS, shared
from tests.fuzz.run import run
from tests.fuzz.shapes import SHAPES

MUTATIONS = 20


@pytest.mark.corpus
@pytest.mark.slow
def test_a_fuzz_sample_is_read_or_refused_per_document_and_changes_nothing_stored(
    tmp_path: Path,
) -> None:
    docs = sorted(p for p in shared(DOCS).iterdir() if p.is_file())
    report = run(tmp_path, docs, mutations=MUTATIONS, scale=0.01)
    amendments = sum(1 for t in report.timings if t.name.startswith("amendment "))
    assert report.inputs == MUTATIONS + len(SHAPES) + amendments
    assert report.read + sum(report.errors.values()) == report.inputs
    assert report.not_stored == []
    assert report.changed_before == []
    assert report.errors["page N of N cannot be loaded"] == 1
    assert report.errors["more than N nested <DOCUMENT> wrappers"] == 1
    assert all(t.error is None or t.error.strip() for t in report.timings)

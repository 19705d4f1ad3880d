"""Fixtures of the trends tests: the fictional record on SQLite and on PostgreSQL (the store
fixtures of the record tests), and a record of real corpus threads."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store
from tests.record.conftest import pg_database, store, store_url  # noqa: F401
from tests.trends import fictional_record

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MANIFEST = CORPUS / "manifest.csv"


@pytest.fixture
def fictional(store: Store) -> tuple[Store, dict[str, int]]:  # noqa: F811
    """The fictional record of `fictional_record` and its company ids."""
    return store, fictional_record.build(store)


def thread_paths(threads: set[str]) -> list[Path]:
    """The corpus letters of these manifest threads; skips when the corpus is absent."""
    if not MANIFEST.is_file():
        pytest.skip(f"real letters are read from {CORPUS}, which is absent on this machine")
    with MANIFEST.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["source_thread"] in threads]
    return [CORPUS / r["file"] for r in rows]


@pytest.fixture(scope="module")
def corpus_threads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A SQLite record of a few real review threads (see test_trends_corpus)."""
    from tests.trends.test_trends_corpus import THREADS

    opened = open_store(str(tmp_path_factory.mktemp("trends") / "threads.sqlite"))
    summary = ingest_paths(opened, thread_paths(set(THREADS)), MANIFEST, jobs=2)
    assert summary.failed == 0, summary.problems
    yield opened
    opened.close()

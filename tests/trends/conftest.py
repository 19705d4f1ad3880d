"""Fixtures of the trends tests: the fictional record on SQLite and on PostgreSQL (the store
fixtures of the record tests), and a record of real corpus threads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store
from tests.conftest import MANIFEST, thread_files
from tests.record.conftest import pg_database, store, store_url  # noqa: F401
from tests.trends import fictional_record


@pytest.fixture
def fictional(store: Store) -> tuple[Store, dict[str, int]]:  # noqa: F811
    """The fictional record of `fictional_record` and its company ids."""
    return store, fictional_record.build(store)


@pytest.fixture(scope="module")
def corpus_threads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A SQLite record of a few real review threads (see test_trends_corpus)."""
    from tests.trends.test_trends_corpus import THREADS

    opened = open_store(str(tmp_path_factory.mktemp("trends") / "threads.sqlite"))
    summary = ingest_paths(opened, thread_files(THREADS), MANIFEST, jobs=2)
    assert summary.failed == 0, summary.problems
    yield opened
    opened.close()

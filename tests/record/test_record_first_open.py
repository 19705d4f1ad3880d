"""Two processes opening (and so migrating) the same new SQLite file at once both succeed:
the migration takes the write lock first and the second one waits, then finds it done."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from reviewdesk.record import open_store
from reviewdesk.record.store import current_revision, head

FICTIONAL_LETTERS = Path(__file__).resolve().parents[2] / "src" / "reviewdesk" / "demo_letters"


def _open_and_ingest(path: str, start: multiprocessing.synchronize.Barrier) -> None:
    from reviewdesk.pipeline import ingest_paths

    start.wait()
    store = open_store(path)
    try:
        summary = ingest_paths(store, [FICTIONAL_LETTERS], jobs=1)
        assert summary.failed == 0, summary.problems
    finally:
        store.close()


def test_two_first_ingests_into_a_new_sqlite_file_both_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for attempt in range(2):
        path = str(tmp_path / f"new-{attempt}.sqlite")
        start = context.Barrier(2)
        runs = [context.Process(target=_open_and_ingest, args=(path, start)) for _ in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join(180)
        assert [run.exitcode for run in runs] == [0, 0], f"attempt {attempt}"
        store = open_store(path)
        try:
            assert current_revision(store) == head()
        finally:
            store.close()

"""Search through the engine index of a PostgreSQL record (services/search/engine_index):
built from the record of three real review threads, it finds and counts what SQLite's FTS5
finds in the same letters; a change to the record is searchable at once; applying changes
again, after a crash between the index's commit and the record's, leaves each item once;
a second writer waits for the first; and the command line says what to do when an index
cannot be used."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import Store, search_feed
from reviewdesk.services.search import SearchFilters, SearchQuery, search
from reviewdesk.services.search.engine_index import ENV_VAR
from reviewdesk.services.search.engine_index import backend as engine_backend
from reviewdesk.services.search.engine_index.directory import opened
from reviewdesk.services.search.engine_index.indexer import (
    Applied,
    WriterBusy,
    apply,
    apply_batch,
    writers,
)
from reviewdesk.services.search.words import read_words
from tests.conftest import DOCS, MANIFEST, manifest_rows
from tests.web.conftest import drop_database, own_database

Found = tuple[int, set[tuple[str, str | None, str]]]


def _found(store: Store, words: str, filters: SearchFilters | None = None) -> Found:
    with store.session() as session:
        page = search(session, SearchQuery(words, filters or SearchFilters(), per_page=100))
    return page.total, {(h.kind, h.accession, h.anchor) for h in page.hits}


def _docs(where: Path) -> dict[str, int]:
    return {t: i.searcher().num_docs for t, i in opened(where).fresh().items()}


def _backend_kind(store: Store, words: str) -> str:
    with store.session() as session:
        return type(engine_backend.engine_backend(session, read_words(words), _where())).__name__


def _where() -> Path:
    return Path(os.environ[ENV_VAR])


SEARCHES: list[tuple[str, SearchFilters, int]] = [
    ("revenue", SearchFilters(), 10),
    ('"non-GAAP"', SearchFilters(), 6),
    ("impair*", SearchFilters(), 8),
    ("goodwill OR segment", SearchFilters(), 10),
    ("revenue -goodwill", SearchFilters(), 9),
    ("disclose", SearchFilters(), 18),
    ("disclose", SearchFilters(company_id=3), 7),
    ("disclose", SearchFilters(year=2022), 7),
    ("disclose", SearchFilters(form="10-K"), 16),
    ("disclose", SearchFilters(office="energy"), 1),
    ("please", SearchFilters(topic="non_gaap"), 8),
    ("please", SearchFilters(cik="1039684"), 6),
]
"""Words, filters (keyed ones on the index; CIK on PostgreSQL) and the matches in the three
threads, the same on SQLite."""


def test_the_engine_finds_and_counts_what_sqlite_and_postgresql_find(
    engine_on: Store, corpus_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _backend_kind(engine_on, "revenue") == "EngineBackend"
    engine = [_found(engine_on, words, filters) for words, filters, _total in SEARCHES]
    monkeypatch.setenv(ENV_VAR, "")
    postgres = [_found(engine_on, words, filters) for words, filters, _total in SEARCHES]
    sqlite = [_found(corpus_store, words, filters) for words, filters, _total in SEARCHES]
    assert engine == sqlite == postgres
    assert [n for n, _hits in engine] == [total for _words, _filters, total in SEARCHES]


def _comment_with(store: Store, word: str) -> int:
    """Append `word` to the first comment's text; its id."""
    with store.engine.begin() as connection:
        item = int(connection.execute(text("SELECT min(id) FROM comments")).scalar_one())
        connection.execute(
            text("UPDATE comments SET text = text || :w WHERE id = :i"),
            {"w": f" {word}", "i": item},
        )
    return item


def test_a_change_is_searchable_by_the_next_search_and_each_item_stays_once(
    engine_on: Store,
) -> None:
    before = _docs(_where())
    changed = _comment_with(engine_on, "zebracorn")
    assert _found(engine_on, "zebracorn")[0] == 1
    assert _docs(_where()) == before
    with engine_on.engine.begin() as connection:
        connection.execute(text("DELETE FROM comments WHERE id = :i"), {"i": changed})
    assert _found(engine_on, "zebracorn")[0] == 0
    assert _docs(_where()) == {**before, "comments": before["comments"] - 1}


class _KilledAfterCommit:
    """A writer whose commit reaches the index and then the process dies."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.writer, name)

    def commit(self) -> int:
        self.writer.commit()
        raise KeyboardInterrupt


def test_changes_committed_to_the_index_but_not_the_record_are_applied_again(
    engine_on: Store,
) -> None:
    index = opened(_where())
    before = _docs(_where())
    _comment_with(engine_on, "quagga")
    with writers(index, None) as held:
        held["comments"] = _KilledAfterCommit(held["comments"])
        with pytest.raises(KeyboardInterrupt):
            apply_batch(index, engine_on.engine, held, Applied())
    with engine_on.engine.connect() as connection:
        assert search_feed.backlog(connection, index.naming.name) == 1
    done = apply(index, engine_on.engine)
    assert (done.changes, done.replaced, done.deleted) == (1, 1, 0)
    assert _docs(_where()) == before
    assert _found(engine_on, "quagga")[0] == 1


def test_a_second_writer_waits_and_a_search_meanwhile_answers_from_postgresql(
    engine_on: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_backend, "CATCH_UP_SECONDS", 0.1)
    index = opened(_where())
    waited: list[Applied] = []
    with writers(index, None):
        _comment_with(engine_on, "okapi")
        with pytest.raises(WriterBusy):
            apply(index, engine_on.engine, wait=0.1)
        second = threading.Thread(target=lambda: waited.append(apply(index, engine_on.engine)))
        second.start()
        assert _backend_kind(engine_on, "okapi") == "PostgresBackend"
        assert _found(engine_on, "okapi")[0] == 1
        assert waited == []
    second.join(timeout=60)
    assert [(a.changes, a.replaced) for a in waited] == [(1, 1)]
    assert _backend_kind(engine_on, "okapi") == "EngineBackend"
    assert _found(engine_on, "okapi")[0] == 1


runner = CliRunner()


@pytest.fixture(autouse=True)
def _own_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--search-index` sets $REVIEWDESK_SEARCH_INDEX for the process (and the workers it
    starts): restored after each test, so no other test searches with an index."""
    monkeypatch.setenv(ENV_VAR, "")  # an empty value is no index; the old one comes back


def _run(*args: str) -> Any:
    _register()
    return runner.invoke(app, list(args))


def test_the_commands_build_sync_and_report_an_index(
    indexed: tuple[Store, Path], tmp_path: Path
) -> None:
    store, _where_built = indexed
    where = tmp_path / "index"
    built = _run("search-index", "build", "--db", store.url, "--index", str(where))
    assert built.exit_code == 0, built.output
    assert "items (comments 42, responses 42)" in built.output
    _comment_with(store, "aardwolf")
    status = _run("search-index", "status", "--db", store.url, "--index", str(where))
    assert "comments 42, responses 42; 1 pending changes" in status.output
    synced = _run("search-index", "sync", "--db", store.url, "--index", str(where))
    assert "1 changes applied (1 items replaced, 0 removed)" in synced.output
    again = _run("search-index", "build", "--db", store.url, "--index", str(where))
    assert again.exit_code == 2
    assert "already holds files; give a new or empty directory" in again.output
    dropped = _run("search-index", "drop", "--db", store.url, "--index", str(where))
    assert dropped.exit_code == 0 and not where.exists()


def test_the_commands_say_what_to_do_with_an_index_they_cannot_use(
    indexed: tuple[Store, Path], corpus_store: Store, tmp_path: Path
) -> None:
    _store, where = indexed
    on_sqlite = _run("search-index", "build", "--db", corpus_store.url, "--index", str(tmp_path))
    assert on_sqlite.exit_code == 2
    assert "SQLite searches with FTS5; the engine index is for PostgreSQL" in on_sqlite.output
    name, other = own_database()
    try:
        elsewhere = _run("search-index", "sync", "--db", other, "--index", str(where))
        assert elsewhere.exit_code == 2
        assert f"the engine index at {where} follows another record" in elsewhere.output
        missing = _run("search-index", "status", "--db", other, "--index", str(tmp_path / "no"))
        assert f"no engine index at {tmp_path / 'no'}; build one with" in missing.output
        searched = _run("search", "revenue", "--db", other, "--search-index", str(where))
        assert searched.exit_code == 2
    finally:
        drop_database(name)
    ignored = _run("search", "revenue", "--db", corpus_store.url, "--search-index", str(where))
    assert ignored.exit_code == 0
    assert "is ignored: SQLite searches with FTS5" in ignored.output
    assert "10 matches" in ignored.output


def test_an_ingest_with_the_index_leaves_nothing_to_apply(
    indexed: tuple[Store, Path],
) -> None:
    store, where = indexed
    other = next(r for r in manifest_rows() if r["accession"] == "0000000000-20-012305")
    paths = [DOCS / Path(other["file"]).name]
    ingested = _run(
        "ingest",
        *map(str, paths),
        "--db",
        store.url,
        "--manifest",
        str(MANIFEST),
        "--search-index",
        str(where),
    )
    assert ingested.exit_code == 0, ingested.output
    with store.engine.connect() as connection:
        assert search_feed.backlog(connection, opened(where).naming.name) == 0
        stored = {
            table: connection.execute(
                text(
                    f"SELECT count(*) FROM {table} x JOIN letters l ON l.id = x.letter_id "
                    "WHERE l.accession = :a"
                ),
                {"a": other["accession"]},
            ).scalar_one()
            for table in ("comments", "responses")
        }
    assert sum(stored.values()) > 0, ingested.output
    assert _docs(where) == {
        "comments": 42 + stored["comments"],
        "responses": 42 + stored["responses"],
    }

"""Search over comments and responses on SQLite (FTS5) and PostgreSQL (tsvector + GIN): the
same words find the same items, filters narrow them, the index follows every write."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select, update

from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.fulltext import drop_sqlite_triggers
from reviewdesk.services.search import (
    ReviewStatus,
    Scope,
    SearchError,
    SearchFilters,
    SearchQuery,
    export_csv,
    index_ready,
    rebuild_index,
    search,
)
from reviewdesk.services.search.words import fts5_match, read_words, tsquery_source


def test_words_become_quoted_fts5_terms() -> None:
    words = read_words('"revenue recognition" goodwill OR impair* -lease NEAR: AND')
    assert fts5_match(words) == (
        '(("revenue recognition" AND "goodwill") OR ("impair"* AND "near" AND "and")) NOT ("lease")'
    )
    assert tsquery_source(read_words('"gross margin" it\'s')) == (
        "(('gross' <-> 'margin') & ('it''s'))"
    )


@pytest.mark.parametrize("text", ["", "   ", '""', "-- :: ()", "OR"])
def test_words_without_a_word_are_refused(text: str) -> None:
    with pytest.raises(SearchError, match="no word to look for"):
        read_words(text)


def test_overlong_words_are_refused() -> None:
    with pytest.raises(SearchError, match="at most 500"):
        read_words("a" * 501)


def check_phrase_search(store: Store) -> None:
    with store.session() as session:
        result = search(session, SearchQuery('"economic gross margin"'))
        assert {h.company for h in result.hits} == {"NRG Energy, Inc."}
        assert {h.kind for h in result.hits} == {"comment", "response"}
        comment = next(h for h in result.hits if h.kind == "comment")
        assert comment.number == 3
        assert "economic gross margin" in comment.snippet_text.lower()
        assert "<mark>" in comment.snippet_html
        only_responses = search(
            session, SearchQuery('"economic gross margin"', scope=Scope.responses)
        )
        assert {h.kind for h in only_responses.hits} == {"response"}
        closed = search(
            session, SearchQuery("note", SearchFilters(status=ReviewStatus.closed, year=2016))
        )
        assert closed.total > 0
        assert {h.review_status for h in closed.hits} == {"closed"}
        assert {h.letter_date.year for h in closed.hits if h.letter_date} == {2016}
        exported = "".join(export_csv(session, SearchQuery('"economic gross margin"')))
        rows = list(csv.DictReader(io.StringIO(exported)))
        assert len(rows) == result.total
        assert all("economic gross margin" in r["text"].lower() for r in rows)


@pytest.mark.corpus
def test_phrase_filters_and_export_on_sqlite(corpus_store: Store) -> None:
    check_phrase_search(corpus_store)


@pytest.mark.corpus
@pytest.mark.postgres
def test_phrase_filters_and_export_on_postgresql(pg_store: Store) -> None:
    check_phrase_search(pg_store)


@pytest.mark.corpus
@pytest.mark.postgres
def test_both_backends_find_the_same_items(corpus_store: Store, pg_store: Store) -> None:
    def found(store: Store, words: str) -> set[tuple[str, str | None, int | None]]:
        with store.session() as session:
            hits = search(session, SearchQuery(words, per_page=100)).hits
        return {(h.kind, h.accession, h.number) for h in hits}

    for words in ('"economic gross margin"', "goodwill", "tender offer"):
        on_sqlite = found(corpus_store, words)
        assert on_sqlite, f"SQLite finds nothing for {words}"
        assert on_sqlite == found(pg_store, words), words


def check_index_follows_writes(store: Store) -> None:
    with store.write() as session:
        comment = session.scalars(select(schema.Comment).order_by(schema.Comment.id)).first()
        assert comment is not None
        comment_id = comment.id
        session.execute(
            update(schema.Comment)
            .where(schema.Comment.id == comment_id)
            .values(text="Fictional rewording about zymurgical disclosures.")
        )
    with store.session() as session:
        hits = search(session, SearchQuery("zymurgical")).hits
        assert [(h.kind, h.id) for h in hits] == [("comment", comment_id)]


@pytest.mark.corpus
def test_index_follows_updates_on_sqlite(tmp_path: Path) -> None:
    from tests.web.conftest import ingest_threads

    store = ingest_threads(str(tmp_path / "writes.sqlite"))
    check_index_follows_writes(store)
    drop_sqlite_triggers(store)
    assert not index_ready(store)
    rebuild_index(store)
    assert index_ready(store)
    with store.session() as session:
        assert search(session, SearchQuery("zymurgical")).total == 1
    store.close()


@pytest.mark.corpus
@pytest.mark.postgres
def test_index_follows_updates_on_postgresql(pg_url: str) -> None:
    from tests.web.conftest import ingest_threads

    schema_url = pg_url + "?options=-csearch_path%3Dwrites"
    with open_store(pg_url).engine.begin() as connection:
        connection.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS writes")
    store = ingest_threads(schema_url)
    assert index_ready(store)
    check_index_follows_writes(store)
    rebuild_index(store)
    store.close()

"""What PostgreSQL search reads besides the index: the vectors it ranks are kept in their
rows (migration 0019), a probe over every id reads the search index rather than walking the
primary key, and snippets are made from a text's opening unless the match lies beyond it."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from reviewdesk.record import Store
from reviewdesk.record.fulltext import PG_VECTORS, index_shape
from reviewdesk.services.search import SearchFilters
from reviewdesk.services.search.backends import (
    HEADLINE_CHARS,
    HEADLINE_OPTIONS,
    SOURCES,
    PostgresBackend,
    newest_window,
)
from reviewdesk.services.search.model import MARK_START
from reviewdesk.services.search.words import read_words


def headlines(store: Store, words: str, opening: bool) -> dict[int, str]:
    """ts_headline of every answer matching `words`, over its opening or its whole text."""
    column = "left(response_text, :chars)" if opening else "response_text"
    with store.session() as session:
        rows = session.execute(
            text(
                f"SELECT id, ts_headline('english', {column}, to_tsquery('english', :q), :o) "
                "FROM responses WHERE search_vector @@ to_tsquery('english', :q)"
            ),
            {
                "q": PostgresBackend(read_words(words)).query,
                "o": HEADLINE_OPTIONS,
                "chars": HEADLINE_CHARS,
            },
        ).all()
    return {int(i): str(h) for i, h in rows}


def snippets(store: Store, words: str, ids: list[int]) -> dict[int, str]:
    with store.session() as session:
        return PostgresBackend(read_words(words)).snippets(session, SOURCES["responses"], ids)


@pytest.mark.corpus
@pytest.mark.postgres
def test_search_vectors_are_kept_in_their_rows(pg_store: Store) -> None:
    with pg_store.engine.connect() as connection:
        storage = connection.execute(
            text(
                "SELECT attrelid::regclass::text, attstorage FROM pg_attribute "
                "WHERE attname = 'search_vector' AND attrelid::regclass::text = ANY(:tables)"
            ),
            {"tables": list(PG_VECTORS)},
        ).all()
    assert sorted(storage) == [("comments", "m"), ("responses", "m")]


@pytest.mark.corpus
@pytest.mark.postgres
def test_a_match_beyond_the_opening_is_highlighted_from_the_whole_text(pg_store: Store) -> None:
    """`bankruptcy` occurs once in the three threads, 7,580 characters into one answer."""
    whole = headlines(pg_store, "bankruptcy", opening=False)
    assert len(whole) == 1
    assert all(MARK_START not in h for h in headlines(pg_store, "bankruptcy", True).values())
    found = snippets(pg_store, "bankruptcy", list(whole))
    assert found == whole
    assert all(MARK_START in snippet for snippet in found.values())


@pytest.mark.corpus
@pytest.mark.postgres
def test_a_match_in_the_opening_is_highlighted_from_the_opening(pg_store: Store) -> None:
    """`terminal` is in the opening of three answers, each longer than the opening."""
    opening = headlines(pg_store, "terminal", opening=True)
    with pg_store.session() as session:
        longer = session.execute(
            text(
                "SELECT count(*) FROM responses WHERE id = ANY(:ids) AND length(response_text) > :n"
            ),
            {"ids": list(opening), "n": HEADLINE_CHARS},
        ).scalar_one()
    assert (len(opening), longer) == (3, 3)
    found = snippets(pg_store, "terminal", list(opening))
    assert found == opening
    assert all(MARK_START in snippet for snippet in found.values())


@pytest.mark.corpus
@pytest.mark.postgres
@pytest.mark.parametrize("table", ["comments", "responses"])
def test_a_probe_over_every_id_reads_the_search_index(pg_store: Store, table: str) -> None:
    """A word the newest range does not hold is sought over every id, through the search
    index: the primary key cannot give the order, so no plan walks it filtering every row
    (2.4 s for `revenue year=2018` at a million items)."""
    probes: list[tuple[str, dict[str, object]]] = []

    def seen(conn: object, cursor: object, statement: str, params: object, *rest: object) -> None:
        if "ts_rank_cd" in statement and "below" not in statement and isinstance(params, dict):
            probes.append((statement, params))

    backend = PostgresBackend(read_words("zymurgical"))
    event.listen(pg_store.engine, "before_cursor_execute", seen)
    try:
        with pg_store.session() as session:
            shape = index_shape(session.connection(), table)
            clause, params, _ = backend._from(session, SOURCES[table], SearchFilters(), shape)
            assert newest_window(session, table, clause, params, 5, shape) == []
    finally:
        event.remove(pg_store.engine, "before_cursor_execute", seen)
    assert len(probes) == 1
    statement, params = probes[0]
    with pg_store.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(
            row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", params)
        )
    assert f"ix_{table}_search_vector" in plan
    assert f"pk_{table}" not in plan

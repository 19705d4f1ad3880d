"""PostgreSQL finds a search's window of newest matches by probing id ranges newest first
(where its search index carries the recency key, as migration 0013 makes it with btree_gin);
whatever the probes, the window is exactly the newest matches a single query over every
match gives, with the same ts_rank_cd scores; without the recency key one query does it."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from reviewdesk.record import Store, open_store
from reviewdesk.record.fulltext import (
    PG_VECTORS,
    index_shape,
    recency_indexed,
    search_index_statement,
)
from reviewdesk.services.search import SearchFilters, SearchQuery, search
from reviewdesk.services.search.backends import (
    FIRST_SPAN,
    SOURCES,
    PostgresBackend,
    newest_window,
    next_span,
)
from reviewdesk.services.search.words import read_words


def every_match(store: Store, table: str, words: str, window: int) -> list[tuple[int, float]]:
    """The newest `window` matches by one query over every match (the contract)."""
    with store.session() as session:
        rows = session.execute(
            text(
                "SELECT id, ts_rank_cd(search_vector, to_tsquery('english', :q)) FROM "
                f"{table} WHERE search_vector @@ to_tsquery('english', :q) "
                "ORDER BY id DESC LIMIT :window"
            ),
            {"q": PostgresBackend(read_words(words)).query, "window": window},
        ).all()
    return [(int(i), float(score)) for i, score in rows]


def probed(store: Store, table: str, words: str, window: int) -> list[tuple[int, float]]:
    backend = PostgresBackend(read_words(words))
    with store.session() as session:
        shape = index_shape(session.connection(), table)
        clause, params, _ = backend._from(session, SOURCES[table], SearchFilters(), shape)
        return newest_window(session, table, clause, params, window)


WORDS = ["please", "company", "revenue", '"gross margin"', "goodwill", "zymurgical"]
WINDOWS = [1, 2, 5, 40]


@pytest.mark.corpus
@pytest.mark.postgres
@pytest.mark.parametrize("table", ["comments", "responses"])
@pytest.mark.parametrize("window", WINDOWS)
@pytest.mark.parametrize("words", WORDS)
def test_probed_window_is_the_newest_matches(
    pg_store: Store, table: str, window: int, words: str
) -> None:
    """Dense words fill the window from the first range, sparse ones from a range sized to
    their density, rare ones from every older id; each gives the contract's window."""
    expected = every_match(pg_store, table, words, window)
    assert probed(pg_store, table, words, window) == expected


@pytest.mark.corpus
@pytest.mark.postgres
def test_the_cases_run_every_probing_path(pg_store: Store) -> None:
    """Among the cases above, some fill the window from the first range, some find part of
    it there and the rest in older ranges, some find nothing there but matches older."""
    with pg_store.session() as session:
        top = int(session.execute(text("SELECT max(id) FROM comments")).scalar_one())
    paths = set()
    for words in WORDS:
        ids = [i for i, _ in every_match(pg_store, "comments", words, 10_000)]
        for window in WINDOWS:
            first = [i for i in ids if i > top - FIRST_SPAN * window]
            if len(first) >= window:
                paths.add("first range")
            elif first and len(ids) > len(first):
                paths.add("sized range")
            elif not first and ids:
                paths.add("every older id")
    assert paths == {"first range", "sized range", "every older id"}


@pytest.mark.corpus
@pytest.mark.postgres
def test_migrated_search_indexes_carry_the_recency_key(pg_store: Store) -> None:
    with pg_store.engine.connect() as connection:
        assert all(recency_indexed(connection, table) for table in PG_VECTORS)


@pytest.mark.corpus
@pytest.mark.postgres
def test_search_without_the_recency_key_gives_the_same_hits(pg_store: Store, pg_url: str) -> None:
    """A PostgreSQL without btree_gin keeps the plain GIN index: one query per table, the
    same hits in the same order with the same totals."""
    from tests.web.conftest import ingest_threads

    with open_store(pg_url).engine.begin() as connection:
        connection.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS plain")
    plain = ingest_threads(pg_url + "?options=-csearch_path%3Dplain")
    with plain.engine.begin() as connection:
        for table in PG_VECTORS:
            connection.exec_driver_sql(f"DROP INDEX ix_{table}_search_vector")
            connection.exec_driver_sql(search_index_statement(table, recency=False))
        assert not any(recency_indexed(connection, table) for table in PG_VECTORS)

    def found(store: Store, query: SearchQuery) -> tuple[list[tuple[str, str | None, int]], int]:
        with store.session() as session:
            result = search(session, query)
        return [(h.kind, h.accession, h.anchor) for h in result.hits], result.total

    for words in ("please", '"gross margin"', "goodwill"):
        query = SearchQuery(words, per_page=100)
        assert found(plain, query) == found(pg_store, query), words
    plain.close()


@pytest.mark.corpus
@pytest.mark.postgres
def test_the_range_bound_is_served_by_the_index(pg_store: Store) -> None:
    """The bound of a range probe reaches the search index as an integer, as the recency key
    is: psycopg sends a small Python int as a smallint, which btree_gin's integer keys cannot
    serve, and the probe then fetched every match of the word (14 s for `revenue` at 5
    million items instead of 0.1 s)."""
    probes: list[tuple[str, dict[str, object]]] = []

    def seen(conn: object, cursor: object, statement: str, params: object, *rest: object) -> None:
        if "below" in statement and isinstance(params, dict):
            probes.append((statement, params))

    event.listen(pg_store.engine, "before_cursor_execute", seen)
    try:
        probed(pg_store, "comments", "please", 1)
    finally:
        event.remove(pg_store.engine, "before_cursor_execute", seen)
    assert probes
    statement, params = probes[0]
    with pg_store.engine.begin() as connection:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
        plan = [row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", params)]
    assert any("Index Cond" in line and "(id / 1024)" in line for line in plan), plan


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (0, 2_827_725),  # none in the first range: every id
        (48, 2_827_725),  # `counterproposal` at 5M: a 2.6M-id range would cost more
        (171, 2_827_725),  # `cruising`: 730,995 ids at 0.86% cost more than every match
        (1_000, 125_000),  # 5% dense: the range is sized to the window, with its margin
        (4_000, 31_250),
    ],
)
def test_the_next_range_is_sized_to_the_density_unless_every_id_costs_less(
    found: int, expected: int
) -> None:
    """After a first range of 20,000 ids (FIRST_SPAN windows of 5,000) over a table of
    2,827,725 ids held too few matches, the next probe covers a range sized to the density
    seen, or every id where reading that range would cost more (RANGE_COST)."""
    assert FIRST_SPAN * 5_000 == 20_000
    assert next_span(found, 20_000, 5_000, 2_827_725) == expected

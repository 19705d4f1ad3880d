"""The change feed of the engine indexes (record/search_feed.py), on PostgreSQL: with no
index registered nothing is written; once one is, every write that changes what it holds of
an item (the text, a label correction, the letter's date, a delete) adds exactly that item,
and a write that changes nothing it holds adds nothing. (Two real NRG letters of 2016, the
staff letter and the company's answer.)"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Connection, text
from tests.conftest import DOCS, MANIFEST, shared

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store, search_feed
from reviewdesk.record.labels import set_person_labels

STAFF = "0000000000-16-075770"
ANSWER = "0001104659-16-122989"
LATER = "0000000000-20-012305"
"""An AbbVie staff letter of 2020 with three comments, stored after an index is registered."""


@pytest.fixture
def nrg(pg_database: str) -> Iterator[Store]:
    """The two NRG letters in a PostgreSQL schema of their own."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={pg_database}", autocommit=True
    ) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    url = f"postgresql://postgres@127.0.0.1:5432/{pg_database}?options=-csearch_path%3D{schema}"
    store = open_store(url)
    paths = [DOCS / f"{STAFF}.pdf", DOCS / f"{ANSWER}.htm"]
    summary = ingest_paths(store, paths, shared(MANIFEST), jobs=1)
    assert summary.failed == 0, summary.problems
    yield store
    store.close()


def _feed(connection: Connection) -> list[tuple[str, str, int]]:
    rows = connection.execute(
        text("SELECT index_name, item_table, item_id FROM search_changes ORDER BY seq")
    )
    return [(str(n), str(t), int(i)) for n, t, i in rows]


def _ids(connection: Connection, query: str) -> list[int]:
    return [int(i) for i in connection.execute(text(query)).scalars()]


def test_no_index_registered_means_no_feed(nrg: Store) -> None:
    with nrg.engine.begin() as connection:
        connection.execute(text("UPDATE comments SET text = text || ' more'"))
        connection.execute(text("DELETE FROM responses"))
        assert _feed(connection) == []


def test_items_stored_after_registration_are_fed(nrg: Store) -> None:
    with nrg.engine.begin() as connection:
        name = search_feed.register(connection)
    summary = ingest_paths(nrg, [DOCS / f"{LATER}.pdf"], shared(MANIFEST), jobs=1)
    assert summary.stored == 1
    with nrg.engine.begin() as connection:
        stored = _ids(
            connection,
            "SELECT c.id FROM comments c JOIN letters l ON l.id = c.letter_id "
            f"WHERE l.accession = '{LATER}' ORDER BY c.id",
        )
        assert len(stored) == 3
        assert search_feed.take(connection, name, 100) == [
            search_feed.Change("comments", i) for i in stored
        ]


def test_each_change_to_what_an_index_holds_feeds_that_item_once(nrg: Store) -> None:
    with nrg.engine.begin() as connection:
        name = search_feed.register(connection)
        comments = _ids(connection, "SELECT id FROM comments ORDER BY id")
        answers = _ids(connection, "SELECT id FROM responses ORDER BY id")
        assert (len(comments), len(answers)) == (18, 17)
        first = comments[0]
        connection.execute(text(f"UPDATE comments SET text = text || ' zebra' WHERE id = {first}"))
        connection.execute(text(f"UPDATE comments SET status = 'open' WHERE id = {first}"))
        assert _feed(connection) == [(name, "comments", first)]
        assert search_feed.take(connection, name, 10) == [search_feed.Change("comments", first)]
        assert _feed(connection) == []
    numbered = comments[9]
    linked = _ids(nrg.engine.connect(), f"SELECT id FROM responses WHERE comment_id = {numbered}")
    with nrg.write() as session:
        set_person_labels(session, "comment", numbered, "topic", ["non_gaap"], "ann")
    with nrg.engine.begin() as connection:
        # Each of the correction's label statements re-keys the items: several rows, one
        # change each once taken.
        assert len(_feed(connection)) == 4
        assert search_feed.take(connection, name, 100) == [
            search_feed.Change("comments", numbered),
            *(search_feed.Change("responses", i) for i in linked),
        ]
        assert len(linked) == 1
        connection.execute(
            text(f"UPDATE letters SET date = date - interval '1 year' WHERE accession = '{STAFF}'")
        )
        assert sorted(i for _, t, i in _feed(connection) if t == "comments") == comments
        search_feed.take(connection, name, 100)
        connection.execute(text(f"DELETE FROM responses WHERE id = {answers[-1]}"))
        assert _feed(connection) == [(name, "responses", answers[-1])]
        assert search_feed.state(connection, name) == search_feed.FeedState(True, True)
        search_feed.unregister(connection, name)
        assert _feed(connection) == []
        assert search_feed.state(connection, name) == search_feed.FeedState(False, False)

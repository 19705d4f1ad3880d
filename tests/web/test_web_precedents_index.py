"""Precedents through the record's search index on each store (services/search/similar.py):
SQLite's FTS5, PostgreSQL's full text and the engine index find the same best precedent for
real comments of three review threads (NRG 2016, ONEOK 2022, AbbVie 2018); a company's own
comments are never its precedents; an unknown comment is named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reviewdesk.record import Store
from reviewdesk.services.precedents import UnknownComment, find_precedents
from reviewdesk.services.precedents.stored_comments import stored_comments

Place = tuple[str | None, int | None]
"""A comment by its letter's accession and its number."""

BEST = {
    ("0000000000-16-075770", 1): ("0000000000-22-009320", 3),
    ("0000000000-16-075770", 6): ("0000000000-22-009320", 2),
    ("0000000000-16-075770", 12): ("0000000000-18-013671", 1),
    ("0000000000-18-013671", 4): ("0000000000-16-081594", 2),
    ("0000000000-22-009320", 5): ("0000000000-16-075770", 3),
}
"""NRG's, AbbVie's and ONEOK's comments -> the best precedent every store finds for each."""


@pytest.fixture(scope="module")
def analyzed(pg_store: Store) -> Iterator[Store]:
    """The PostgreSQL record with the planner's statistics, as autovacuum keeps them (the
    document frequencies of its words come from there)."""
    with pg_store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE comments")
    yield pg_store


def _best(store: Store, places: list[Place]) -> dict[Place, Place | None]:
    """The best precedent of each comment named, by place."""
    with store.session() as session:
        ids = {(c.accession, c.number): c.id for c in stored_comments(session).values()}
        out: dict[Place, Place | None] = {}
        for place in places:
            found = find_precedents(session, ids[place], k=1)
            out[place] = (found[0].comment.accession, found[0].comment.number) if found else None
    return out


def test_every_store_finds_the_same_best_precedent(
    corpus_store: Store, analyzed: Store, engine_on: Store
) -> None:
    places: list[Place] = list(BEST)
    assert _best(corpus_store, places) == BEST
    assert _best(analyzed, places) == BEST
    assert _best(engine_on, places) == BEST


def test_a_company_never_gets_its_own_comments(
    corpus_store: Store, analyzed: Store, engine_on: Store
) -> None:
    for store in (corpus_store, analyzed, engine_on):
        with store.session() as session:
            comments = stored_comments(session)
            for comment in comments.values():
                found = find_precedents(session, comment.id, k=5)
                assert 1 <= len(found) <= 5
                assert {p.comment.company_key for p in found}.isdisjoint({comment.company_key})


def test_an_unknown_comment_is_named_on_every_store(
    corpus_store: Store, analyzed: Store, engine_on: Store
) -> None:
    for store in (corpus_store, analyzed, engine_on):
        with (
            store.session() as session,
            pytest.raises(UnknownComment, match=r"comment 999999 is not in the record"),
        ):
            find_precedents(session, 999999)

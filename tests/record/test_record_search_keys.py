"""The filter keys of SQLite's full-text index (record/search_keys.py): every write that
changes an item's company, year, forms, office or effective labels changes its keys in the
same transaction, the index always holds the keys stored beside it, and migration 0014 fills
them for a record stored before. (Two real NRG letters of 2016, the staff letter and the
company's answer.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import DOCS, MANIFEST, shared

from reviewdesk.pipeline import ingest_paths, reparse
from reviewdesk.record import Store, open_store, schema, search_keys
from reviewdesk.record.fulltext import RECENT_INDEXES, SQLITE_TABLES, keys_sql
from reviewdesk.record.labels import set_person_labels
from reviewdesk.record.store import downgrade, upgrade
from reviewdesk.services.search import SearchFilters, SearchQuery, search

STAFF = "0000000000-16-075770"
ANSWER = "0001104659-16-122989"


def _nrg(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "keys.sqlite"))
    paths = [DOCS / f"{STAFF}.pdf", DOCS / f"{ANSWER}.htm"]
    summary = ingest_paths(store, paths, shared(MANIFEST), jobs=1)
    assert summary.failed == 0, summary.problems
    return store


def _comment(store: Store, number: int) -> int:
    with store.session() as session:
        return session.scalars(
            select(schema.Comment.id).where(schema.Comment.number == number)
        ).one()


def _keys_hold(store: Store) -> None:
    """Every item has keys, they are those the record gives it now, and each FTS5 index
    (the recent ones too) agrees with its content (words and keys) by FTS5's own integrity
    check."""
    with store.engine.begin() as connection:
        for table in ("comments", "responses"):
            stale = connection.exec_driver_sql(
                f"SELECT item.id FROM {table} item LEFT JOIN {table}_search_keys k "
                f"ON k.id = item.id WHERE k.keys IS NOT coalesce({keys_sql(table, 'item.id')}, '')"
            ).all()
            assert stale == []
        for fts in [*SQLITE_TABLES, *RECENT_INDEXES.values()]:
            connection.exec_driver_sql(
                f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"
            )


def _keyed(store: Store, fts: str, key: str) -> list[int]:
    """The ids whose indexed keys hold `key`."""
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rowid",
            (f'keys : "{key}"',),
        )
        return [int(i) for (i,) in rows]


def _found(store: Store, words: str = "", **filters: object) -> list[tuple[str, int | None]]:
    with store.session() as session:
        query = SearchQuery(words, SearchFilters(**filters), per_page=100)  # type: ignore[arg-type]
        return sorted((h.kind, h.number) for h in search(session, query).hits)


def test_a_label_correction_changes_the_topic_keys_at_once(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    comment = _comment(store, 3)
    with store.session() as session:
        answer = session.scalars(
            select(schema.Response.id).where(schema.Response.comment_id == comment)
        ).one()
    with store.write() as session:
        set_person_labels(session, "comment", comment, "topic", ["non_gaap"], "ann")
    non_gaap = search_keys.label_key("topic", "non_gaap")
    metrics = search_keys.label_key("topic", "metrics")
    assert comment in _keyed(store, "comments_fts", non_gaap)
    assert answer in _keyed(store, "responses_fts", non_gaap)  # the answer's topic
    assert comment not in _keyed(store, "comments_fts", metrics)
    assert ("comment", 3) in _found(store, topic="non_gaap")
    assert ("response", 3) in _found(store, topic="non_gaap")
    with store.write() as session:
        set_person_labels(session, "comment", comment, "topic", ["metrics"], "ann")
    assert comment not in _keyed(store, "comments_fts", non_gaap)
    assert answer not in _keyed(store, "responses_fts", non_gaap)
    assert comment in _keyed(store, "comments_fts", metrics)
    assert answer in _keyed(store, "responses_fts", metrics)
    found = _found(store, topic="non_gaap")
    assert ("comment", 3) not in found and ("response", 3) not in found
    found = _found(store, topic="metrics")
    assert ("comment", 3) in found and ("response", 3) in found
    _keys_hold(store)


def test_letter_and_filing_changes_move_items_between_filters(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    with store.session() as session:
        staff = session.scalars(select(schema.Letter).where(schema.Letter.accession == STAFF)).one()
        comments = len(staff.comments)
        company = staff.company_id
    assert company is not None
    assert len(_found(store, "revenue", company_id=company, year=2016, form="10-K")) > 0
    with store.write() as session:
        staff = session.scalars(select(schema.Letter).where(schema.Letter.accession == STAFF)).one()
        staff.date = dt.date(2011, 3, 4)
        staff.office = "Office of Fictional Review"
        for filing in staff.filings:
            filing.form = "S-1"
        letter_id = staff.id
    assert {kind for kind, _ in _found(store, "revenue", year=2016)} == {"response"}
    by_year = _found(store, "revenue", year=2011, form="S-1", office="fictional review")
    assert by_year and {kind for kind, _ in by_year} == {"comment"}
    assert len(_keyed(store, "comments_fts", search_keys.year_key(2011))) == comments
    with store.write() as session:
        session.add(schema.LetterFiling(letter_id=letter_id, position=9, form="20-F"))
    assert len(_keyed(store, "comments_fts", search_keys.form_key("20-F"))) == comments
    _keys_hold(store)
    with store.write() as session:
        session.delete(session.get_one(schema.Letter, letter_id))
    assert _keyed(store, "comments_fts", search_keys.year_key(2011)) == []
    _keys_hold(store)


def test_reparse_keeps_the_keys_right(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    with store.write() as session:
        set_person_labels(session, "comment", _comment(store, 16), "topic", ["revenue"], "ann")
        session.execute(schema.Letter.__table__.update().values(parser_version="0"))
    before = _found(store, "revenue", topic="revenue", year=2016)
    summary = reparse(store, jobs=1)
    assert summary.letters == 2
    assert _found(store, "revenue", topic="revenue", year=2016) == before
    assert ("comment", 16) in before
    _keys_hold(store)


def test_the_migration_fills_the_keys_of_a_stored_record(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    with store.write() as session:
        set_person_labels(session, "comment", _comment(store, 10), "topic", ["revenue"], "ann")
    searches = [
        ("revenue", {"topic": "revenue"}),
        ("revenue", {"year": 2016, "form": "10-K"}),
        ("impairment", {"office": "Office of"}),
        ("", {"topic": "revenue"}),
    ]
    before = [_found(store, words, **filters) for words, filters in searches]
    downgrade(store, "0013")
    with store.engine.connect() as connection:
        columns = connection.exec_driver_sql("SELECT * FROM comments_fts LIMIT 0").keys()
        assert list(columns) == ["heading", "text"]
    upgrade(store, "head")
    _keys_hold(store)
    assert _comment(store, 10) in _keyed(
        store, "comments_fts", search_keys.label_key("topic", "revenue")
    )
    assert [_found(store, words, **filters) for words, filters in searches] == before
    assert ("comment", 10) in before[3] and ("response", 10) in before[3]


def test_keys_in_the_match_or_checked_on_rows_find_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    with store.write() as session:
        set_person_labels(session, "comment", _comment(store, 16), "topic", ["revenue"], "ann")
        company = session.scalars(select(schema.Letter.company_id)).first()
    searches: list[tuple[str, dict[str, object]]] = [
        ("revenue", {"topic": "revenue"}),
        ("revenue", {"year": 2016, "form": "10-K"}),
        ("revenue", {"company_id": company, "office": "office of"}),
        ("impairment", {"group": "accounting", "year": 2016}),
        ("revenue", {"office": "no such office"}),
    ]
    found = {}
    for share in (0.0, 2.0):  # every key clause checked on rows; every one in the MATCH
        monkeypatch.setattr("reviewdesk.services.search.backends.DENSE_KEY", share)
        found[share] = [_found(store, words, **filters) for words, filters in searches]
    assert found[0.0] == found[2.0]
    assert [len(hits) for hits in found[0.0]][:2] != [0, 0]
    assert found[0.0][-1] == []

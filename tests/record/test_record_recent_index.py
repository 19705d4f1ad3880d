"""SQLite's recent and middle search indexes (record/fulltext.TIERS): each holds exactly the
items above its table's boundary, whatever writes the record takes (the middle one none while
dormant); the boundary moves up to leave the newest half of the span when the ids above it
outgrow the span; and search ranks in the recent one first, then in the middle one if it
holds the window, giving the window of newest matches the whole index gives, falling back to
the whole index when neither fills the window. (Real letters: NRG's 2016 staff letter and
answer, then AbbVie's 2018 thread.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text
from tests.conftest import DOCS, MANIFEST, shared, thread_files

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store, schema, search_keys
from reviewdesk.record.fulltext import (
    MIDDLE,
    MIDDLE_INDEXES,
    RECENT_INDEXES,
    SQLITE_TABLES,
    advance_recent,
    advance_tiers,
)
from reviewdesk.record.labels import set_person_labels
from reviewdesk.record.store import downgrade, upgrade
from reviewdesk.services.search import SearchFilters
from reviewdesk.services.search.backends import SOURCES, SqliteBackend
from reviewdesk.services.search.words import read_words

STAFF = "0000000000-16-075770"
ANSWER = "0001104659-16-122989"
ABBVIE = {"ABBV_0000000000-18-013671"}


def _nrg(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "recent.sqlite"))
    paths = [DOCS / f"{STAFF}.pdf", DOCS / f"{ANSWER}.htm"]
    summary = ingest_paths(store, paths, shared(MANIFEST), jobs=1)
    assert summary.failed == 0, summary.problems
    return store


def _ids(store: Store, sql: str, *params: object) -> list[int]:
    with store.engine.connect() as connection:
        return [int(i) for (i,) in connection.exec_driver_sql(sql, params)]


def _boundary(store: Store, table: str) -> int:
    return _ids(store, "SELECT boundary FROM search_recent WHERE content = ?", table)[0]


def _advance(store: Store, span: int) -> list[str]:
    with store.engine.begin() as connection:
        return [a.index for a in advance_recent(connection, span)]


def _middle_boundary(store: Store, table: str) -> int | None:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(
            f"SELECT boundary FROM {MIDDLE} WHERE content = ?", (table,)
        ).scalar_one()


def _recent_holds(store: Store, indexes: dict[str, str] = RECENT_INDEXES) -> None:
    """Each recent index (or middle one) holds exactly the items above its boundary (none
    while dormant), with the words and keys they have now (FTS5's integrity check against
    the tier's view)."""
    for fts, index in indexes.items():
        table = SQLITE_TABLES[fts][0]
        boundary = (
            _boundary(store, table) if indexes is RECENT_INDEXES else _middle_boundary(store, table)
        )
        above = (
            []
            if boundary is None
            else _ids(store, f"SELECT id FROM {table} WHERE id > ? ORDER BY id", boundary)
        )
        assert _ids(store, f"SELECT id FROM {index}_docsize ORDER BY id") == above
        with store.engine.begin() as connection:
            connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
            )


def _newest(store: Store, index: str, words: str, window: int) -> list[int]:
    """The newest `window` matches of `words` in one FTS5 index (the contract's window)."""
    match = SqliteBackend(read_words(words))._match(None, SOURCES["comments"])
    return _ids(
        store,
        f"SELECT rowid FROM {index} WHERE {index} MATCH ? ORDER BY rowid DESC LIMIT ?",
        match,
        window,
    )


def _ranked(
    store: Store, words: str, window: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], int, list[str]]:
    """The ids search ranks among (the whole window), its count, and the indexes it ranked
    in (in order), with a window of `window`."""
    ids, counted, asked, _probed = _searched(store, words, window, monkeypatch)
    return ids, counted, asked


def _searched(
    store: Store, words: str, window: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], int, list[str], list[str]]:
    """As `_ranked`, and the indexes asked for the window's ids alone (in order)."""
    monkeypatch.setattr("reviewdesk.services.search.backends.RANK_WINDOW", window)
    asked: list[str] = []
    probed: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "bm25(" in statement:
            asked.append(statement.split("bm25(")[1].split(",")[0])
        elif "SELECT f.rowid FROM" in statement:
            probed.append(statement.split("SELECT f.rowid FROM ")[1].split(" ")[0])

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        with store.session() as session:
            best, counted, _capped = SqliteBackend(read_words(words)).ranked(
                session, SOURCES["comments"], SearchFilters(), limit=window
            )
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    return sorted(i for i, _ in best), counted, asked, probed


RECENT_ONLY = ["comments_recent_fts"]
BOTH = ["comments_recent_fts", "comments_fts"]


def test_a_new_record_indexes_every_item_in_the_recent_index_too(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    assert _boundary(store, "comments") == 0 and _boundary(store, "responses") == 0
    comments = _ids(store, "SELECT id FROM comments ORDER BY id")
    assert len(comments) == 18
    assert _ids(store, "SELECT id FROM comments_recent_fts_docsize ORDER BY id") == comments
    _recent_holds(store)


def test_the_boundary_moves_up_to_the_newest_half_when_the_span_is_outgrown(
    tmp_path: Path,
) -> None:
    store = _nrg(tmp_path)
    top = max(_ids(store, "SELECT id FROM comments"))
    assert _advance(store, top) == []  # ids 1..top span exactly `top`: not outgrown
    assert _advance(store, 10) == ["comments_recent_fts", "responses_recent_fts"]
    assert _boundary(store, "comments") == top - 5
    assert _ids(store, "SELECT id FROM comments_recent_fts_docsize") == list(
        range(top - 4, top + 1)
    )
    _recent_holds(store)
    assert _advance(store, 10) == []  # five ids above the boundary now
    summary = ingest_paths(store, thread_files(ABBVIE), MANIFEST, jobs=1)
    assert summary.failed == 0
    assert summary.recent_advanced == []  # the default span is far from outgrown
    _recent_holds(store)  # the new items went into the recent index by trigger
    newest = max(_ids(store, "SELECT id FROM comments"))
    assert _advance(store, 10) == ["comments_recent_fts", "responses_recent_fts"]
    assert _boundary(store, "comments") == newest - 5
    _recent_holds(store)


def test_the_index_stage_advances_the_recent_index_at_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    monkeypatch.setattr("reviewdesk.record.fulltext.RECENT_SPAN", 8)
    summary = ingest_paths(store, thread_files(ABBVIE), MANIFEST, jobs=1)
    newest = max(_ids(store, "SELECT id FROM comments"))
    assert _boundary(store, "comments") == newest - 4
    assert [line.split(":")[0] for line in summary.recent_advanced] == [
        "comments_recent_fts",
        "responses_recent_fts",
    ]
    _recent_holds(store)


def test_a_window_the_recent_index_fills_is_the_whole_index_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    _advance(store, 10)
    assert _boundary(store, "comments") == 13  # ids 14 to 18 are recent
    assert _newest(store, "comments_fts", "please", 100) == list(range(18, 0, -1))
    assert _newest(store, "comments_recent_fts", "please", 100) == [18, 17, 16, 15, 14]
    assert _ranked(store, "please", 4, monkeypatch) == ([15, 16, 17, 18], 4, RECENT_ONLY)
    assert _ranked(store, "please", 5, monkeypatch) == ([14, 15, 16, 17, 18], 5, RECENT_ONLY)


def test_a_window_the_recent_index_does_not_fill_comes_from_the_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    _advance(store, 10)
    assert _ranked(store, "please", 6, monkeypatch) == ([13, 14, 15, 16, 17, 18], 6, BOTH)
    # part of the matches recent, part older
    assert _newest(store, "comments_fts", "revenue", 100) == [18, 16, 3, 2]
    assert _ranked(store, "revenue", 100, monkeypatch) == ([2, 3, 16, 18], 4, BOTH)
    assert _ranked(store, "revenue", 3, monkeypatch) == ([3, 16, 18], 3, BOTH)
    # a rarer word none of the newest items hold: every match is in the whole index only
    assert _newest(store, "comments_fts", "impairment", 100) == [10, 9, 8]
    assert _newest(store, "comments_recent_fts", "impairment", 100) == []
    assert _ranked(store, "impairment", 100, monkeypatch) == ([8, 9, 10], 3, BOTH)


def test_a_recent_index_holding_every_item_answers_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    assert _boundary(store, "comments") == 0
    assert _ranked(store, "impairment", 100, monkeypatch) == ([8, 9, 10], 3, RECENT_ONLY)


def test_the_triggers_keep_the_recent_index_current(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    _advance(store, 10)
    recent, old = 17, 5
    for item in (recent, old):
        with store.write() as session:
            session.get_one(schema.Comment, item).text = "zymurgical fermentation disclosures"
    assert _newest(store, "comments_recent_fts", "zymurgical", 10) == [recent]
    assert _newest(store, "comments_fts", "zymurgical", 10) == [recent, old]
    with store.write() as session:
        set_person_labels(session, "comment", recent, "topic", ["climate"], "ann")
        set_person_labels(session, "comment", old, "topic", ["climate"], "ann")
    key = f'keys : "{search_keys.label_key("topic", "climate")}"'
    keyed = "SELECT rowid FROM {0} WHERE {0} MATCH ? ORDER BY rowid"
    assert _ids(store, keyed.format("comments_recent_fts"), key) == [recent]
    assert _ids(store, keyed.format("comments_fts"), key) == [old, recent]
    _recent_holds(store)
    with store.write() as session:
        session.delete(session.get_one(schema.Comment, recent))
        session.delete(session.get_one(schema.Comment, old))
    assert _newest(store, "comments_recent_fts", "zymurgical", 10) == []
    assert _newest(store, "comments_fts", "zymurgical", 10) == []
    assert _ids(store, keyed.format("comments_recent_fts"), key) == []
    _recent_holds(store)


def test_the_migration_makes_the_recent_index_of_a_stored_record(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    downgrade(store, "0017")
    with store.engine.connect() as connection:
        names = set(connection.execute(text("SELECT name FROM sqlite_master")).scalars())
    assert not {"search_recent", *RECENT_INDEXES.values()} & names
    with store.write() as session:  # the triggers of 0014 still keep the whole index
        session.get_one(schema.Comment, 1).text = "zymurgical"
    upgrade(store, "head")
    assert _boundary(store, "comments") == 0
    assert _newest(store, "comments_recent_fts", "zymurgical", 10) == [1]
    _recent_holds(store)


MIDDLE_COMMENTS = "comments_middle_fts"


def test_a_record_under_the_middle_span_keeps_its_middle_index_dormant(tmp_path: Path) -> None:
    store = _nrg(tmp_path)
    assert _middle_boundary(store, "comments") is None
    assert _middle_boundary(store, "responses") is None
    _recent_holds(store, MIDDLE_INDEXES)  # empty
    with store.engine.begin() as connection:
        assert advance_tiers(connection) == []
    with store.write() as session:  # the triggers write nothing to a dormant index
        session.get_one(schema.Comment, 3).text = "zymurgical"
    assert _newest(store, MIDDLE_COMMENTS, "zymurgical", 10) == []
    _recent_holds(store, MIDDLE_INDEXES)


def test_the_middle_index_wakes_when_its_table_outgrows_its_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    monkeypatch.setattr("reviewdesk.record.fulltext.MIDDLE_SPAN", 17)
    with store.engine.begin() as connection:
        woken = [(a.index, a.before, a.boundary, a.items) for a in advance_tiers(connection)]
    assert woken == [(MIDDLE_COMMENTS, None, 10, 8)]  # 18 comments, 17 answers
    assert _middle_boundary(store, "responses") is None
    assert _ids(store, f"SELECT id FROM {MIDDLE_COMMENTS}_docsize") == list(range(11, 19))
    _recent_holds(store, MIDDLE_INDEXES)
    with store.engine.begin() as connection:
        assert advance_tiers(connection) == []  # 8 ids above the boundary, 17 answers: not outgrown
    with store.write() as session:
        for item in (12, 5):
            session.get_one(schema.Comment, item).text = "zymurgical fermentation disclosures"
    assert _newest(store, MIDDLE_COMMENTS, "zymurgical", 10) == [12]
    with store.write() as session:
        set_person_labels(session, "comment", 12, "topic", ["climate"], "ann")
        session.delete(session.get_one(schema.Comment, 11))
    _recent_holds(store, MIDDLE_INDEXES)
    _recent_holds(store)


def test_the_index_stage_advances_the_middle_index_at_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    monkeypatch.setattr("reviewdesk.record.fulltext.MIDDLE_SPAN", 17)
    summary = ingest_paths(store, thread_files(ABBVIE), MANIFEST, jobs=1)
    newest = max(_ids(store, "SELECT id FROM comments"))
    assert _middle_boundary(store, "comments") == newest - 8
    assert [line.split(":")[0] for line in summary.recent_advanced] == [
        MIDDLE_COMMENTS,
        "responses_middle_fts",
    ]
    assert summary.recent_advanced[0].startswith(f"{MIDDLE_COMMENTS}: boundary dormant -> ")
    _recent_holds(store, MIDDLE_INDEXES)


def test_a_window_the_recent_index_leaves_short_comes_from_the_middle_index_that_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    _advance(store, 6)  # the recent index holds ids 16 to 18
    monkeypatch.setattr("reviewdesk.record.fulltext.MIDDLE_SPAN", 17)
    with store.engine.begin() as connection:
        advance_tiers(connection)  # the middle one 11 to 18
    recent, whole = "comments_recent_fts", "comments_fts"
    assert _searched(store, "please", 3, monkeypatch) == ([16, 17, 18], 3, [recent], [])
    assert _searched(store, "please", 5, monkeypatch) == (
        [14, 15, 16, 17, 18],
        5,
        [recent, MIDDLE_COMMENTS],
        [MIDDLE_COMMENTS],
    )
    assert _newest(store, whole, "please", 5) == [18, 17, 16, 15, 14]
    # more than the middle index holds: the whole index answers, not ranked in the middle
    assert _searched(store, "please", 9, monkeypatch) == (
        list(range(10, 19)),
        9,
        [recent, whole],
        [MIDDLE_COMMENTS],
    )
    assert _searched(store, "revenue", 3, monkeypatch) == (
        [3, 16, 18],
        3,
        [recent, whole],
        [MIDDLE_COMMENTS],
    )
    assert _ranked(store, "revenue", 2, monkeypatch) == ([16, 18], 2, [recent])


def test_the_middle_index_ranks_its_window_by_bm25_as_the_whole_index_scores_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a window of every item the middle index holds, its ranking is bm25's over those
    items: what the whole index gives when it holds those items alone."""
    store = _nrg(tmp_path)
    _advance(store, 6)
    monkeypatch.setattr("reviewdesk.record.fulltext.MIDDLE_SPAN", 17)
    with store.engine.begin() as connection:
        advance_tiers(connection)
    monkeypatch.setattr("reviewdesk.services.search.backends.RANK_WINDOW", 8)
    with store.session() as session:
        best, counted, _capped = SqliteBackend(read_words("please")).ranked(
            session, SOURCES["comments"], SearchFilters(), limit=8
        )
    with store.write() as session:
        for item in range(1, 11):
            session.delete(session.get_one(schema.Comment, item))
    with store.session() as session:
        alone, _counted, _capped = SqliteBackend(read_words("please")).ranked(
            session, SOURCES["comments"], SearchFilters(), limit=8
        )
    assert counted == 8
    assert [i for i, _ in best] == [i for i, _ in alone]
    assert [round(score, 9) for _, score in best] == [round(score, 9) for _, score in alone]


def test_the_migration_makes_the_middle_index_of_a_stored_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _nrg(tmp_path)
    downgrade(store, "0020")
    with store.engine.connect() as connection:
        names = set(connection.execute(text("SELECT name FROM sqlite_master")).scalars())
    assert not {MIDDLE, *MIDDLE_INDEXES.values()} & names
    assert {"search_recent", *RECENT_INDEXES.values()} <= names
    with store.write() as session:  # the triggers of 0018 still keep the recent index
        session.get_one(schema.Comment, 17).text = "zymurgical"
    monkeypatch.setattr("reviewdesk.record.fulltext.MIDDLE_SPAN", 17)
    upgrade(store, "head")
    assert _middle_boundary(store, "comments") == 10
    assert _middle_boundary(store, "responses") is None
    assert _newest(store, MIDDLE_COMMENTS, "zymurgical", 10) == [17]
    _recent_holds(store, MIDDLE_INDEXES)
    _recent_holds(store)

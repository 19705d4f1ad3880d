"""Search by what the record says each item is about: topic, topic group, ask, answer class
and cited authority, with or without words, on SQLite and PostgreSQL, in pages, the API and
CSV; a person's correction moves an item between filters. (Two real NRG letters of 2016, the
staff letter and the company's answer; their labels are set by the test as a classifier's.)"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from sqlalchemy import select

from reviewdesk.letters import Comment, Letter, Response
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.labels import set_person_labels, write_machine_labels
from reviewdesk.services.search import SearchError, SearchFilters, SearchQuery, export_csv, search
from reviewdesk.web import create_app
from tests.conftest import DOCS, MANIFEST, shared

STAFF = "0000000000-16-075770"
ANSWER = "0001104659-16-122989"
COMMENT_LABELS = {
    3: (["non_gaap"], ["revise"], ["S-K Item 10(e)(1)(i)(A)"]),
    10: (["goodwill_impairment", "critical_estimates"], ["explain"], ["ASC 350-20-35-3"]),
    14: (["non_gaap"], ["future"], ["S-K Item 10(e)(1)(i)(A)", "C&DI 102.10"]),
    16: (["revenue"], ["explain", "supplemental"], ["ASC 605-25"]),
}
ANSWER_LABELS = {3: ["will_revise"], 14: ["will_revise", "confirmed"], 16: ["explained"]}


def _label(store: Store) -> None:
    """Machine labels on the two letters, as a classifier would write them at ingest."""
    with store.write() as session:
        for row in session.scalars(select(schema.Letter)):
            reading = Letter(source=row.source)
            reading.comments = [
                Comment(
                    c.number,
                    c.heading,
                    c.page,
                    c.text,
                    *COMMENT_LABELS.get(c.number or 0, ([], [], [])),
                )
                for c in row.comments
            ]
            reading.responses = [
                Response(
                    r.number,
                    r.comment_text,
                    r.response_text,
                    answer=ANSWER_LABELS.get(r.number or 0, []),
                )
                for r in row.responses
            ]
            write_machine_labels(session, row, reading, "topics-test 1", row.parsed_at)


def _nrg(url: str) -> Store:
    store = open_store(url)
    paths = [DOCS / f"{STAFF}.pdf", DOCS / f"{ANSWER}.htm"]
    summary = ingest_paths(store, paths, shared(MANIFEST), jobs=1)
    assert summary.failed == 0, summary.problems
    _label(store)
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def labelled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The two NRG letters with labels, on SQLite or in a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = str(tmp_path / "labels.sqlite")
    else:
        database = request.getfixturevalue("pg_url")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        url = f"{database}?options=-csearch_path%3D{name}"
    store = _nrg(url)
    yield store
    store.close()


def _found(store: Store, text: str = "", **filters: str) -> set[tuple[str, int | None]]:
    with store.session() as session:
        result = search(session, SearchQuery(text, SearchFilters(**filters), per_page=100))  # type: ignore[arg-type]
    return {(h.kind, h.number) for h in result.hits}


def test_label_filters_find_exactly_the_labelled_items(labelled: Store) -> None:
    with labelled.session() as session:
        linked = session.scalars(
            select(schema.Response.number).where(schema.Response.comment_id.is_not(None))
        ).all()
    assert sorted(n for n in linked if n is not None) == list(range(2, 19))
    assert _found(labelled, topic="non_gaap") == {
        ("comment", 3),
        ("comment", 14),
        ("response", 3),
        ("response", 14),
    }
    assert _found(labelled, group="MD&A") == {("comment", 10), ("response", 10)}
    assert _found(labelled, group="accounting") == {
        ("comment", 10),
        ("comment", 16),
        ("response", 10),
        ("response", 16),
    }
    assert _found(labelled, group="accounting", topic="revenue") == {
        ("comment", 16),
        ("response", 16),
    }
    assert _found(labelled, group="non-GAAP", topic="revenue") == set()
    assert _found(labelled, ask="explain") == {("comment", 10), ("comment", 16)}
    assert _found(labelled, answer="will_revise") == {("response", 3), ("response", 14)}
    assert _found(labelled, answer="confirmed", topic="non_gaap") == {("response", 14)}
    assert _found(labelled, cite="S-K Item 10(e)") == {("comment", 3), ("comment", 14)}
    assert _found(labelled, cite="s-k  item 10(e)(1)(i)(a)") == {("comment", 3), ("comment", 14)}
    assert _found(labelled, cite="C&DI 102.10") == {("comment", 14)}
    assert _found(labelled, cite="ASC 350") == {("comment", 10)}
    assert _found(labelled, cite="S-K Item 1") == set()


def test_label_filters_narrow_a_word_search(labelled: Store) -> None:
    assert _found(labelled, "impairment") >= {("comment", 10), ("comment", 9)}
    assert _found(labelled, "impairment", topic="goodwill_impairment") == {
        ("comment", 10),
        ("response", 10),
    }
    assert _found(labelled, '"economic gross margin"', ask="revise") == {("comment", 3)}


def test_a_persons_correction_moves_an_item_between_filters(labelled: Store) -> None:
    with labelled.write() as session:
        comment = session.scalars(select(schema.Comment.id).where(schema.Comment.number == 3)).one()
        set_person_labels(session, "comment", comment, "topic", ["metrics"], "ann")
    assert _found(labelled, topic="non_gaap") == {("comment", 14), ("response", 14)}
    assert _found(labelled, topic="metrics") == {("comment", 3), ("response", 3)}


def test_unknown_label_codes_are_refused_with_the_codes_to_use(labelled: Store) -> None:
    with pytest.raises(
        SearchError, match="topic='nongaap' is not a topic code; use one of revenue"
    ):
        _found(labelled, topic="nongaap")
    with pytest.raises(SearchError, match="group='GAAP' is not a topic group"):
        _found(labelled, group="GAAP")


def test_the_api_page_and_csv_filter_by_labels(tmp_path: Path) -> None:
    labelled = _nrg(str(tmp_path / "web.sqlite"))
    client = TestClient(create_app(labelled))
    data = client.get("/api/search", params={"topic": "non_gaap", "scope": "comments"}).json()
    assert [(h["number"], h["topics"], h["asks"]) for h in data["hits"]] == [
        (14, ["non_gaap"], ["future"]),
        (3, ["non_gaap"], ["revise"]),
    ]
    assert client.get("/api/search", params={"topic": "nongaap"}).status_code == 422
    assert client.get("/api/search").status_code == 422
    page = client.get("/search", params={"cite": "C&DI 102.10"}).text
    assert "1 matches" in page
    assert '<li class="chip topic main">Non-GAAP measures</li>' in page
    text = client.get("/api/search.csv", params={"q": "future", "answer": "will_revise"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["kind"], r["number"], r["topics"], r["answer"]) for r in rows] == [
        ("response", "14", "non_gaap", "will_revise; confirmed"),
        ("response", "3", "non_gaap", "will_revise"),
    ]
    with labelled.session() as session:
        exported = "".join(export_csv(session, SearchQuery("", SearchFilters(cite="ASC 605"))))
    assert [(r["number"], r["cites"]) for r in csv.DictReader(io.StringIO(exported))] == [
        ("16", "ASC 605-25")
    ]

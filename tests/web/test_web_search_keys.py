"""PostgreSQL keeps each comment's and answer's search keys (record/search_keys.py) in its
search index and narrows a search by them: a keyed filter finds exactly the items and totals
the filter's joins on letters, filings and labels find. The database keeps the keys right
whoever writes (ingest, a label correction, a letter's reparse, threading), and migration
0015 fills them for a record stored before it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reviewdesk.letters import Comment, Letter
from reviewdesk.pipeline import ingest_bytes, ingest_paths
from reviewdesk.record import Store, open_store, schema, search_keys
from reviewdesk.record.labels import set_person_labels
from reviewdesk.record.new_letters import insert_letters
from reviewdesk.record.reparse import reparse
from reviewdesk.record.search_keys_pg import TABLES, item_keys
from reviewdesk.record.store import downgrade, upgrade
from reviewdesk.services.search import SearchFilters, SearchQuery, backends, search
from reviewdesk.services.search.model import LetterKind
from tests.conftest import DOCS, shared, thread_files
from tests.web.conftest import MANIFEST, THREADS, ingest_threads

pytestmark = [pytest.mark.corpus, pytest.mark.postgres]


@pytest.fixture
def schema_url(pg_url: str) -> str:
    """A fresh schema of the session's PostgreSQL database."""
    name = f"k_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    return f"{pg_url}?options=-csearch_path%3D{name}"


def stale(store: Store) -> int:
    """Items whose stored keys differ from the keys their letter, filings and labels give."""
    with store.session() as session:
        return sum(
            int(
                session.execute(
                    text(
                        f"SELECT count(*) FROM {table} x JOIN letters l ON l.id = x.letter_id "
                        f"WHERE x.search_keys IS DISTINCT FROM {item_keys(table, 'x', 'l')}"
                    )
                ).scalar_one()
            )
            for table in TABLES
        )


def keys_of(store: Store, table: str, item_id: int) -> list[str]:
    with store.session() as session:
        return list(
            session.execute(
                text(f"SELECT search_keys FROM {table} WHERE id = :id"), {"id": item_id}
            ).scalar_one()
        )


def found(store: Store, words: str, filters: SearchFilters) -> tuple[list[tuple[str, int]], int]:
    with store.session() as session:
        result = search(session, SearchQuery(words, filters, per_page=100))
    return [(h.kind, h.id) for h in result.hits], result.total


def test_ingest_keys_every_item_from_its_letter_filings_and_labels(pg_store: Store) -> None:
    assert stale(pg_store) == 0
    with pg_store.session() as session:
        comment, letter = session.execute(
            select(schema.Comment.id, schema.Comment.letter_id).order_by(schema.Comment.id)
        ).first()  # type: ignore[misc]
        row = session.get_one(schema.Letter, letter)
        forms = session.scalars(
            select(schema.LetterFiling.form).where(schema.LetterFiling.letter_id == letter)
        ).all()
        labels = session.execute(
            select(schema.Label.facet, schema.Label.code).where(
                schema.Label.comment_id == comment,
                schema.Label.facet.in_(search_keys.LABEL_PREFIXES),
                schema.Label.effective,
            )
        ).all()
    date = row.date or row.filing_date
    assert date is not None and row.company_id is not None and row.office is not None
    assert keys_of(pg_store, "comments", comment) == [
        search_keys.company_key(row.company_id),
        search_keys.year_key(date.year),
        search_keys.office_key(row.office),
        *sorted({search_keys.form_key(f) for f in forms if f}),
        *sorted({search_keys.label_key(facet, code) for facet, code in labels}),
    ]


def _stale_in(session: Session) -> int:
    """`stale` read inside a write transaction."""
    return sum(
        int(
            session.execute(
                text(
                    f"SELECT count(*) FROM {table} x JOIN letters l ON l.id = x.letter_id "
                    f"WHERE x.search_keys IS DISTINCT FROM {item_keys(table, 'x', 'l')}"
                )
            ).scalar_one()
        )
        for table in TABLES
    )


def test_ingest_stores_each_new_item_once_with_all_its_keys(
    schema_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each group's transaction as the group writer leaves it: rows inserted and updated in
    # the items' tables, and items whose keys are not those their labels give them
    groups: list[tuple[dict[str, tuple[int, int]], int]] = []

    def tuples(session: Session) -> dict[str, tuple[int, int]]:
        # this backend's counts not yet reported (PostgreSQL 15 keeps some of an earlier
        # transaction among them), so only a difference within one transaction is its own
        rows = session.execute(
            text(
                "SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables "
                "WHERE schemaname = current_schema() AND relname IN ('comments', 'responses')"
            )
        )
        return {name: (ins, upd) for name, ins, upd in rows}

    def counted(session: Session, *args: Any) -> list[int]:
        before = tuples(session)
        letter_ids = insert_letters(session, *args)
        after = tuples(session)
        done = {
            t: (ins - before.get(t, (0, 0))[0], upd - before.get(t, (0, 0))[1])
            for t, (ins, upd) in after.items()
        }
        groups.append((done, _stale_in(session)))
        return letter_ids

    monkeypatch.setattr("reviewdesk.record.ingest.insert_letters", counted)
    store = open_store(schema_url)
    summary = ingest_paths(store, thread_files(THREADS), MANIFEST, jobs=1)
    assert summary.failed == 0, summary.problems
    with store.session() as session:
        comments = session.scalar(select(func.count(schema.Comment.id)))
        responses = session.scalar(select(func.count(schema.Response.id)))
        topic = search_keys.LABEL_PREFIXES["topic"]
        topic_keyed = session.scalar(
            text(f"SELECT count(*) FROM comments, unnest(search_keys) k WHERE k LIKE '{topic}%'")
        )
    assert len(groups) == 2  # 14 documents: groups of 8 and 6
    assert [stale for _, stale in groups] == [0, 0]
    assert [upd for counts, _ in groups for _, upd in counts.values()] == [0, 0, 0, 0]
    assert sum(counts["comments"][0] for counts, _ in groups) == comments
    assert sum(counts["responses"][0] for counts, _ in groups) == responses
    assert comments and responses and topic_keyed
    assert stale(store) == 0
    store.close()


def test_a_label_naming_no_item_is_refused_at_once(pg_store: Store) -> None:
    # the references are deferrable for the group writer, not deferred for everyone
    with pytest.raises(IntegrityError), pg_store.write() as session:
        session.add(
            schema.Label(
                comment_id=10**9,
                facet="topic",
                code="revenue",
                rank=0,
                source="person",
                producer="ann",
                labelled_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                effective=True,
            )
        )
        session.flush()
        raise AssertionError("the label was stored")


def _filters(store: Store) -> list[SearchFilters]:
    """Each keyed filter with values the three threads hold, alone and together."""
    with store.session() as session:
        company, cik = session.execute(
            select(schema.Letter.company_id, schema.Letter.cik).where(
                schema.Letter.company_id.is_not(None)
            )
        ).first()  # type: ignore[misc]
    return [
        SearchFilters(company_id=company),
        SearchFilters(cik=str(cik).lstrip("0")),
        SearchFilters(year=2016),
        SearchFilters(year=2022),
        SearchFilters(form="10-k"),
        SearchFilters(form="S-1"),
        SearchFilters(office="office of"),
        SearchFilters(office="nowhere"),
        SearchFilters(kind=LetterKind.comments),
        SearchFilters(topic="non_gaap"),
        SearchFilters(group="accounting"),
        SearchFilters(group="non-GAAP", topic="revenue"),
        SearchFilters(ask="explain"),
        SearchFilters(answer="will_revise"),
        SearchFilters(year=2016, form="10-K", office="Office", company_id=company),
        SearchFilters(year=2018, status=None, date_to=None, industry="pharmaceutical"),
    ]


@pytest.mark.parametrize("words", ["revenue", "please", '"in future filings"'])
def test_keyed_filters_find_what_the_joins_find(
    pg_store: Store, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = backends.index_shape
    with pg_store.engine.connect() as connection:
        assert all(real(connection, table).keys for table in TABLES)
    some = 0
    for filters in _filters(pg_store):
        keyed = found(pg_store, words, filters)
        with monkeypatch.context() as patched:
            patched.setattr(
                backends,
                "index_shape",
                lambda c, t: dataclasses.replace(real(c, t), keys=False),
            )
            joined = found(pg_store, words, filters)
        assert keyed == joined, filters
        some += bool(keyed[1])
    assert some >= 8


def test_a_label_correction_changes_the_keys_and_the_topic_filter_at_once(
    schema_url: str,
) -> None:
    store = ingest_threads(schema_url)
    with store.write() as session:
        comment = session.scalars(
            select(schema.Comment.id).where(
                schema.Comment.id.in_(select(schema.Response.comment_id))
            )
        ).first()
        assert comment is not None
        answer = session.scalars(
            select(schema.Response.id).where(schema.Response.comment_id == comment)
        ).one()
        set_person_labels(session, "comment", comment, "topic", ["metrics"], "ann")
    metrics = search_keys.label_key("topic", "metrics")
    topic = search_keys.LABEL_PREFIXES["topic"]
    for table, item in (("comments", comment), ("responses", answer)):
        topics = [k for k in keys_of(store, table, item) if k.startswith(topic)]
        assert topics == [metrics]
    hits, _ = found(store, "", SearchFilters(topic="metrics"))
    assert {("comment", comment), ("response", answer)} <= set(hits)
    with store.write() as session:
        session.execute(
            text("UPDATE responses SET comment_id = NULL WHERE id = :id"), {"id": answer}
        )
    assert metrics not in keys_of(store, "responses", answer)
    assert stale(store) == 0
    store.close()


def read_as_old_parser(data: bytes, source: str) -> Letter:
    """A fictional old reading of a real letter: comments dated 2015."""
    comments = [Comment(n, "Fictional caption", None, f"Fictional comment {n}.") for n in (1, 2)]
    return Letter(
        source=source, role="staff", kind="comments", date="2015-03-02", comments=comments
    )


def read_as_new_parser(data: bytes, source: str) -> Letter:
    """The upgraded parser dates the letter 2016."""
    comments = [Comment(n, "Fictional caption", None, f"Fictional comment {n}.") for n in (1, 2)]
    return Letter(
        source=source, role="staff", kind="comments", date="2016-01-04", comments=comments
    )


def test_reparse_moves_the_keys_with_the_letter(
    schema_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(schema_url)
    path = shared(DOCS) / "0000000000-20-009552.pdf"
    monkeypatch.setattr("reviewdesk.pipeline.run.read_bounded", read_as_old_parser)
    ingest_bytes(store, path.read_bytes(), source=str(path))
    with store.session() as session:
        first = session.scalars(select(schema.Comment.id).order_by(schema.Comment.id)).first()
    assert first is not None
    assert search_keys.year_key(2015) in keys_of(store, "comments", first)
    summary = reparse(store, jobs=1, reader=read_as_new_parser)
    assert (summary.letters, summary.changed) == (1, 1)
    keys = keys_of(store, "comments", first)
    assert search_keys.year_key(2016) in keys
    assert search_keys.year_key(2015) not in keys
    assert found(store, "fictional", SearchFilters(year=2015))[1] == 0
    assert found(store, "fictional", SearchFilters(year=2016))[1] == 2
    assert stale(store) == 0
    store.close()


def test_the_migration_keys_a_record_stored_before_it(schema_url: str) -> None:
    # stored by today's code, then taken back to the schema before the keys (ingest writes
    # every column of the head schema, so it cannot store into an older one)
    store = open_store(schema_url)
    summary = ingest_paths(store, thread_files(THREADS), MANIFEST, jobs=1)
    assert summary.failed == 0, summary.problems
    downgrade(store, "0014")
    with store.session() as session:
        columns = session.execute(
            text(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = "
                "'search_keys' AND table_schema = current_schema()"
            )
        ).scalar_one()
    assert columns == 0
    upgrade(store)
    assert stale(store) == 0
    with store.session() as session:
        unkeyed = session.execute(
            text("SELECT count(*) FROM comments WHERE cardinality(search_keys) < 4")
        ).scalar_one()
        items = session.execute(text("SELECT count(*) FROM comments")).scalar_one()
    assert (unkeyed, items > 0) == (0, True)
    assert found(store, "revenue", SearchFilters(year=2016))[1] > 0
    store.close()

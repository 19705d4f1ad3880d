"""The ingest pipeline threads only the companies a batch touched, with the same result as
re-threading the whole record, and finishes the threading of letters a killed run stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reviewdesk.pipeline import ingest_paths, settle, thread_all
from reviewdesk.pipeline.read import read
from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.batch import store_paths
from tests.conftest import MANIFEST, thread_files

LENNAR = "LEN_0000000000-16-068040"
EBAY = "EBAY_0000000000-17-028776"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "record.sqlite"))


def threading_state(store: Store) -> dict[str, Any]:
    """Everything threading writes, by row id."""
    with store.session() as session:
        return {
            "letters": sorted(
                tuple(row)
                for row in session.execute(
                    select(schema.Letter.id, schema.Letter.review_id, schema.Letter.round_id)
                )
            ),
            "comments": sorted(
                tuple(row)
                for row in session.execute(
                    select(
                        schema.Comment.id,
                        schema.Comment.status,
                        schema.Comment.follow_up_of_id,
                        schema.Comment.answered_by_id,
                    )
                )
            ),
            "reviews": sorted(
                tuple(row)
                for row in session.execute(
                    select(
                        schema.Review.id,
                        schema.Review.company_id,
                        schema.Review.opened,
                        schema.Review.closed,
                        schema.Review.status,
                    )
                )
            ),
            "rounds": sorted(
                tuple(row)
                for row in session.execute(
                    select(
                        schema.Round.id,
                        schema.Round.review_id,
                        schema.Round.number,
                        schema.Round.staff_letter_id,
                        schema.Round.due,
                        schema.Round.response_letter_id,
                    )
                )
            ),
        }


def machine_topics(store: Store) -> list[tuple[str, int, str, int]]:
    """Every machine topic label: item, its id, code, rank."""
    label = schema.Label
    with store.session() as session:
        return sorted(
            ("comment", row.comment_id, row.code, row.rank)
            if row.comment_id is not None
            else ("response", row.response_id, row.code, row.rank)
            for row in session.execute(
                select(label.comment_id, label.response_id, label.code, label.rank).where(
                    label.source == "machine", label.facet == "topic"
                )
            )
        )


def last_threading(store: Store) -> dict[str, Any]:
    with store.session() as session:
        entry = session.scalars(
            select(schema.AuditEntry)
            .where(schema.AuditEntry.action == "thread")
            .order_by(schema.AuditEntry.id.desc())
        ).first()
        assert entry is not None
        return dict(entry.detail)


def test_a_batch_rethreads_only_its_companies_and_agrees_with_a_full_rethread(
    store: Store,
) -> None:
    ebay = thread_files(EBAY)
    ingest_paths(store, thread_files(LENNAR), MANIFEST, jobs=1)
    ingest_paths(store, ebay[:4], MANIFEST, jobs=1)
    ingest_paths(store, ebay[4:], MANIFEST, jobs=1)

    assert len(ebay) == 7
    assert last_threading(store) == {
        "companies": 1,
        "letters": 7,
        "reviews": 1,
        "conversations": 1,
    }
    scoped, topics = threading_state(store), machine_topics(store)
    thread_all(store)
    assert last_threading(store) == {
        "companies": "all",
        "letters": 22,
        "reviews": 4,
        "conversations": 9,
    }
    assert threading_state(store) == scoped
    assert machine_topics(store) == topics
    with store.session() as session:
        opened = session.scalars(select(schema.Review.opened).order_by(schema.Review.opened))
        assert [d.isoformat() if d else None for d in opened] == [
            "2016-03-11",
            "2016-12-07",
            "2017-03-16",
            "2017-08-14",
        ]


def test_letters_a_killed_run_stored_unthreaded_are_threaded_by_the_next_settle(
    store: Store,
) -> None:
    summary = store_paths(store, thread_files(LENNAR), MANIFEST, jobs=1, reader=read)
    assert summary.stored == 15
    with store.session() as session:
        assert set(session.scalars(select(schema.Letter.review_id))) == {None}

    settled = settle(store)  # what the next run, or the desk starting, does first

    assert settled.threading is not None
    assert (settled.threading.reviews, settled.threading.letters_threaded) == (3, 15)
    assert settle(store).threading is None  # nothing left to thread
    threaded = threading_state(store)
    thread_all(store)
    assert threading_state(store) == threaded

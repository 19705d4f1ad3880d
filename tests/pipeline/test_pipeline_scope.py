"""The ingest pipeline threads only the companies a batch touched, with the same result as
re-threading the whole record, threads a company while the batch still stores others once
its last letter is stored, and finishes the threading of letters a killed run stored."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reviewdesk.pipeline import ingest_paths, settle, thread_all
from reviewdesk.pipeline.read import read
from reviewdesk.pipeline.thread import THREADED_AHEAD, thread_ahead, unsettled
from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.batch import store_paths
from tests.conftest import MANIFEST, thread_files
from tests.trends.test_trends_facts import assert_sums_equal_a_rebuild

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


def last_threading(store: Store, action: str = "thread") -> dict[str, Any]:
    with store.session() as session:
        entry = session.scalars(
            select(schema.AuditEntry)
            .where(schema.AuditEntry.action == action)
            .order_by(schema.AuditEntry.id.desc())
        ).first()
        assert entry is not None
        return dict(entry.detail)


@pytest.fixture
def thread_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thread a company ahead as soon as one letter of a finished company waits, and write
    two documents a transaction, so a batch of a few threads has documents left to store
    when its first company is finished (a group's outcomes are taken at the latest when
    WRITES_AHEAD more are handed to the writer)."""
    monkeypatch.setattr("reviewdesk.record.batch.AHEAD_LETTERS", 1)
    monkeypatch.setattr("reviewdesk.record.batch.WRITE_GROUP", 2)


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


@pytest.mark.usefixtures("thread_early")
def test_a_company_whose_last_letter_is_stored_is_threaded_while_the_batch_goes_on(
    store: Store,
) -> None:
    summary = ingest_paths(store, thread_files(LENNAR) + thread_files(EBAY), MANIFEST, jobs=1)

    assert summary.stored == 22
    assert summary.threaded_ahead == summary.letter_ids[:15]
    ahead = last_threading(store, THREADED_AHEAD)
    assert ahead.pop("letter_ids") == summary.letter_ids[:15]
    assert ahead == {"companies": 1, "letters": 15, "reviews": 3, "conversations": 6}
    assert last_threading(store) == {
        "companies": 1,
        "letters": 7,
        "reviews": 1,
        "conversations": 3,
    }
    assert_sums_equal_a_rebuild(store)
    scoped, topics = threading_state(store), machine_topics(store)
    thread_all(store)
    assert threading_state(store) == scoped
    assert machine_topics(store) == topics


@pytest.mark.usefixtures("thread_early")
def test_a_run_killed_after_threading_ahead_leaves_only_the_rest_to_the_next_settle(
    store: Store,
) -> None:
    ebay = thread_files(EBAY)
    ingest_paths(store, ebay[:2], MANIFEST, jobs=1)
    summary = store_paths(
        store,
        thread_files(LENNAR) + ebay[2:],
        MANIFEST,
        jobs=1,
        reader=read,
        thread_ahead=partial(thread_ahead, store),
    )
    assert summary.threaded_ahead == summary.letter_ids[:15]
    kept = {letter_id for _, letter_id, _ in summary.topic_odds}
    assert kept and kept <= set(summary.letter_ids[15:])  # the read stage's, for the rest
    with store.session() as session:
        left = unsettled(session)
    assert (left.unthreaded, left.uncounted) == (
        set(summary.letter_ids[15:]),
        set(summary.letter_ids[:15]),
    )

    settled = settle(store)  # what the next run, or the desk starting, does first

    assert settled.threading is not None
    assert (settled.threading.reviews, settled.threading.letters_threaded) == (1, 7)
    assert settle(store).threading is None
    assert_sums_equal_a_rebuild(store)
    threaded = threading_state(store)
    thread_all(store)
    assert threading_state(store) == threaded


@pytest.mark.usefixtures("thread_early")
def test_a_batch_threaded_wholly_ahead_still_has_its_trend_facts_counted(store: Store) -> None:
    ebay = thread_files(EBAY)
    ingest_paths(store, ebay, MANIFEST, jobs=1)
    summary = ingest_paths(store, [*thread_files(LENNAR), *ebay[:4]], MANIFEST, jobs=1)

    assert (summary.stored, summary.duplicates) == (15, 4)
    assert summary.threaded_ahead == summary.letter_ids
    assert last_threading(store) == {
        "companies": 0,
        "letters": 0,
        "reviews": 0,
        "conversations": 0,
    }
    with store.session() as session:
        left = unsettled(session)
    assert (left.unthreaded, left.uncounted) == (set(), set())
    assert_sums_equal_a_rebuild(store)

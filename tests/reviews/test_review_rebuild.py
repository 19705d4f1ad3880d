"""Writing threading into the record: reviews, rounds, comment links, and ids that survive rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import MANIFEST, thread_files

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import schema
from reviewdesk.record.store import Store, open_store
from reviewdesk.reviews import rebuild

pytestmark = pytest.mark.corpus

THREADS = {"LEN_0000000000-16-068040", "EBAY_0000000000-17-028776"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(str(tmp_path / "record.sqlite"))
    ingest_paths(opened, thread_files(THREADS), manifest=MANIFEST, jobs=1)
    return opened


def _reviews_by_opening(store: Store) -> dict[str, int]:
    """Opening staff letter accession -> review id, read back from the record."""
    with store.session() as session:
        rounds = session.execute(
            select(schema.Letter.accession, schema.Round.review_id)
            .join(schema.Round, schema.Round.staff_letter_id == schema.Letter.id)
            .where(schema.Round.number == 1)
        ).all()
    return {accession: review_id for accession, review_id in rounds}


def test_rebuild_writes_reviews_rounds_and_comment_links(store: Store) -> None:
    with store.session() as session:
        reviews = list(session.scalars(select(schema.Review).order_by(schema.Review.opened)))
        assert [(r.opened.isoformat() if r.opened else None, r.status) for r in reviews] == [
            ("2016-03-11", "closed"),
            ("2016-12-07", "open"),
            ("2017-03-16", "closed"),
            ("2017-08-14", "closed"),
        ]
        second = session.scalars(
            select(schema.Letter).where(schema.Letter.accession == "0000000000-16-070323")
        ).one()
        follow_up = second.comments[0]
        earlier = session.get(schema.Comment, follow_up.follow_up_of_id)
        assert earlier is not None and earlier.number == 2
        assert earlier.status == "followed_up"
        first_letter = session.get(schema.Letter, earlier.letter_id)
        assert first_letter is not None and first_letter.accession == "0000000000-16-068040"
        answer = session.get(schema.Response, earlier.answered_by_id)
        assert answer is not None and answer.comment_id == earlier.id
        rounds = list(
            session.scalars(
                select(schema.Round)
                .where(schema.Round.review_id == reviews[0].id)
                .order_by(schema.Round.number)
            )
        )
        assert [(r.due.isoformat() if r.due else None, str(r.answered)) for r in rounds] == [
            ("2016-03-25", "2016-03-25"),
            ("2016-04-13", "2016-04-13"),
            ("2016-10-04", "2016-09-29"),
        ]


def test_review_and_round_ids_stay_stable_across_rebuilds(store: Store) -> None:
    before = _reviews_by_opening(store)
    with store.session() as session:
        round_ids = sorted(session.scalars(select(schema.Round.id)))
    with store.write() as session:
        summary = rebuild(session)
    assert summary.kept == 4 and summary.created == 0 and summary.removed == 0
    assert _reviews_by_opening(store) == before
    with store.session() as session:
        assert sorted(session.scalars(select(schema.Round.id))) == round_ids


def test_rebuild_after_links_are_lost_keeps_ids_of_reviews_still_opened_by_the_same_letter(
    store: Store,
) -> None:
    before = _reviews_by_opening(store)
    with store.write() as session:
        for letter in session.scalars(select(schema.Letter)):
            if letter.accession != "0000000000-16-068040" and letter.role == "company":
                letter.review_id = None
    with store.write() as session:
        rebuild(session)
    assert _reviews_by_opening(store) == before

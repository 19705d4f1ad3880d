"""The trend facts ingest keeps give every view, under every filter, the answer the direct
computation over letters, labels and reviews gives (tests/trends/live: the views as they
counted live before the facts): on the fictional record, after a person's label corrections and
after re-threading; on real corpus threads ingested batch by batch through the pipeline; and
the sums kept batch by batch equal a rebuild from scratch. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import TOPICS
from reviewdesk.pipeline import ingest_paths, thread, thread_all
from reviewdesk.record import Store, schema
from reviewdesk.record.labels import set_person_labels
from reviewdesk.record.trend_upkeep import rebuild_trend_facts
from reviewdesk.services.trends import PeriodKind, TrendFilters
from reviewdesk.services.trends.published_topics import topic_figures
from reviewdesk.services.trends.views import VIEWS
from tests.conftest import MANIFEST, thread_files
from tests.trends import fictional_record
from tests.trends.live.asks import asks_view
from tests.trends.live.follow_ups import follow_ups_view
from tests.trends.live.profile import profile_view
from tests.trends.live.published_topics import topic_figures as live_topic_figures
from tests.trends.live.reviews import reviews_view
from tests.trends.live.topics import topics_view

LIVE: dict[str, Callable[[Session, TrendFilters], Any]] = {
    "reviews": reviews_view,
    "topics": topics_view,
    "asks": asks_view,
    "follow_ups": follow_ups_view,
    "profile": profile_view,
}
CUTS = [
    TrendFilters(),
    TrendFilters(PeriodKind.review, 2021, 2022),
    TrendFilters(year_from=2022, year_to=2022),
    TrendFilters(year_from=2019, year_to=2020),
    TrendFilters(form="10-K"),
    TrendFilters(form="10-q"),
    TrendFilters(office="office of finance"),
    TrendFilters(filer="large accelerated filer"),
    TrendFilters(group=TOPICS["revenue"].group.lower()),
    TrendFilters(group=TOPICS["non_gaap"].group),
    TrendFilters(group="no such group"),
    TrendFilters(PeriodKind.review, 2020, 2023, form="10-K", group=TOPICS["revenue"].group),
]


def company_ids(session: Session) -> list[int]:
    """Every company of the record."""
    return list(session.scalars(select(schema.Company.id).order_by(schema.Company.id)))


def assert_views_equal_direct_computation(store: Store) -> None:
    """Every view under every cut (and each company's cut and profile), and the published
    topic figures, as the live computation gives them."""
    with store.session() as session:
        companies = company_ids(session)
        cuts = [*CUTS, *(TrendFilters(company_id=c) for c in companies)]
        cuts += [TrendFilters(PeriodKind.review, 2021, 2021, company_id=c) for c in companies]
        for name, view in VIEWS.items():
            for cut in cuts:
                if name == "profile" and cut.company_id is None:
                    continue
                kept, direct = view(session, cut), LIVE[name](session, cut)
                assert kept.to_dict() == direct.to_dict(), (name, cut)
                searches = [t.searches for t in kept.tables]
                assert searches == [t.searches for t in direct.tables], (name, cut)
        assert topic_figures(session) == live_topic_figures(session)


def sums(store: Store) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The stored sums of both fact tables, sorted."""
    letters, reviews = schema.TrendLetterFact, schema.TrendReviewFact
    with store.session() as session:
        return (
            sorted(
                session.execute(
                    select(*(c for c in letters.__table__.columns if c.name != "id"))
                ).all(),
                key=repr,
            ),
            sorted(
                session.execute(
                    select(*(c for c in reviews.__table__.columns if c.name != "id"))
                ).all(),
                key=repr,
            ),
        )


def assert_sums_equal_a_rebuild(store: Store) -> None:
    """The sums moved batch by batch are those a rebuild counts from scratch."""
    kept = sums(store)
    with store.write() as session:
        rebuild_trend_facts(session)
    assert sums(store) == kept


def correct(session: Session, item: Any, facet: Any, item_id: int, codes: list[str]) -> None:
    """A person's correction, as the desk makes it."""
    set_person_labels(session, item, item_id, facet, codes, "reviewer")


def test_facts_equal_the_direct_computation_after_corrections_and_rethreading(
    store: Store,
) -> None:
    fictional_record.build(store)
    assert_views_equal_direct_computation(store)
    with store.write() as session:
        comments = list(session.scalars(select(schema.Comment.id).order_by(schema.Comment.id)))
        c7, c8 = comments[6], comments[7]
        answer = session.scalar(select(schema.Response.id).where(schema.Response.comment_id == c8))
        assert answer is not None
        correct(session, "comment", "topic", c7, ["non_gaap", "mdna_results"])
        correct(session, "comment", "ask", c8, ["revise", "explain"])
        correct(session, "response", "answer", answer, ["declined"])
    assert_views_equal_direct_computation(store)
    with store.write() as session:
        correct(session, "comment", "topic", c7, [])
    assert_views_equal_direct_computation(store)
    with store.session() as session:
        beta = session.scalar(select(schema.Letter.id).where(schema.Letter.company_id.is_not(None)))
    thread(store, [beta] if beta else [])
    assert_views_equal_direct_computation(store)
    thread_all(store)
    assert_views_equal_direct_computation(store)
    assert_sums_equal_a_rebuild(store)


@pytest.mark.corpus
def test_facts_kept_batch_by_batch_equal_the_direct_computation_on_ingested_threads(
    store: Store,
) -> None:
    from tests.trends.test_trends_corpus import THREADS

    first, *rest = THREADS
    ingest_paths(store, thread_files({first}), MANIFEST, jobs=1)
    assert_views_equal_direct_computation(store)
    paths: list[Path] = thread_files(set(rest))
    ingest_paths(store, paths[: len(paths) // 2], MANIFEST, jobs=1)
    ingest_paths(store, paths[len(paths) // 2 :], MANIFEST, jobs=1)
    assert_views_equal_direct_computation(store)
    with store.write() as session:
        labelled = session.scalar(
            select(schema.Label.comment_id)
            .where(schema.Label.facet == "topic", schema.Label.comment_id.is_not(None))
            .limit(1)
        )
        assert labelled is not None
        correct(session, "comment", "topic", labelled, ["segments"])
    assert_views_equal_direct_computation(store)
    assert_sums_equal_a_rebuild(store)

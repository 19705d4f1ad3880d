"""The topics, asks, follow-ups and profile views on the fictional record (SQLite and
PostgreSQL); the counts are worked out by hand from the comment list in fictional_record."""

from __future__ import annotations

import pytest

from reviewdesk.record import Store
from reviewdesk.services.trends import PeriodKind, TrendFilters, reviews_view
from reviewdesk.services.trends.profile import ProfileNeedsCompany
from reviewdesk.services.trends.views import VIEWS


def test_top_topics_and_groups_of_the_period_by_share_of_comment_letters(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        view = VIEWS["topics"](session, TrendFilters())
    # 7 comment letters, 10 comments; non-GAAP in c1, c4, c5, c8; revenue in c3, c7, c9, c10
    assert view.table("top_topics").rows == [
        [1, "Non-GAAP measures", "non-GAAP", 4, 57.1, 4, 40.0],
        [2, "Revenue recognition", "accounting", 4, 57.1, 4, 40.0],
        [3, "MD&A: results of operations", "MD&A", 1, 14.3, 1, 10.0],
        [4, "Key performance indicators", "MD&A", 1, 14.3, 1, 10.0],
        [5, "Offering disclosure", "transactions", 1, 14.3, 1, 10.0],
        [6, "Segment reporting", "accounting", 1, 14.3, 1, 10.0],
    ]
    assert view.table("top_topics").searches[0] == {"topic": "non_gaap"}
    # a comment on two topics of one group (c2, c7) counts once for the group
    assert view.table("top_groups").rows == [
        [1, "accounting", 4, 57.1, 4, 40.0],
        [2, "non-GAAP", 4, 57.1, 4, 40.0],
        [3, "MD&A", 1, 14.3, 1, 10.0],
        [4, "transactions", 1, 14.3, 1, 10.0],
    ]


def test_topics_per_year_are_ranked_with_the_change_from_the_year_before(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        table = VIEWS["topics"](session, TrendFilters()).table("by_year")
    assert table.rows == [
        [2021, 1, "Non-GAAP measures", "non-GAAP", 3, 100.0, None, 3, 60.0],
        [2021, 2, "MD&A: results of operations", "MD&A", 1, 33.3, None, 1, 20.0],
        [2021, 3, "Key performance indicators", "MD&A", 1, 33.3, None, 1, 20.0],
        [2021, 4, "Revenue recognition", "accounting", 1, 33.3, None, 1, 20.0],
        [2022, 1, "Revenue recognition", "accounting", 3, 75.0, 41.7, 3, 60.0],
        [2022, 2, "Non-GAAP measures", "non-GAAP", 1, 25.0, -75.0, 1, 20.0],
        [2022, 3, "Offering disclosure", "transactions", 1, 25.0, 25.0, 1, 20.0],
        [2022, 4, "Segment reporting", "accounting", 1, 25.0, 25.0, 1, 20.0],
    ]
    assert table.searches[4] == {"topic": "revenue", "year": "2022"}


def test_review_year_group_and_form_filters_cut_the_topics(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        review_2022 = VIEWS["topics"](
            session, TrendFilters(period=PeriodKind.review, year_from=2022, year_to=2022)
        ).table("top_topics")
        mdna = VIEWS["topics"](session, TrendFilters(group="md&a")).table("top_topics")
        quarterly = VIEWS["topics"](session, TrendFilters(form="10-Q")).table("top_topics")
        grouped_reviews = reviews_view(session, TrendFilters(group="MD&A")).table("by_year")
    # review year 2022 = Oct 2021 - Sep 2022: letters of review 2 (2), 3 (1) and 4 (3)
    assert [r[1:5] for r in review_2022.rows[:2]] == [
        ["Revenue recognition", "accounting", 4, 66.7],
        ["Non-GAAP measures", "non-GAAP", 3, 50.0],
    ]
    assert [r[1] for r in mdna.rows] == [
        "MD&A: results of operations",
        "Key performance indicators",
    ]
    assert mdna.rows[0][3:5] == [1, 14.3]
    assert [r[1:4] for r in quarterly.rows] == [
        ["Non-GAAP measures", "non-GAAP", 2],
        ["Revenue recognition", "accounting", 1],
    ]
    assert [r[:2] for r in grouped_reviews.rows] == [[2021, 1]]


def test_asks_and_answers_per_main_topic(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    with store.session() as session:
        view = VIEWS["asks"](session, TrendFilters())
    asks = view.table("asks_by_topic")
    assert asks.columns[3:] == [
        "Revise the filing %",
        "Change future filings %",
        "Explain to the staff %",
        "Provide supplementally %",
        "File a document %",
        "Confirm %",
        "No action %",
    ]
    assert asks.rows == [
        ["Non-GAAP measures", "non-GAAP", 4, 75.0, 25.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        ["Revenue recognition", "accounting", 4, 0.0, 25.0, 50.0, 25.0, 0.0, 25.0, 0.0],
        ["MD&A: results of operations", "MD&A", 1, 0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 0.0],
        ["Offering disclosure", "transactions", 1, 100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ]
    assert view.table("answers_by_topic").rows == [
        ["Non-GAAP measures", "non-GAAP", 4, 50.0, 25.0, 0.0, 0.0, 0.0, 25.0],
        ["Revenue recognition", "accounting", 4, 0.0, 25.0, 25.0, 25.0, 25.0, 0.0],
        ["MD&A: results of operations", "MD&A", 1, 0.0, 0.0, 100.0, 0.0, 0.0, 0.0],
    ]


def test_follow_ups_by_topic_and_answers_that_end_the_thread(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        view = VIEWS["follow_ups"](session, TrendFilters())
    # completed reviews only: c6 of the open review 3 is left out
    assert view.table("follow_ups_by_topic").rows == [
        ["Revenue recognition", "accounting", 4, 2, 50.0],
        ["Non-GAAP measures", "non-GAAP", 4, 1, 25.0],
        ["MD&A: results of operations", "MD&A", 1, 0, 0.0],
    ]
    assert view.table("endings_by_answer").rows == [
        ["Revised", 2, 2, 100.0],
        ["Will revise in future filings", 2, 2, 100.0],
        ["Confirmed", 1, 1, 100.0],
        ["Explained", 2, 1, 50.0],
        ["Provided supplementally", 1, 0, 0.0],
        ["Declined", 1, 0, 0.0],
    ]


def test_a_company_profile_sits_beside_its_office_and_form_peers(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, companies = fictional
    with store.session() as session:
        view = VIEWS["profile"](session, TrendFilters(company_id=companies["alpha"]))
        with pytest.raises(ProfileNeedsCompany):
            VIEWS["profile"](session, TrendFilters())
    assert view.title == "Profile of Fictional Alpha Corp"
    # no other company has Office of Finance letters; Beta's three 10-K letters are form peers
    assert view.table("topics_vs_peers").rows == [
        ["Non-GAAP measures", "non-GAAP", 3, 100.0, None, 33.3],
        ["MD&A: results of operations", "MD&A", 1, 33.3, None, 0.0],
        ["Key performance indicators", "MD&A", 1, 33.3, None, 0.0],
        ["Revenue recognition", "accounting", 1, 33.3, None, 100.0],
        ["Segment reporting", "accounting", 0, 0.0, None, 33.3],
    ]
    assert view.table("by_year").rows[0] == [2021, "Non-GAAP measures", 3, 3]


def test_published_rankings_give_the_rank_of_the_published_issue_in_the_same_period(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    from reviewdesk.services.trends import published_figures

    store, _ = fictional
    with store.session() as session:
        figures = [f for f in published_figures(session) if f.source.startswith(("EY", "Audit"))]
    ey_2021 = {f.figure: f for f in figures if f.period == "year to 30 June 2021"}
    # July 2020 - June 2021 holds one letter (review 1): c1 non-GAAP, c2 MD&A, one comment each
    assert ey_2021["rank of MD&A among issues"].ours == 1.0
    assert ey_2021["rank of MD&A among issues"].published == 2.0
    assert ey_2021["rank of Non-GAAP measures among issues"].ours == 1.0
    assert ey_2021["rank of Segment reporting among issues"].ours == 3.0
    assert ey_2021["rank of Segment reporting among issues"].n == 2
    shares = [f for f in figures if f.figure.startswith("share of comment letters citing")]
    # no 2017 letters: every year; 6 letters on 10-K/10-Q/8-K, 4 with a non-GAAP comment
    assert [(f.ours, f.published, f.n) for f in shares] == [(66.7, 23.7, 6), (66.7, 17.7, 6)]
    assert shares[0].period == "calendar year 2017: none in the record, so every year it holds"


def test_kind_of_filer_keeps_the_companies_of_that_filer_category(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    large = TrendFilters(filer="large accelerated filer")
    with store.session() as session:
        reviews = reviews_view(session, large).table("by_year").rows
        topics = VIEWS["topics"](session, large).table("top_topics").rows
        nobody = VIEWS["topics"](session, TrendFilters(filer="Smaller Reporting Company"))
    # Alpha alone: reviews 1 and 2, letters L1, L2a, L2b
    assert [r[:4] for r in reviews] == [[2021, 2, 2, 1.5]]
    assert [r[1:5] for r in topics[:2]] == [
        ["Non-GAAP measures", "non-GAAP", 3, 100.0],
        ["MD&A: results of operations", "MD&A", 1, 33.3],
    ]
    assert nobody.table("top_topics").rows == []


@pytest.mark.parametrize("industry", ["3714", "motor vehicle", "PARTS & ACC"])
def test_industry_keeps_the_companies_of_that_sic_code_or_description(
    fictional: tuple[Store, dict[str, int]], industry: str
) -> None:
    store, _ = fictional
    cut = TrendFilters(industry=industry)
    with store.session() as session:
        reviews = reviews_view(session, cut).table("by_year").rows
        topics = VIEWS["topics"](session, cut).table("top_topics").rows
    # Alpha alone (SIC 3714): reviews 1 and 2, letters L1, L2a, L2b
    assert [r[:4] for r in reviews] == [[2021, 2, 2, 1.5]]
    assert [r[1:5] for r in topics[:2]] == [
        ["Non-GAAP measures", "non-GAAP", 3, 100.0],
        ["MD&A: results of operations", "MD&A", 1, 33.3],
    ]
    assert cut.search({"topic": "non_gaap"}) == {"industry": industry, "topic": "non_gaap"}
    assert cut.describe().endswith(f"industry {industry}")


def test_an_industry_of_no_company_keeps_nothing(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    with store.session() as session:
        software = reviews_view(session, TrendFilters(industry="7372")).table("by_year").rows
        nobody = VIEWS["topics"](session, TrendFilters(industry="2834"))
    assert [r[:4] for r in software] == [[2022, 2, 1, 3.0]]  # Beta (SIC 7372): reviews 3 and 4
    assert nobody.table("top_topics").rows == []

"""The reviews view and the published-figure definitions on the fictional record (SQLite and
PostgreSQL), every number worked out by hand from the dates in fictional_record."""

from __future__ import annotations

from reviewdesk.record import Store
from reviewdesk.services.trends import PeriodKind, TrendFilters, published_figures, reviews_view

COLUMNS = [
    "reviews",
    "completed",
    "letters per review",
    "closed after 1 letter %",
    "closed within 2 letters %",
    "days to complete (mean)",
    "days to complete (median)",
    "completed within 60 days %",
    "letters answered",
    "answered by the due date %",
    "days to answer (median)",
    "extension requests",
]


def test_reviews_by_calendar_year_count_letters_days_answers_and_extensions(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        table = reviews_view(session, TrendFilters()).table("by_year")
    assert table.columns == ["year", *COLUMNS]
    assert table.rows == [
        # reviews 1 and 2: 1 and 2 letters, 35 and 98 days; answers after 11, 21 (late), 14 days
        [2021, 2, 2, 1.5, 50.0, 100.0, 66.5, 66.5, 50.0, 3, 66.7, 14.0, 1],
        # review 4 (3 letters, 79 days, answers after 9, 9, 7 days) and open review 3
        [2022, 2, 1, 3.0, 0.0, 0.0, 79.0, 79.0, 0.0, 3, 100.0, 9.0, 0],
    ]
    assert table.searches == [{"year": "2021"}, {"year": "2022"}]


def test_review_year_runs_from_october_so_the_october_review_counts_in_the_next(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        view = reviews_view(session, TrendFilters(period=PeriodKind.review))
    years = {row[0]: row[1] for row in view.table("by_year").rows}
    assert years == {2021: 1, 2022: 3}
    assert view.table("by_year").searches == [{}, {}]


def test_form_office_and_company_filters_cut_the_reviews(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, companies = fictional
    with store.session() as session:
        forms = {r[0]: r[1:4] for r in reviews_view(session, TrendFilters()).table("by_form").rows}
        quarterly = reviews_view(session, TrendFilters(form="10-q")).table("by_year").rows
        offices = reviews_view(session, TrendFilters(office="office of technology"))
        beta = reviews_view(session, TrendFilters(company_id=companies["beta"]))
    assert forms == {"10-K": [3, 3, 2.0], "10-Q": [1, 1, 2.0], "S-1": [1, 0, None]}
    assert [row[:4] for row in quarterly] == [[2021, 1, 1, 2.0]]
    assert offices.table("by_office").rows[0][:3] == ["Office of Technology", 2, 1]
    assert len(offices.table("by_office").rows) == 1
    assert beta.table("by_year").rows == reviews_view_rows_2022()
    assert offices.table("by_year").searches == [{"office": "office of technology", "year": "2022"}]


def reviews_view_rows_2022() -> list[list[object]]:
    return [[2022, 2, 1, 3.0, 0.0, 0.0, 79.0, 79.0, 0.0, 3, 100.0, 9.0, 0]]


def test_an_empty_cut_gives_empty_tables(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    with store.session() as session:
        view = reviews_view(session, TrendFilters(year_from=2030))
    assert [t.rows for t in view.tables] == [[], [], []]


def test_published_figures_follow_their_definitions_on_the_fictional_record(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    with store.session() as session:
        figures = {f.figure: f for f in published_figures(session)}
    # Deloitte: completed 10-K/10-Q reviews 1, 2, 4: 1, 2, 3 letters; 35, 98, 79 days
    assert figures["comment letters per review"].ours == 2.0
    assert figures["comment letters per review"].n == 3
    assert figures["reviews completed within one or two letters (%)"].ours == 66.7
    assert figures["days to complete a review"].ours == 70.67
    assert figures["reviews completed within 60 days (%)"].ours == 33.3
    # Audit Analytics: nothing in 2019, so every year: 3, 6 and 7 letters; 35, 98, 79 days
    conversation = figures['letters per "conversation"']
    assert conversation.ours == 5.33
    assert conversation.period.startswith("calendar year 2019, by first letter: none in the")
    assert "Ours covers other years" in conversation.gap
    assert figures["days per conversation"].ours == 70.67
    # every review, first to last letter: 35, 98, 0 (one letter) and 79 days
    assert figures["thread length in days (mean)"].ours == 53.0
    assert figures["thread length in days (median)"].ours == 57.0
    # 2021: review 1 comment and completion letters, review 2 two comment letters; replies:
    # review 1 response, review 2 request for time and two responses
    assert figures["staff letters filed in 2021"].ours == 4.0
    assert figures["company replies filed in 2021"].ours == 4.0
    assert figures["staff letters filed in 2020"].ours == 0.0

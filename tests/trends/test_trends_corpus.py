"""The published-figure definitions on real review threads of the corpus (ONEOK 2022, NRG
2019, AbbVie 2020-21), every figure worked out by hand from the letters' dates:

- ONEOK, 10-K: comment letters 2022-08-29 and 09-22, a letter asking for more time 10-18,
  completion 2022-11-01 -> review year 2022, 2 comment letters, 64 days; 3 staff + 3 company;
  answers after 11 days (due 09-13) and 29 days (due 10-06: late).
- AbbVie, 10-K: comment letters 2020-12-22 and 2021-03-16, completion 2021-05-04 -> review year
  2021, 2 letters, 133 days (its S-4 no-review letter of 2020-10-08 opens a review that drew no
  comments, which the reviews view leaves out);
  answers after 24 days (due 2021-01-07 over the holidays: late) and 3 days.
- NRG, 10-K and 10-Q: comment letters 2019-06-25 (due 07-10, answered late 07-11; more time
  asked 06-27) and 07-22 (answered 08-05, its due date), completion 2019-08-13 -> 2 letters,
  49 days; 3 staff + 3 company letters.
"""

from __future__ import annotations

import pytest

from reviewdesk.record import Store
from reviewdesk.services.trends import TrendFilters, published_figures, reviews_view

THREADS = ["OKE_0000000000-22-009320", "NRG_0000000000-19-010303", "ABBV_0000000000-20-009552"]
pytestmark = pytest.mark.corpus


def test_deloitte_figures_count_the_completed_periodic_reviews_of_2020_to_2024(
    corpus_threads: Store,
) -> None:
    with corpus_threads.session() as session:
        figures = {f.figure: f for f in published_figures(session)}
    letters = figures["comment letters per review"]
    assert (letters.ours, letters.n, letters.published) == (2.0, 2, 1.4)
    assert figures["reviews completed within one or two letters (%)"].ours == 100.0
    assert figures["days to complete a review"].ours == 98.5
    assert figures["reviews completed within 60 days (%)"].ours == 0.0
    assert letters.gap.startswith("Ours is higher: the record holds 2 such reviews")


def test_audit_analytics_conversation_counts_staff_and_company_letters_of_2019(
    corpus_threads: Store,
) -> None:
    with corpus_threads.session() as session:
        figures = {f.figure: f for f in published_figures(session)}
    letters = figures['letters per "conversation"']
    assert (letters.ours, letters.n, letters.period) == (
        6.0,
        1,
        "calendar year 2019, by first letter",
    )
    assert figures["days per conversation"].ours == 49.0


def test_reviews_view_on_real_threads_counts_late_answers_and_requests_for_time(
    corpus_threads: Store,
) -> None:
    with corpus_threads.session() as session:
        rows = reviews_view(session, TrendFilters()).table("by_year").rows
    assert rows == [
        [2019, 1, 1, 2.0, 0.0, 100.0, 49.0, 49.0, 100.0, 2, 50.0, 15.0, 1],
        [2020, 1, 1, 2.0, 0.0, 100.0, 133.0, 133.0, 0.0, 2, 50.0, 13.5, 0],
        [2022, 1, 1, 2.0, 0.0, 100.0, 64.0, 64.0, 0.0, 2, 50.0, 20.0, 1],
    ]

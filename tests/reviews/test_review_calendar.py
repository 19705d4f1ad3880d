"""The ten-business-day answer deadline on the US federal holiday calendar, with exact dates."""

from __future__ import annotations

from datetime import date

import pytest

from reviewdesk.reviews.calendar import (
    add_business_days,
    business_day,
    business_days_between,
    response_due,
)


@pytest.mark.parametrize(
    ("letter", "due"),
    [
        # Wednesday before Thanksgiving 2024: Thursday 28 Nov is skipped.
        ("2024-11-27", "2024-12-12"),
        # Wednesday before Thanksgiving 2026 (26 Nov).
        ("2026-11-25", "2026-12-10"),
        # Tuesday before New Year's Day 2026 (a Thursday).
        ("2025-12-30", "2026-01-14"),
        # Christmas 2021 and New Year's Day 2022 fell on Saturdays: observed Fri 24 and Fri 31 Dec.
        ("2021-12-23", "2022-01-10"),
        # Juneteenth (Wed 19 June 2024) is a federal holiday since 2021 ...
        ("2024-06-12", "2024-06-27"),
        # ... but was not in 2020.
        ("2020-06-12", "2020-06-26"),
        # A Friday letter: two weekends inside the ten days.
        ("2023-03-03", "2023-03-17"),
        # Independence Day 2026 is a Saturday, observed Friday 3 July.
        ("2026-06-26", "2026-07-13"),
    ],
)
def test_response_due_is_ten_federal_business_days_after_the_letter(letter: str, due: str) -> None:
    assert response_due(date.fromisoformat(letter)) == date.fromisoformat(due)


def test_weekends_and_observed_holidays_are_not_business_days() -> None:
    assert not business_day(date(2024, 11, 30))  # Saturday
    assert not business_day(date(2024, 11, 28))  # Thanksgiving
    assert not business_day(date(2021, 12, 31))  # New Year's Day 2022, observed
    assert not business_day(date(2022, 6, 20))  # Juneteenth (a Sunday), observed Monday
    assert business_day(date(2024, 11, 29))  # day after Thanksgiving is a federal work day


def test_business_days_between_counts_days_after_the_start() -> None:
    assert business_days_between(date(2024, 11, 27), date(2024, 12, 12)) == 10
    assert business_days_between(date(2024, 12, 12), date(2024, 11, 27)) == -10
    assert business_days_between(date(2024, 11, 27), date(2024, 11, 27)) == 0
    assert add_business_days(date(2024, 11, 27), 1) == date(2024, 11, 29)

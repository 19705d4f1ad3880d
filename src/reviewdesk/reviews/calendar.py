"""Business days on the US federal holiday calendar, and the ten-business-day answer deadline."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

RESPONSE_BUSINESS_DAYS = 10
"""Staff comment letters ask for an answer within ten business days."""


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    """The federal holidays of one year as observed (Saturday -> Friday, Sunday -> Monday)."""
    calendar = holidays.country_holidays("US", years=year, observed=True)
    return frozenset(calendar.keys())


def federal_holiday(day: date) -> bool:
    """True when `day` is a US federal holiday or the weekday on which one is observed."""
    return day in _federal_holidays(day.year)


def business_day(day: date) -> bool:
    """A weekday that is not a federal holiday: a day the staff and EDGAR count."""
    return day.weekday() < 5 and not federal_holiday(day)


def add_business_days(start: date, count: int) -> date:
    """The `count`-th business day after `start` (`start` itself is never counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if business_day(day):
            remaining -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -business_days_between(end, start)
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if business_day(day):
            days += 1
    return days


def response_due(letter_date: date) -> date:
    """When the answer to a staff comment letter dated `letter_date` is due."""
    return add_business_days(letter_date, RESPONSE_BUSINESS_DAYS)

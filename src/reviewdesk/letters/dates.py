"""Dates as letters print them ("April 8, 2009", "Sept. 3, 2021", "8 April 2009") to ISO."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_MONTH_FIRST = (
    _MONTH + r"\.?\s++(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*+[,.]?\s*+(?P<year>(?:19|20)\d{2})\b"
)
_DAY_FIRST = (
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s++" + _MONTH + r"\.?,?\s++(?P<year>(?:19|20)\d{2})\b"
)
_PATTERNS = (re.compile(rf"\b{_MONTH_FIRST}", re.I), re.compile(_DAY_FIRST, re.I))
_ONLY = (
    re.compile(rf"^\s*(?:Date[d]?:?\s*)?{_MONTH_FIRST}\s*$", re.I),
    re.compile(rf"^\s*(?:Date[d]?:?\s*)?{_DAY_FIRST}\s*$", re.I),
)


def _iso(match: re.Match[str]) -> str | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    month = MONTHS.get(groups["month"].lower())
    try:
        return date(int(groups["year"]), month or 0, int(groups["day"])).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every valid date in `text`: (start, end, ISO date), in order. Month-first dates win;
    a day-first date starting inside one is dropped. Linear in the number of dates: both
    lists come in order, so one pass over each finds the overlaps."""
    month_first, day_first = ([*_valid(pattern, text)] for pattern in _PATTERNS)
    found = list(month_first)
    earlier = 0
    for start, end, iso in day_first:
        while earlier < len(month_first) and month_first[earlier][1] <= start:
            earlier += 1
        if earlier < len(month_first) and month_first[earlier][0] <= start:
            continue
        found.append((start, end, iso))
    return sorted(found)


def _valid(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int, str]]:
    """The matches of `pattern` that are real calendar dates, in order (none overlap)."""
    for match in pattern.finditer(text):
        iso = _iso(match)
        if iso:
            yield match.start(), match.end(), iso


def first_date(text: str) -> str | None:
    """The first valid date in `text`, as ISO, or None."""
    dates = find_dates(text)
    return dates[0][2] if dates else None


def is_date_line(text: str) -> bool:
    """The line is a date and nothing else (how letters print their own date)."""
    return any(p.match(text) for p in _ONLY) and first_date(text) is not None

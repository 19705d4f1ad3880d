"""Find where a staff comment points back at a comment of an earlier letter of its review.

"We note your response to comment 3", "Refer to prior comment 2", "We reissue comment 4",
"comment 3 of our letter dated May 1, 2020": each names a comment number, sometimes a letter
date. A comment that names "comment 2 above" points inside its own letter and is not a reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_MONTH_DATE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\s*,\s*\d{4}"
_NUMBERS = (
    r"(?P<first>\d{1,3})(?P<rest>(?:\s*(?:,|and|&|through|to|-|–)\s*(?:comments?\s+)?\d{1,3})*)"
)
_MENTION = re.compile(
    rf"\b(?P<prior>(?:prior|previous|earlier|original)\s+)?comments?\s+(?:(?:nos?\.?|numbers?)\s*)?{_NUMBERS}"
    rf"(?P<letter>\s*,?\s+(?:of|in|from|issued in)\s+(?:our|the\s+staff'?s?|the)\s+"
    rf"(?:(?:comment|prior|previous)\s+)?letter(?:\s+(?:dated|of))?\s+(?P<date>{_MONTH_DATE})|\s*,?\s+(?:of|in|from)\s+our\s+(?P<date2>{_MONTH_DATE})\s+(?:comment\s+)?letter)?"
    rf"(?P<after>\s+(?:above|below))?",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"(?:respon[sd]|reissue|refer|see\b|as\s+noted|as\s+requested|follow)", re.IGNORECASE
)
_DATE_BEFORE = re.compile(rf"(?:our|the)\s+(?P<date>{_MONTH_DATE})\s+letter\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:?!]\s+(?=[A-Z(])")


@dataclass(frozen=True, slots=True)
class PriorReference:
    """A comment number of an earlier letter, and that letter's date when the text gives it."""

    number: int
    letter_date: date | None = None


def _letter_date(text: str) -> date | None:
    """A 'Month D, YYYY' string as a date (None when it is not a real date)."""
    cleaned = re.sub(r"\s+", " ", text.replace(" ,", ","))
    try:
        return datetime.strptime(cleaned, "%B %d, %Y").date()
    except ValueError:
        return None


def _numbers(first: str, rest: str) -> list[int]:
    """The numbers of '3', '3 and 4', '2, 5 and 7' or '3 through 5'."""
    numbers = [int(first)]
    for joint, value in re.findall(r"(through|to|-|–|,|and|&)\s*(?:comments?\s+)?(\d{1,3})", rest):
        number = int(value)
        if joint in {"through", "to", "-", "–"} and numbers[-1] < number <= numbers[-1] + 20:
            numbers.extend(range(numbers[-1] + 1, number + 1))
        else:
            numbers.append(number)
    return numbers


def prior_references(text: str) -> list[PriorReference]:
    """Every earlier comment a comment's text points back at, in order, without repeats."""
    found: list[PriorReference] = []
    flat = re.sub(r"\s+", " ", text)
    for match in _MENTION.finditer(flat):
        if match.group("after"):
            continue
        sentence_start = 0
        for end in _SENTENCE_END.finditer(flat, 0, match.start()):
            sentence_start = end.end()
        lead = flat[sentence_start : match.start()]
        before = _DATE_BEFORE.search(lead)
        named_letter = (
            match.group("date")
            or match.group("date2")
            or (before.group("date") if before else None)
        )
        if not (match.group("prior") or named_letter or _LEAD.search(lead)):
            continue
        letter_date = _letter_date(named_letter) if named_letter else None
        for number in _numbers(match.group("first"), match.group("rest") or ""):
            reference = PriorReference(number, letter_date)
            if reference not in found:
                found.append(reference)
    return found

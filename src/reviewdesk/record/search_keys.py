"""The filter keys of the full-text index, one vocabulary for both stores: tokens that stand
for an item's company, letter year, filing forms, staff office and effective topics, asks and
answer classes, indexed beside the item's words, so that a search filter becomes a full-text
AND (the index skips through both posting lists) instead of a join per match.

A key only narrows: search still checks each filter exactly on the rows the keys let through,
so a token two values happen to share costs a little speed, never a wrong result; a missing
token would lose a match, which is why every write that changes a key (an item, its letter,
the letter's filings, a label) refreshes the item's keys in the same transaction.

Every token is a two-letter prefix and a number or the value's UTF-8 bytes in hex, ending in
a digit, so no tokenizer splits it and no stemmer changes it."""

from __future__ import annotations

COMPANY = "kc"
YEAR = "ky"
FORM = "kf"
OFFICE = "ko"
LABEL_PREFIXES = {"topic": "kt", "ask": "ka", "answer": "kn"}
"""Label facet -> the prefix of its keys (only effective labels are keys)."""

END = "0"
"""Ends every hex-valued key (a hex string may end in a letter a stemmer would take off)."""


def company_key(company_id: int) -> str:
    """The key of a letter's company (letters.company_id)."""
    return f"{COMPANY}{company_id}"


def year_key(year: int) -> str:
    """The key of the year of a letter's date (its filing date when it has none)."""
    return f"{YEAR}{year}"


def valued_key(prefix: str, value: str) -> str:
    """The key of a text value: its UTF-8 bytes in hex behind the prefix."""
    return prefix + value.encode().hex() + END


def form_key(form: str) -> str:
    """The key of a filing form as stored (EDGAR's upper case, e.g. 10-K)."""
    return valued_key(FORM, form)


def office_key(office: str) -> str:
    """The key of a staff office as stored on the letter."""
    return valued_key(OFFICE, office)


def label_key(facet: str, code: str) -> str:
    """The key of an effective topic, ask or answer label."""
    return valued_key(LABEL_PREFIXES[facet], code)

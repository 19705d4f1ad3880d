"""The domain's identifiers, read and normalised in one place: EDGAR accession numbers, CIKs,
SEC file numbers, and ISO dates as letters and the record exchange them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_ACCESSION_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{10}-[0-9]{2}-[0-9]{6})(?![0-9])")
_ACCESSION_WHOLE = re.compile(r"^([0-9]{10})-?([0-9]{2})-?([0-9]{6})$")
_FILE_NUMBER = re.compile(r"(\d{1,4})\s*[-\u2010-\u2015]\s*(\d{1,6})")


def accession_in(text: str | None) -> str | None:
    """The first dashed accession (`0001234567-24-000001`) in `text`, not part of a longer
    run of digits; None when there is none."""
    match = _ACCESSION_IN_TEXT.search(text or "")
    return match.group(1) if match else None


def accession_of_name(source: str) -> str | None:
    """The accession a document's file name carries (EDGAR names documents by it)."""
    return accession_in(Path(source).name)


def is_accession(value: str) -> bool:
    """Whether `value` is exactly a dashed accession."""
    return _ACCESSION_IN_TEXT.fullmatch(value.strip()) is not None


def dashed_accession(value: str) -> str:
    """`0001234567-24-000001` from either the dashed or the 18-digit form; ValueError else."""
    match = _ACCESSION_WHOLE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not an EDGAR accession number")
    return "-".join(match.groups())


def padded_cik(value: str | int) -> str:
    """The 10-digit CIK EDGAR uses in file names and the record; ValueError for a non-CIK."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > 10:
        raise ValueError(f"{value!r} is not a CIK (up to 10 digits)")
    return text.zfill(10)


def as_cik(value: str | None) -> str | None:
    """A CIK as the 10 digits EDGAR writes, or None when `value` is not one."""
    try:
        return padded_cik(value) if value is not None else None
    except ValueError:
        return None


def normal_file_number(value: str | None) -> str | None:
    """A file number in one spelling: prefix without leading zeros, serial padded to five
    digits, so `001-11749` and `1-11749`, or `001-07685` and `1-7685`, agree."""
    match = _FILE_NUMBER.search(value or "")
    if match is None:
        return None
    return f"{int(match.group(1))}-{match.group(2).zfill(5)}"


def iso_date(value: str | None) -> date | None:
    """An ISO date (`YYYY-MM-DD`, optionally with more after it) as a date; None when absent
    or not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None

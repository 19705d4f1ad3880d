"""EDGAR's form-type indexes: the quarterly full index (full-index/YYYY/QTRn/form.idx) and the
daily ones (daily-index/YYYY/QTRn/form.YYYYMMDD.idx), read into filings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reviewdesk.letters.identifiers import dashed_accession, padded_cik
from reviewdesk.services.edgar.filings import Filing
from reviewdesk.services.edgar.submissions import Window

QUARTER = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
DAILY_NAME = re.compile(r"^form\.(\d{8})\.idx$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, as EDGAR names its index folders (2024/QTR1)."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """`2024Q1` (or `2024-Q1`) to a Quarter; ValueError naming the text otherwise."""
        match = QUARTER.match(text.strip())
        if not match:
            raise ValueError(f"--index {text!r}: give a quarter like 2024Q1")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        """The quarter holding `day`."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    def next(self) -> Quarter:
        """The quarter after this one."""
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def last_day(self) -> dt.date:
        """The quarter's last calendar day."""
        following = self.next()
        return dt.date(following.year, following.number * 3 - 2, 1) - dt.timedelta(days=1)

    @property
    def folder(self) -> str:
        """`2024/QTR1`."""
        return f"{self.year}/QTR{self.number}"

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


def full_index_path(quarter: Quarter) -> str:
    """Path of a quarter's form index on the www host."""
    return f"Archives/edgar/full-index/{quarter.folder}/form.idx"


def daily_listing_path(quarter: Quarter) -> str:
    """Path of the listing of a quarter's daily index files on the www host."""
    return f"Archives/edgar/daily-index/{quarter.folder}/index.json"


def daily_index_path(day: dt.date) -> str:
    """Path of one day's form index on the www host."""
    return f"Archives/edgar/daily-index/{Quarter.of(day).folder}/form.{day:%Y%m%d}.idx"


def daily_days(listing: Any) -> list[dt.date]:
    """The days a quarter's daily-index listing (index.json) has a form index for, in order."""
    days = []
    try:
        items = listing["directory"]["item"]
    except (KeyError, TypeError):
        return []
    for item in items:
        match = DAILY_NAME.match(str(item.get("name", ""))) if isinstance(item, dict) else None
        if match:
            try:
                days.append(dt.datetime.strptime(match.group(1), "%Y%m%d").date())
            except ValueError:
                continue
    return sorted(set(days))


def read_form_index(text: str, forms: Iterable[str], window: Window | None = None) -> list[Filing]:
    """The wanted filings of a form index: columns Form Type, Company Name, CIK, Date Filed,
    File Name under a dashed rule. A form type wider than its column may run into the company
    name, so lines are matched against the wanted form types; lines that do not fit are
    passed over."""
    wanted = sorted({form.upper() for form in forms}, key=len, reverse=True)
    window = window or Window()
    company_column = 12
    in_body = False
    filings: dict[str, Filing] = {}
    for line in text.splitlines():
        if not in_body:
            if line.startswith("Form Type") and "Company Name" in line:
                company_column = line.find("Company Name")
            in_body = line.startswith("-----")
            continue
        filing = _read_line(line, wanted, company_column)
        if filing and window.holds(filing.filed):
            filings.setdefault(filing.accession, filing)
    return sorted(filings.values())


def _read_line(line: str, wanted: list[str], company_column: int) -> Filing | None:
    parts = line.rstrip().rsplit(None, 3)
    if len(parts) != 4:
        return None
    left, cik, filed, file_name = parts
    form = next((w for w in wanted if _starts_with_form(left, w, company_column)), None)
    if form is None:
        return None
    try:
        accession = dashed_accession(file_name.rsplit("/", 1)[-1].removesuffix(".txt"))
        cik = padded_cik(cik)
        day = dt.date.fromisoformat(filed) if "-" in filed else _compact_date(filed)
    except ValueError:
        return None
    company = left[len(form) :].strip() or None
    return Filing(filed=day.isoformat(), accession=accession, cik=cik, company=company, form=form)


def _starts_with_form(left: str, form: str, company_column: int) -> bool:
    if not left.upper().startswith(form):
        return False
    rest = left[len(form) :]
    return not rest or rest[0] == " " or len(form) >= company_column


def _compact_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()

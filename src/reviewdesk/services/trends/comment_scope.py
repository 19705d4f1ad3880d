"""The SQL side of what the trends views still read on the letters themselves (a company's
offices and forms for its profile, the published topic figures): which letters a filter keeps,
and the topic codes of a group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, true
from sqlalchemy.orm import aliased

from reviewdesk.letters.vocabulary import TOPICS, topics_in_group
from reviewdesk.record import schema
from reviewdesk.services.trends.filters import (
    REVIEW_YEAR_START_MONTH,
    PeriodKind,
    TrendFilters,
    base_form,
)

Letter = schema.Letter
Comment = schema.Comment
Label = schema.Label


def letter_day() -> ColumnElement[Any]:
    """The day a letter counts on: its own date, else its EDGAR filing date."""
    return func.coalesce(Letter.date, Letter.filing_date)


def _first_day(year: int, period: PeriodKind) -> dt.date:
    if period is PeriodKind.calendar:
        return dt.date(year, 1, 1)
    return dt.date(year - 1, REVIEW_YEAR_START_MONTH, 1)


def letter_conditions(filters: TrendFilters) -> list[ColumnElement[bool]]:
    """Conditions on `Letter` for the filters' years (as a date range, so an index serves
    it), form of the reviewed filing (amendments too), staff office and company."""
    out: list[ColumnElement[bool]] = []
    day = letter_day()
    if filters.year_from is not None:
        out.append(day >= _first_day(filters.year_from, filters.period))
    if filters.year_to is not None:
        out.append(day < _first_day(filters.year_to + 1, filters.period))
    if filters.form is not None:
        form = base_form(filters.form) or ""
        filing = aliased(schema.LetterFiling)
        out.append(
            exists(
                select(filing.id).where(
                    filing.letter_id == Letter.id, filing.form.in_([form, f"{form}/A"])
                )
            )
        )
    if filters.office is not None:
        out.append(func.lower(Letter.office) == filters.office.strip().lower())
    if filters.company_id is not None:
        out.append(Letter.company_id == filters.company_id)
    if filters.filer is not None:
        out.append(Letter.company_id.in_(filer_companies(filters.filer)))
    if filters.industry is not None:
        out.append(Letter.company_id.in_(industry_companies(filters.industry)))
    return out


def industry_companies(industry: str) -> Select[int]:
    """Ids of the companies of an industry: an SIC code given as digits (EDGAR's four), else
    words of EDGAR's description of the code, without case (as search's industry filter)."""
    value = industry.strip()
    if value.isdigit():
        return select(schema.Company.id).where(schema.Company.sic == value.zfill(4))
    words = func.lower(schema.Company.industry)
    return select(schema.Company.id).where(words.contains(value.lower(), autoescape=True))


def filer_companies(filer: str) -> Select[int]:
    """Ids of the companies of a filer category (EDGAR's, compared without case)."""
    category = func.lower(schema.Company.filer_category)
    return select(schema.Company.id).where(category == filer.strip().lower())


def group_codes(filters: TrendFilters) -> tuple[str, ...] | None:
    """The topic codes the filters' group keeps (None: every topic)."""
    if filters.group is None:
        return None
    return topics_in_group(filters.group)


def topic_group(code: str) -> str:
    """The trend group of a topic code ('other' when unknown)."""
    topic = TOPICS.get(code)
    return topic.group if topic else "other"


def both(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """All conditions together (true when there are none)."""
    return and_(true(), *conditions)

"""The SQL conditions of search filters, written against an item joined to its letter `l`
(and the letter's review `r`), shared by the SQLite and PostgreSQL backends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from reviewdesk.services.search.model import SearchFilters


@dataclass(slots=True)
class FilterSql:
    """Joins, WHERE conditions and bound parameters of a filter set."""

    joins: str = ""
    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return "".join(f" AND {c}" for c in self.conditions)


def _day(day: dt.date, dialect: str) -> Any:
    """Dates are ISO text in SQLite and DATE in PostgreSQL."""
    return day.isoformat() if dialect == "sqlite" else day


def filter_sql(filters: SearchFilters, item: str, dialect: str) -> FilterSql:
    """Joins from `item` (an alias with a letter_id column) and conditions for `filters`."""
    out = FilterSql()
    if not filters.active():
        return out
    out.joins = f" JOIN letters l ON l.id = {item}.letter_id"
    if filters.status is not None:
        out.joins += " JOIN reviews r ON r.id = l.review_id"
        out.conditions.append("r.status = :f_status")
        out.params["f_status"] = filters.status.value
    if filters.company_id is not None:
        out.conditions.append("l.company_id = :f_company")
        out.params["f_company"] = filters.company_id
    if filters.cik is not None:
        out.conditions.append("l.cik = :f_cik")
        out.params["f_cik"] = filters.cik.zfill(10)
    if filters.year is not None:
        out.conditions.append("coalesce(l.date, l.filing_date) >= :f_from")
        out.conditions.append("coalesce(l.date, l.filing_date) < :f_to")
        out.params["f_from"] = _day(dt.date(filters.year, 1, 1), dialect)
        out.params["f_to"] = _day(dt.date(filters.year + 1, 1, 1), dialect)
    if filters.office is not None:
        out.conditions.append("lower(l.office) = :f_office")
        out.params["f_office"] = filters.office.strip().lower()
    if filters.kind is not None:
        out.conditions.append("l.kind = :f_kind")
        out.params["f_kind"] = filters.kind.value
    if filters.form is not None:
        out.conditions.append(
            "EXISTS (SELECT 1 FROM letter_filings lf WHERE lf.letter_id = l.id "
            "AND upper(lf.form) = :f_form)"
        )
        out.params["f_form"] = filters.form.strip().upper()
    return out

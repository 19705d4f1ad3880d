"""What every trends view can be cut by: the period (calendar or review year), the form of the
reviewed filing, the staff office, the company and the topic group."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    """How a date is put in a year: the calendar year, or the SEC's review year."""

    calendar = "calendar"
    review = "review"


REVIEW_YEAR_START_MONTH = 10
"""A review year is the SEC's fiscal year: 1 October to 30 September, named by the year it ends
(review year 2024 = 1 Oct 2023 to 30 Sep 2024). Deloitte does not state its review year's ends."""

PERIOD_DEFINITIONS = {
    PeriodKind.calendar: "calendar year (1 January to 31 December)",
    PeriodKind.review: "review year = the SEC's fiscal year, 1 October to 30 September, "
    "named by the year it ends",
}


def base_form(form: str | None) -> str | None:
    """A form without its amendment suffix, upper-cased: `10-K/A` is `10-K`."""
    if not form:
        return None
    upper = " ".join(form.upper().split())
    return upper[:-2] if upper.endswith("/A") else upper


@dataclass(frozen=True, slots=True)
class TrendFilters:
    """The cut of the record a view counts: years (inclusive, under `period`), the form of the
    reviewed filing (amendments count as their form), staff office, company, topic group, and
    the kind of filer (EDGAR's filer category of the company, e.g. Large Accelerated Filer) and
    the industry (the company's SIC code as digits, or words of EDGAR's description of it)."""

    period: PeriodKind = PeriodKind.calendar
    year_from: int | None = None
    year_to: int | None = None
    form: str | None = None
    office: str | None = None
    company_id: int | None = None
    group: str | None = None
    filer: str | None = None
    industry: str | None = None

    def search(self, extra: dict[str, str] | None) -> dict[str, str] | None:
        """The /search filters behind a row: this cut's plus the row's own (`extra`); None when
        the row has no matching search."""
        if extra is None:
            return None
        out: dict[str, str] = {}
        if self.form:
            out["form"] = self.form
        if self.office:
            out["office"] = self.office
        if self.company_id is not None:
            out["company_id"] = str(self.company_id)
        if self.group:
            out["group"] = self.group
        if self.industry:
            out["industry"] = self.industry
        one_year = self.year_from is not None and self.year_from == self.year_to
        if self.period is PeriodKind.calendar and one_year:
            out["year"] = str(self.year_from)
        out.update(extra)
        return out

    def describe(self) -> str:
        """The filters in words, for captions and CSV headers."""
        parts = [PERIOD_DEFINITIONS[self.period]]
        if self.year_from is not None or self.year_to is not None:
            parts.append(f"years {self.year_from or '…'}–{self.year_to or '…'}")
        for label, value in (
            ("form", self.form),
            ("office", self.office),
            ("company id", self.company_id),
            ("topic group", self.group),
            ("filer", self.filer),
            ("industry", self.industry),
        ):
            if value is not None:
                parts.append(f"{label} {value}")
        return "; ".join(parts)

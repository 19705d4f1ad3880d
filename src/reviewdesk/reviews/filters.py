"""What a list of reviews or of deadlines can be narrowed to: the company (name part or CIK),
the form of the reviewed filing (amendments count as their form), the staff office (any part of
its name, so "Manufacturing" finds "Office of Manufacturing") and a range of days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


def base_form(form: str) -> str:
    """A form without its amendment suffix, upper-cased, single-spaced: `10-k/a` is `10-K`."""
    upper = " ".join(form.upper().split())
    return upper[:-2] if upper.endswith("/A") else upper


@dataclass(frozen=True, slots=True)
class ListFilters:
    """The cut of the record a list shows; None means any. `since` and `until` are inclusive
    and apply to the day the list is about (a review's opening, a round's due date)."""

    company: str | None = None
    form: str | None = None
    office: str | None = None
    since: date | None = None
    until: date | None = None

    def company_matches(self, name: str | None, cik: str | None) -> bool:
        """True when no company is asked for, or the name holds it, or the CIK is it."""
        wanted = (self.company or "").strip().lower()
        if not wanted:
            return True
        if wanted in (name or "").lower():
            return True
        return wanted.isdigit() and wanted.lstrip("0") == (cik or "").lstrip("0")

    def form_matches(self, forms: Iterable[str]) -> bool:
        """True when no form is asked for, or one of the filings is of that form."""
        if not (self.form or "").strip():
            return True
        wanted = base_form(self.form or "")
        return any(base_form(form) == wanted for form in forms if form)

    def office_matches(self, office: str | None) -> bool:
        """True when no office is asked for, or the office's name holds the words given."""
        wanted = " ".join((self.office or "").lower().split())
        return not wanted or wanted in " ".join((office or "").lower().split())

    def day_matches(self, day: date | None) -> bool:
        """True when no range is asked for, or the day falls in it (an unknown day does not)."""
        if self.since is None and self.until is None:
            return True
        if day is None:
            return False
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

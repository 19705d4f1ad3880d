"""A company's filings from its submissions index on the data host
(/submissions/CIK##########.json and the older pages listed under filings.files)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reviewdesk.services.edgar.client import EdgarClient, EdgarNotFound
from reviewdesk.services.edgar.filings import Filing, dashed_accession, padded_cik


@dataclass(frozen=True)
class Window:
    """Filed dates to keep, both ends included (YYYY-MM-DD; None means open)."""

    since: str | None = None
    until: str | None = None

    def holds(self, filed: str) -> bool:
        """True when a filing filed on `filed` is inside the window."""
        return (self.since is None or filed >= self.since) and (
            self.until is None or filed <= self.until
        )

    def overlaps(self, first: str | None, last: str | None) -> bool:
        """True when the span first..last may hold filings inside the window."""
        if self.since is not None and last and last < self.since:
            return False
        return not (self.until is not None and first and first > self.until)


@dataclass
class CompanyFilings:
    """What a company's submissions index says: its name, the filings kept, and the pages
    that could not be read."""

    cik: str
    name: str | None
    filings: list[Filing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def submissions_path(cik: str) -> str:
    """Path of a company's submissions index on the data host."""
    return f"submissions/CIK{padded_cik(cik)}.json"


def read_page(
    columns: Any, cik: str, name: str | None, forms: Iterable[str], window: Window
) -> Iterator[Filing]:
    """The filings of one page (parallel arrays accessionNumber, filingDate, form,
    primaryDocument) whose form is wanted and whose date is in the window."""
    wanted = {form.upper() for form in forms}
    accessions = columns.get("accessionNumber", [])
    dates = columns.get("filingDate", [])
    kinds = columns.get("form", [])
    primaries = columns.get("primaryDocument", [])
    for index, accession in enumerate(accessions):
        form = str(kinds[index]) if index < len(kinds) else ""
        filed = str(dates[index]) if index < len(dates) else ""
        if form.upper() not in wanted or not window.holds(filed):
            continue
        primary = primaries[index] if index < len(primaries) else None
        yield Filing(
            filed=filed,
            accession=dashed_accession(str(accession)),
            cik=cik,
            company=name,
            form=form,
            primary_document=str(primary) if primary else None,
        )


def company_filings(
    client: EdgarClient, cik: str, forms: Iterable[str], window: Window
) -> CompanyFilings:
    """Every wanted filing of company `cik` in the window, newest page first; older pages are
    read only when their filingFrom..filingTo span meets the window."""
    forms = tuple(forms)
    cik = padded_cik(cik)
    index = client.get_json(client.data(submissions_path(cik)))
    result = CompanyFilings(cik=cik, name=index.get("name"))
    filings = index.get("filings", {})
    result.filings.extend(read_page(filings.get("recent", {}), cik, result.name, forms, window))
    for page in filings.get("files", []):
        if not window.overlaps(page.get("filingFrom"), page.get("filingTo")):
            continue
        url = client.data(f"submissions/{page['name']}")
        try:
            columns = client.get_json(url)
        except EdgarNotFound as exc:
            result.problems.append(f"older submissions page skipped: {exc}")
            continue
        result.filings.extend(read_page(columns, cik, result.name, forms, window))
    unique = {filing.accession: filing for filing in result.filings}
    result.filings = sorted(unique.values())
    return result

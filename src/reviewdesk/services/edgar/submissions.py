"""A company's filings from its submissions index on the data host
(/submissions/CIK##########.json and the older pages listed under filings.files)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reviewdesk.letters.identifiers import dashed_accession, padded_cik
from reviewdesk.record.companies import CompanyProfile, FormerName, ListedFiling
from reviewdesk.services.edgar.client import EdgarClient, EdgarNotFound
from reviewdesk.services.edgar.filings import Filing


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
    """What a company's submissions index says: its name and profile, the filings kept, and
    the pages that could not be read."""

    cik: str
    name: str | None
    filings: list[Filing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    profile: CompanyProfile | None = None


def read_profile(index: Any, cik: str) -> CompanyProfile:
    """The company context of a submissions index (ticker, SIC code and description, state of
    incorporation, filer category, former names) and every filing its recent page lists."""
    tickers = index.get("tickers") or []
    former = [
        FormerName(str(row["name"]), _day(row.get("from")), _day(row.get("to")))
        for row in index.get("formerNames") or []
        if isinstance(row, dict) and row.get("name")
    ]
    columns = index.get("filings", {}).get("recent", {})
    listed = []
    for i, accession in enumerate(columns.get("accessionNumber", [])):
        try:
            listed.append(
                ListedFiling(
                    accession=dashed_accession(str(accession)),
                    form=_at(columns, "form", i),
                    filed=_day(_at(columns, "filingDate", i)),
                    period=_day(_at(columns, "reportDate", i)),
                    file_number=_at(columns, "fileNumber", i),
                    primary_document=_at(columns, "primaryDocument", i),
                )
            )
        except ValueError:
            continue
    return CompanyProfile(
        cik=padded_cik(cik),
        name=_text(index.get("name")),
        ticker=str(tickers[0]) if tickers else None,
        sic=_text(index.get("sic")),
        industry=_text(index.get("sicDescription")),
        state_of_incorporation=_text(index.get("stateOfIncorporation")),
        filer_category=_text(index.get("category")),
        former_names=former,
        filings=listed,
    )


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _at(columns: Any, name: str, index: int) -> str | None:
    values = columns.get(name, [])
    return _text(values[index]) if index < len(values) else None


def _day(value: Any) -> str | None:
    text = _text(value)
    return text[:10] if text and len(text) >= 10 else None


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
    result = CompanyFilings(cik=cik, name=index.get("name"), profile=read_profile(index, cik))
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

"""From what the user named (tickers, CIKs, quarters, the daily feed) to the list of filings
to fetch, reading EDGAR's ticker file, submissions indexes and form indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviewdesk.letters.identifiers import padded_cik
from reviewdesk.record.companies import CompanyProfile
from reviewdesk.services.edgar.client import EdgarClient, EdgarNotFound
from reviewdesk.services.edgar.filings import Filing
from reviewdesk.services.edgar.indexes import (
    Quarter,
    daily_days,
    daily_index_path,
    daily_listing_path,
    full_index_path,
    read_form_index,
)
from reviewdesk.services.edgar.state import FetchState
from reviewdesk.services.edgar.submissions import Window, company_filings
from reviewdesk.services.edgar.tickers import fetch_ticker_file


@dataclass(frozen=True)
class Targets:
    """What to fetch: companies by ticker or CIK, whole quarters, and/or the daily feed."""

    tickers: tuple[str, ...] = ()
    ciks: tuple[str, ...] = ()
    quarters: tuple[Quarter, ...] = ()
    daily: bool = False
    window: Window = field(default_factory=Window)
    forms: tuple[str, ...] = ("UPLOAD", "CORRESP")


@dataclass
class Plan:
    """The filings to fetch (unique by accession, oldest first), what could not be planned,
    and the last day of the daily feed that the plan covers."""

    filings: list[Filing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    daily_through: str | None = None
    companies: list[CompanyProfile] = field(default_factory=list)
    """What the submissions indexes read said of each company."""

    def add(self, filings: list[Filing]) -> None:
        """Add filings, keeping the first of each accession."""
        known = {filing.accession for filing in self.filings}
        self.filings.extend(f for f in filings if f.accession not in known)
        self.filings.sort()


def make_plan(
    client: EdgarClient, targets: Targets, state: FetchState, today: dt.date | None = None
) -> Plan:
    """Read the indexes the targets call for; a company, quarter or day that cannot be read
    is reported in `problems` and the rest goes on."""
    today = today or dt.date.today()
    plan = Plan()
    ciks = [*targets.ciks, *_resolve_tickers(client, targets.tickers, plan)]
    for cik in dict.fromkeys(ciks):
        try:
            found = company_filings(client, cik, targets.forms, targets.window)
        except EdgarNotFound:
            plan.problems.append(f"CIK {cik}: EDGAR has no submissions index for it; check the CIK")
            continue
        plan.problems.extend(f"CIK {cik}: {problem}" for problem in found.problems)
        if found.profile is not None:
            plan.companies.append(found.profile)
        plan.add(found.filings)
    for quarter in targets.quarters:
        plan.add(_quarter_filings(client, quarter, targets, state, today, plan))
    if targets.daily:
        plan.add(_daily_filings(client, targets, state, today, plan))
    return plan


def _resolve_tickers(client: EdgarClient, tickers: tuple[str, ...], plan: Plan) -> list[str]:
    if not tickers:
        return []
    known = fetch_ticker_file(client)
    ciks = []
    for ticker in tickers:
        entry = known.get(ticker.strip().upper())
        if entry is None:
            plan.problems.append(
                f"ticker {ticker}: not in EDGAR's company ticker file; give its CIK with --cik"
            )
        else:
            ciks.append(entry.cik)
    return ciks


def _quarter_filings(
    client: EdgarClient,
    quarter: Quarter,
    targets: Targets,
    state: FetchState,
    today: dt.date,
    plan: Plan,
) -> list[Filing]:
    key = f"{quarter}:{','.join(sorted(f.upper() for f in targets.forms))}"
    cached = state.quarter(key)
    if cached is None:
        try:
            text = client.get(client.www(full_index_path(quarter))).decode("latin-1")
        except EdgarNotFound:
            plan.problems.append(f"--index {quarter}: EDGAR has no full index for that quarter")
            return []
        cached = read_form_index(text, targets.forms)
        if quarter.last_day < today:
            state.keep_quarter(key, cached)
    return [f for f in cached if targets.window.holds(f.filed)]


def _daily_filings(
    client: EdgarClient, targets: Targets, state: FetchState, today: dt.date, plan: Plan
) -> list[Filing]:
    end = dt.date.fromisoformat(targets.window.until) if targets.window.until else today
    if targets.window.since:
        start: dt.date | None = dt.date.fromisoformat(targets.window.since)
    elif state.daily_last:
        start = dt.date.fromisoformat(state.daily_last) + dt.timedelta(days=1)
    else:
        start = None
    days = _published_days(client, start or end - dt.timedelta(days=92), end)
    if start is None:
        days = days[-1:]
    filings: list[Filing] = []
    for day in days:
        try:
            text = client.get(client.www(daily_index_path(day))).decode("latin-1")
        except EdgarNotFound:
            plan.problems.append(f"daily index of {day}: listed but not on EDGAR; skipped")
            continue
        filings.extend(read_form_index(text, targets.forms))
        plan.daily_through = day.isoformat()
    return filings


def _published_days(client: EdgarClient, start: dt.date, end: dt.date) -> list[dt.date]:
    days: list[dt.date] = []
    quarter = Quarter.of(start)
    while quarter <= Quarter.of(end):
        try:
            listing = client.get_json(client.www(daily_listing_path(quarter)))
        except EdgarNotFound:
            listing = None
        days.extend(day for day in daily_days(listing) if start <= day <= end)
        quarter = quarter.next()
    return days


def cik_of(value: str) -> str:
    """A CIK option value as the 10-digit form; ValueError naming the value otherwise."""
    try:
        return padded_cik(value)
    except ValueError:
        raise ValueError(f"--cik {value!r}: give the company's number (up to 10 digits)") from None

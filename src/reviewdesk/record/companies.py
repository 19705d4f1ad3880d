"""Company context as EDGAR's submissions file gives it (ticker, SIC code and industry, state
of incorporation, filer category, former names, and the filings it lists with accession and
period), kept on the companies, company_names and filings tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.letters.identifiers import iso_date
from reviewdesk.record import audit, schema
from reviewdesk.record.store import Store
from reviewdesk.record.trend_upkeep import refresh_trend_facts


@dataclass(frozen=True)
class FormerName:
    """A name the company filed under, from and to (YYYY-MM-DD)."""

    name: str
    since: str | None
    until: str | None


@dataclass(frozen=True)
class ListedFiling:
    """A filing as the submissions file lists it."""

    accession: str
    form: str | None
    filed: str | None
    period: str | None
    file_number: str | None
    primary_document: str | None


@dataclass
class CompanyProfile:
    """What EDGAR says of one company."""

    cik: str
    name: str | None = None
    ticker: str | None = None
    sic: str | None = None
    industry: str | None = None
    state_of_incorporation: str | None = None
    filer_category: str | None = None
    former_names: list[FormerName] = field(default_factory=list)
    filings: list[ListedFiling] = field(default_factory=list)


def keep_profiles(store: Store, profiles: list[CompanyProfile]) -> int:
    """Create or update each company from its profile, its former names and listed filings;
    returns how many companies were kept."""
    with store.write() as session:
        recount: set[int | None] = set()
        for profile in profiles:
            company = _company(session, profile.cik)
            if company.filer_category != profile.filer_category:
                recount.add(company.id)
            for name in ("name", "ticker", "sic", "industry"):
                value = getattr(profile, name)
                if value is not None:
                    setattr(company, name, value)
            company.state_of_incorporation = profile.state_of_incorporation
            company.filer_category = profile.filer_category
            for former in profile.former_names:
                _former_name(session, company, former)
            _filings(session, company, profile.filings)
            audit.log(session, "company_context", f"company:{company.id}", cik=profile.cik)
        refresh_trend_facts(session, recount)  # the trend facts carry the filer category
    return len(profiles)


def keep_tickers(store: Store, tickers: dict[str, str]) -> int:
    """Set the ticker of companies (by 10-digit CIK) that have none yet, e.g. from a
    manifest's ticker column; returns how many were set."""
    changed = 0
    with store.write() as session:
        for cik, ticker in tickers.items():
            company = session.scalars(
                select(schema.Company).where(schema.Company.cik == cik)
            ).first()
            if company is not None and not company.ticker and ticker:
                company.ticker = ticker
                changed += 1
    return changed


def _company(session: Session, cik: str) -> schema.Company:
    company = session.scalars(select(schema.Company).where(schema.Company.cik == cik)).first()
    if company is None:
        company = schema.Company(cik=cik)
        session.add(company)
        session.flush()
    return company


def _former_name(session: Session, company: schema.Company, former: FormerName) -> None:
    row = session.scalars(
        select(schema.CompanyName).where(
            schema.CompanyName.company_id == company.id, schema.CompanyName.name == former.name
        )
    ).first()
    since, until = iso_date(former.since), iso_date(former.until)
    if row is None:
        session.add(
            schema.CompanyName(company=company, name=former.name, first_seen=since, last_seen=until)
        )
        return
    row.first_seen = _earlier(row.first_seen, since)
    if until is not None and (row.last_seen is None or until > row.last_seen):
        row.last_seen = until


def _earlier(first: dt.date | None, second: dt.date | None) -> dt.date | None:
    if first is None or second is None:
        return first or second
    return min(first, second)


def _filings(session: Session, company: schema.Company, listed: list[ListedFiling]) -> None:
    wanted = [f.accession for f in listed if f.form not in ("UPLOAD", "CORRESP")]
    known: set[str | None] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            session.scalars(
                select(schema.Filing.accession).where(schema.Filing.accession.in_(chunk))
            )
        )
    for filing in listed:
        if filing.accession in known or filing.form in ("UPLOAD", "CORRESP"):
            continue
        session.add(
            schema.Filing(
                company_id=company.id,
                form=filing.form,
                filed=iso_date(filing.filed),
                period=iso_date(filing.period),
                file_number=filing.file_number,
                accession=filing.accession,
                primary_document=filing.primary_document,
            )
        )
        known.add(filing.accession)

"""What EDGAR says around a company and a review: the company's industry (SIC code and
description), ticker, state and filer category, its peers (companies of the same SIC code),
and the filings a review reviewed, each with a link to it on EDGAR."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.views.model import ReadModel

EDGAR = "https://www.sec.gov"
PEERS = 25
"""Peers listed on a company's page, by name."""


class Peer(ReadModel):
    """A company of the same SIC code."""

    id: int
    name: str | None
    ticker: str | None
    cik: str


class CompanyContext(ReadModel):
    """The company's EDGAR profile, its peers, and its filings list on EDGAR."""

    ticker: str | None
    sic: str | None
    industry: str | None
    state_of_incorporation: str | None
    filer_category: str | None
    peers: list[Peer]
    edgar_url: str


class ReviewedFiling(ReadModel):
    """A filing a review's letters name, with the EDGAR filing it is when the record knows
    it (accession, filed) and a link to it or to the company's filings of that form."""

    form: str | None
    amendment: int | None
    period: dt.date | None
    file_number: str | None
    accession: str | None
    filed: dt.date | None
    url: str | None


def company_context(session: Session, company: schema.Company) -> CompanyContext:
    """The company's EDGAR profile and its peers of the same SIC code."""
    peers = []
    if company.sic:
        peers = [
            Peer(id=peer.id, name=peer.name, ticker=peer.ticker, cik=peer.cik)
            for peer in session.scalars(
                select(schema.Company)
                .where(schema.Company.sic == company.sic, schema.Company.id != company.id)
                .order_by(schema.Company.name)
                .limit(PEERS)
            )
        ]
    return CompanyContext(
        ticker=company.ticker,
        sic=company.sic,
        industry=company.industry,
        state_of_incorporation=company.state_of_incorporation,
        filer_category=company.filer_category,
        peers=peers,
        edgar_url=f"{EDGAR}/cgi-bin/browse-edgar?action=getcompany&CIK={company.cik}",
    )


def reviewed_filings(session: Session, review_id: int) -> list[ReviewedFiling]:
    """The filings a review's letters name in their Re: blocks (form, period, file number),
    each with the EDGAR filing it is when the record knows the company's filings (from a
    fetch), else a link to the company's filings of that form on EDGAR."""
    review = session.get(schema.Review, review_id)
    if review is None:
        return []
    rows = session.execute(
        select(schema.LetterFiling, schema.Letter.cik, schema.Letter.date)
        .join(schema.Letter, schema.Letter.id == schema.LetterFiling.letter_id)
        .where(schema.Letter.review_id == review_id, schema.LetterFiling.form.is_not(None))
        .order_by(schema.Letter.date, schema.LetterFiling.position)
    ).all()
    out: list[ReviewedFiling] = []
    seen: set[tuple[Any, ...]] = set()
    for ref, cik, written in rows:
        key = (ref.form, ref.amendment, ref.period, ref.file_number)
        if key in seen:
            continue
        seen.add(key)
        match = _edgar_filing(session, review.company_id, ref, written)
        filed = match.filed if match is not None and match.filed else ref.filed
        out.append(
            ReviewedFiling(
                form=ref.form,
                amendment=ref.amendment,
                period=ref.period,
                file_number=ref.file_number,
                accession=match.accession if match else None,
                filed=filed,
                url=_url(match, cik, ref.form),
            )
        )
    return out


def _edgar_filing(
    session: Session, company_id: int | None, ref: schema.LetterFiling, written: dt.date | None
) -> schema.Filing | None:
    """The company's EDGAR-listed filing a Re: reference names: same form, and the same
    period when the reference gives one, else the same file number; the latest filed on or
    before the letter."""
    if company_id is None:
        return None
    query = select(schema.Filing).where(
        schema.Filing.company_id == company_id,
        schema.Filing.accession.is_not(None),
        schema.Filing.form == ref.form,
    )
    if ref.period is not None:
        query = query.where(schema.Filing.period == ref.period)
    elif ref.file_number is not None:
        query = query.where(schema.Filing.file_number == ref.file_number)
    if written is not None:
        query = query.where(schema.Filing.filed <= written)
    return session.scalars(query.order_by(schema.Filing.filed.desc()).limit(1)).first()


def _url(match: schema.Filing | None, cik: str | None, form: str | None) -> str | None:
    if match is not None and match.accession and cik:
        folder = f"{EDGAR}/Archives/edgar/data/{int(cik)}/{match.accession.replace('-', '')}"
        return f"{folder}/{match.primary_document}" if match.primary_document else f"{folder}/"
    if cik and form:
        query = urlencode({"action": "getcompany", "CIK": cik, "type": form})
        return f"{EDGAR}/cgi-bin/browse-edgar?{query}"
    return None

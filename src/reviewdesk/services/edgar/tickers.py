"""Ticker symbols to CIKs, through EDGAR's company ticker file (/files/company_tickers.json)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewdesk.letters.identifiers import padded_cik
from reviewdesk.services.edgar.client import EdgarClient

TICKER_FILE = "files/company_tickers.json"


@dataclass(frozen=True)
class TickerEntry:
    """One line of the ticker file: the symbol, the company's CIK and its title."""

    ticker: str
    cik: str
    title: str


def read_ticker_file(payload: Any) -> dict[str, TickerEntry]:
    """The ticker file by upper-case symbol. The file is an object of numbered entries
    {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."}."""
    entries: dict[str, TickerEntry] = {}
    rows = payload.values() if isinstance(payload, dict) else payload
    for row in rows:
        try:
            entry = TickerEntry(
                ticker=str(row["ticker"]).upper(),
                cik=padded_cik(row["cik_str"]),
                title=str(row.get("title", "")),
            )
        except (KeyError, TypeError, ValueError):
            continue
        entries.setdefault(entry.ticker, entry)
    return entries


def fetch_ticker_file(client: EdgarClient) -> dict[str, TickerEntry]:
    """Download and read EDGAR's ticker file."""
    return read_ticker_file(client.get_json(client.www(TICKER_FILE)))

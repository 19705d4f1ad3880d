"""Company context in the record: tickers from the corpus manifest, EDGAR profiles kept on
the companies (SIC code and industry, state, filer category, former names), search filtered
by industry on SQLite and PostgreSQL, and the companies and filings tables of an export. The
AbbVie profile is written here as EDGAR's submissions file gives it (SIC 2834)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import select

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, schema
from reviewdesk.record.companies import CompanyProfile, FormerName, ListedFiling, keep_profiles
from reviewdesk.record.export import ExportFormat, export
from reviewdesk.services.search import SearchFilters, SearchQuery, search

ABBVIE = "0001551152"
PROFILE = CompanyProfile(
    cik=ABBVIE,
    name="AbbVie Inc.",
    ticker="ABBV",
    sic="2834",
    industry="Pharmaceutical Preparations",
    state_of_incorporation="DE",
    filer_category="Large accelerated filer",
    former_names=[FormerName("ABBVIE INC. (OLD NAME)", "2012-01-01", "2012-12-31")],
    filings=[
        ListedFiling("0001551152-18-000014", "10-K", "2018-02-16", "2017-12-31", "001-35565",
                     "abbv-20171231x10k.htm"),
        ListedFiling("0000000000-18-013671", "UPLOAD", "2018-05-02", None, None, "filename1.pdf"),
    ],
)  # fmt: skip


def count(store: Store, words: str, **filters: str) -> int:
    with store.session() as session:
        return search(session, SearchQuery(words, SearchFilters(**filters))).total


def test_manifest_tickers_and_edgar_profiles_are_kept_on_the_company(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    ingest_paths(store, thread_docs[:2], manifest_path, jobs=1)
    with store.session() as session:
        assert session.scalars(select(schema.Company.ticker)).all() == ["ABBV"]

    keep_profiles(store, [PROFILE])

    with store.session() as session:
        company = session.scalars(select(schema.Company)).one()
        names = {n.name: (n.first_seen, n.last_seen) for n in company.names}
        filings = session.scalars(
            select(schema.Filing).where(schema.Filing.accession.is_not(None))
        ).all()
    assert (company.sic, company.industry, company.state_of_incorporation) == (
        "2834",
        "Pharmaceutical Preparations",
        "DE",
    )
    assert company.filer_category == "Large accelerated filer"
    assert names["ABBVIE INC. (OLD NAME)"] == (dt.date(2012, 1, 1), dt.date(2012, 12, 31))
    assert [(f.accession, f.form, f.period) for f in filings] == [
        ("0001551152-18-000014", "10-K", dt.date(2017, 12, 31))
    ]


def test_search_filters_by_industry_code_or_words(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    ingest_paths(store, thread_docs, manifest_path, jobs=1)
    keep_profiles(store, [PROFILE])
    everything = count(store, "disclosure")

    assert everything > 0
    assert count(store, "disclosure", industry="2834") == everything
    assert count(store, "disclosure", industry="pharmaceutical PREP") == everything
    assert count(store, "disclosure", industry="7370") == 0
    assert count(store, "disclosure", industry="software") == 0


def test_export_has_companies_and_filings_tables(
    store: Store, thread_docs: list[Path], manifest_path: Path, tmp_path: Path
) -> None:
    ingest_paths(store, thread_docs[:2], manifest_path, jobs=1)
    keep_profiles(store, [PROFILE])

    written = export(store, ExportFormat.csv, tmp_path)

    with (tmp_path / "companies.csv").open(newline="", encoding="utf-8") as handle:
        companies = list(csv.DictReader(handle))
    with (tmp_path / "filings.csv").open(newline="", encoding="utf-8") as handle:
        filings = [row for row in csv.DictReader(handle) if row["accession"]]
    assert [(c["cik"], c["ticker"], c["sic"], c["industry"]) for c in companies] == [
        (ABBVIE, "ABBV", "2834", "Pharmaceutical Preparations")
    ]
    assert [(f["accession"], f["form"], f["period"], f["company_cik"]) for f in filings] == [
        ("0001551152-18-000014", "10-K", "2017-12-31", ABBVIE)
    ]
    assert written[tmp_path / "companies.csv"] == 1

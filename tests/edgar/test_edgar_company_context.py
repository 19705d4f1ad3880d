"""Company context from EDGAR's submissions files, kept during fetch: ticker, SIC code and
industry, state of incorporation, filer category and former names; company pages show the
industry and the peers of the same SIC code; a review names the filing it reviewed with a
link to it on EDGAR. Fictional Harbor Foods (tests/fixtures/edgar) and the replay's real
Mondelez share SIC 2000."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from edgar_support import FAST
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.record import schema
from reviewdesk.record.store import open_store
from reviewdesk.web import create_app

HARBOR, MONDELEZ = "9999903", "1103982"


def test_fetch_keeps_what_edgar_says_of_each_company(fetch, tmp_path: Path) -> None:
    result = fetch("--cik", HARBOR, "--cik", MONDELEZ, "--since", "2024-01-01", *FAST)

    assert result.exit_code == 0, result.output
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.session() as session:
        companies = {
            c.cik: (c.name, c.ticker, c.sic, c.industry, c.state_of_incorporation,
                    c.filer_category)
            for c in session.scalars(select(schema.Company))
        }  # fmt: skip
        harbor = session.scalars(
            select(schema.Company).where(schema.Company.cik == "0009999903")
        ).one()
        names = {n.name: (n.first_seen, n.last_seen) for n in harbor.names}
        tenk = session.scalars(
            select(schema.Filing).where(schema.Filing.accession == "0009999903-24-000001")
        ).one()
    store.close()
    assert companies == {
        "0009999903": ("FICTIONAL HARBOR FOODS INC", "FHFX", "2000",
                       "Food and Kindred Products", "DE", "Non-accelerated filer"),
        "0001103982": ("Mondelez International, Inc.", "MDLZ", "2000",
                       "Food and Kindred Products", "IL", "Large accelerated filer"),
    }  # fmt: skip
    assert names["HARBOR FOODS HOLDINGS"] == (dt.date(2010, 1, 4), dt.date(2019, 5, 1))
    assert (tenk.form, tenk.period, tenk.file_number, tenk.primary_document) == (
        "10-K",
        dt.date(2023, 12, 31),
        "001-99903",
        "fhf-20231231.htm",
    )


def test_company_page_shows_industry_and_peers_and_review_links_the_reviewed_filing(
    fetch, tmp_path: Path
) -> None:
    assert fetch("--cik", HARBOR, "--cik", MONDELEZ, "--since", "2024-01-01", *FAST).exit_code == 0
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.session() as session:
        harbor, mondelez = (
            session.scalars(select(schema.Company.id).where(schema.Company.cik == cik)).one()
            for cik in ("0009999903", "0001103982")
        )
        review_id = session.scalars(
            select(schema.Letter.review_id).where(schema.Letter.accession == "0000000000-24-900001")
        ).one()
    client = TestClient(create_app(store))

    data = client.get(f"/api/companies/{harbor}").json()
    page = client.get(f"/companies/{harbor}").text
    review = client.get(f"/api/reviews/{review_id}").json()
    review_page = client.get(f"/reviews/{review_id}").text
    store.close()

    assert data["context"]["peers"] == [
        {"id": mondelez, "name": "Mondelez International, Inc.", "ticker": "MDLZ",
         "cik": "0001103982"}
    ]  # fmt: skip
    assert "Food and Kindred Products (SIC 2000)</a>" in page
    assert f'<a href="/companies/{mondelez}">Mondelez International, Inc.</a> (MDLZ)' in page
    url = "https://www.sec.gov/Archives/edgar/data/9999903/000999990324000001/fhf-20231231.htm"
    assert review["reviewed_filings"] == [
        {"form": "10-K", "amendment": None, "period": "2023-12-31", "file_number": "001-99903",
         "accession": "0009999903-24-000001", "filed": "2024-02-27", "url": url}
    ]  # fmt: skip
    assert (
        f'Reviewed: <a href="{url}">10-K for the period ended 2023-12-31, filed 2024-02-27</a>'
        in review_page
    )

"""Companies: the list, and one company's reviews over time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from reviewdesk.views.companies import CompanyLine, CompanyReading, companies, company
from reviewdesk.web.auth import csrf_token, principal
from reviewdesk.web.deps import NOT_FOUND, SessionDep, page

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["companies"])
CompanyId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Company id in the record")]


def _company(session: SessionDep, company_id: int) -> CompanyReading:
    found = company(session, company_id)
    if found is None:
        raise HTTPException(404, f"no company with id {company_id} in the record")
    return found


@api.get("/companies", summary="Every company with its counts of reviews and letters")
def companies_data(session: SessionDep) -> list[CompanyLine]:
    """All companies."""
    return companies(session)


@api.get("/companies/{company_id}", responses=NOT_FOUND, summary="A company and its reviews")
def company_data(session: SessionDep, company_id: CompanyId) -> CompanyReading:
    """One company and its reviews over time, with comment and round counts, and its
    context from EDGAR: ticker, industry (SIC), state, filer category and peers."""
    return _company(session, company_id)


@pages.get("/companies", response_class=HTMLResponse)
def companies_page(request: Request, session: SessionDep) -> HTMLResponse:
    """The companies page."""
    return page(request, "companies.html", {"companies": companies(session)})


@pages.get("/companies/{company_id}", response_class=HTMLResponse)
def company_page(request: Request, session: SessionDep, company_id: CompanyId) -> HTMLResponse:
    """One company's page."""
    return page(
        request,
        "company.html",
        {
            "company": _company(session, company_id),
            "me": principal(request),
            "csrf": csrf_token(request),
        },
    )

"""Companies: the list, and one company's reviews over time."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from reviewdesk.views.companies import (
    CompanyLine,
    CompanyLines,
    CompanyReading,
    company,
    company_lines,
)
from reviewdesk.web.auth import csrf_token, principal
from reviewdesk.web.deps import (
    MAX_PAGE_LIMIT,
    NOT_FOUND,
    PAGE_LIMIT,
    PAGED,
    TOTAL_HEADER,
    SessionDep,
    page,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["companies"])
CompanyId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Company id in the record")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT, description="Companies in the page")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Companies skipped before the page")]
Find = Annotated[
    str,
    Query(
        max_length=200,
        description="Only companies whose name holds this text (any case) or whose CIK "
        "this is (with or without its leading zeros)",
    ),
]


def _company(session: SessionDep, company_id: int) -> CompanyReading:
    found = company(session, company_id)
    if found is None:
        raise HTTPException(404, f"no company with id {company_id} in the record")
    return found


@api.get(
    "/companies", responses=PAGED, summary="Companies by name with their counts, a page at a time"
)
def companies_data(
    session: SessionDep,
    response: Response,
    q: Find = "",
    limit: Limit = PAGE_LIMIT,
    offset: Offset = 0,
) -> list[CompanyLine]:
    """`limit` companies from `offset`, by name (any case), each with its counts of reviews
    and letters and its latest letter's date; `q` keeps those whose name holds it or whose
    CIK it is. The X-Total-Count header gives how many companies match in all."""
    found = company_lines(session, q, limit, offset)
    response.headers[TOTAL_HEADER] = str(found.total)
    return found.lines


@api.get("/companies/{company_id}", responses=NOT_FOUND, summary="A company and its reviews")
def company_data(session: SessionDep, company_id: CompanyId) -> CompanyReading:
    """One company and its reviews over time, with comment and round counts, and its
    context from EDGAR: ticker, industry (SIC), state, filer category and peers."""
    return _company(session, company_id)


def _pager(q: str, limit: int, offset: int, found: CompanyLines) -> dict[str, str | None]:
    """The query strings of the previous and next pages, keeping the words and page size."""
    kept: dict[str, str | int] = {"q": q} if q.strip() else {}
    if limit != PAGE_LIMIT:
        kept["limit"] = limit

    def at(start: int) -> str:
        return urlencode({**kept, "offset": start} if start else kept)

    return {
        "previous": at(max(0, min(offset, found.total) - limit)) if offset > 0 else None,
        "next": at(offset + limit) if offset + limit < found.total else None,
    }


@pages.get("/companies", response_class=HTMLResponse)
def companies_page(
    request: Request,
    session: SessionDep,
    q: Find = "",
    limit: Limit = PAGE_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    """The companies page: a page of companies by name, a box to find one by name or CIK,
    and links to the pages before and after."""
    found = company_lines(session, q, limit, offset)
    context = {
        "companies": found.lines,
        "total": found.total,
        "first": offset + 1,
        "q": q,
        "limit": limit,
        "default_limit": PAGE_LIMIT,
        "pager": _pager(q, limit, offset, found),
    }
    return page(request, "companies.html", context)


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

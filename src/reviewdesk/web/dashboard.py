"""The dashboard: open reviews, letters due in the next ten business days, rounds with no
response on record, recent letters (public EDGAR correspondence); and, apart from those, the
responses due in the desk reviews the signed-in person may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reviewdesk.views.dashboard import Dashboard, dashboard
from reviewdesk.web.auth import principal
from reviewdesk.web.deps import SessionDep, TodayParam, page, today_or

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dashboard"])


@api.get(
    "/dashboard",
    summary="Open reviews, due rounds, rounds with no response on record, recent letters",
)
def dashboard_data(request: Request, session: SessionDep, today: TodayParam = None) -> Dashboard:
    """The dashboard's data: public EDGAR correspondence, and under `desk_due` the responses
    due in the desk reviews you may see (none when anonymous)."""
    return dashboard(session, today_or(today), principal(request))


@pages.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, today: TodayParam = None) -> HTMLResponse:
    """The dashboard page."""
    who = principal(request)
    data = dashboard(session, today_or(today), who)
    return page(request, "dashboard.html", {"data": data, "me": who})

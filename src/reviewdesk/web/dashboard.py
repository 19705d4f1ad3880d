"""The dashboard: open reviews, letters due in the next ten business days, overdue rounds,
recent letters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reviewdesk.web import queries
from reviewdesk.web.deps import SessionDep, TodayParam, page, today_or

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dashboard"])


@api.get("/dashboard", summary="Open reviews, due and overdue rounds, recent letters")
def dashboard_data(session: SessionDep, today: TodayParam = None) -> dict[str, Any]:
    """The dashboard's data."""
    return queries.dashboard(session, today_or(today))


@pages.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, today: TodayParam = None) -> HTMLResponse:
    """The dashboard page."""
    return page(request, "dashboard.html", {"data": queries.dashboard(session, today_or(today))})

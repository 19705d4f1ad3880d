"""The dashboard: open reviews, letters due in the next ten business days, rounds with no
response on record, recent letters (public EDGAR correspondence); and, apart from those, the
responses due in the desk reviews the signed-in person may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from reviewdesk.web import queries
from reviewdesk.web.auth import principal
from reviewdesk.web.deps import SessionDep, TodayParam, page, today_or
from reviewdesk.workflow.desk_deadlines import desk_deadlines

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dashboard"])


def _data(request: Request, session: Session, today: date) -> dict[str, Any]:
    desk = [
        {
            "review_id": d.review_id,
            "company": d.company,
            "round": d.round_number,
            "sent": d.letter_date.isoformat(),
            "due": d.due.isoformat(),
            "business_days_left": d.business_days_left,
            "status": "overdue" if d.business_days_left < 0 else "open",
        }
        for d in desk_deadlines(session, principal(request), today)
    ]
    return {**queries.dashboard(session, today), "desk_due": desk}


@api.get(
    "/dashboard",
    summary="Open reviews, due rounds, rounds with no response on record, recent letters",
)
def dashboard_data(
    request: Request, session: SessionDep, today: TodayParam = None
) -> dict[str, Any]:
    """The dashboard's data: public EDGAR correspondence, and under `desk_due` the responses
    due in the desk reviews you may see (none when anonymous)."""
    return _data(request, session, today_or(today))


@pages.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, today: TodayParam = None) -> HTMLResponse:
    """The dashboard page."""
    data = _data(request, session, today_or(today))
    return page(request, "dashboard.html", {"data": data, "me": principal(request)})

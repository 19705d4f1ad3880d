"""The dashboard: open reviews, letters due in the next ten business days, rounds with no
response on record, recent letters (public EDGAR correspondence); and, apart from those, the
responses due in the desk reviews the signed-in person may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from reviewdesk.views.dashboard import LIST_LIMIT, Dashboard, DashboardPages, dashboard
from reviewdesk.web.auth import principal
from reviewdesk.web.deps import SessionDep, TodayParam, page, today_or

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dashboard"])
MAX_LIMIT = 500
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Lines in each list")]
Skip = Annotated[int, Query(ge=0, le=2**31 - 1)]


def _pages(
    limit: Limit = LIST_LIMIT,
    open_reviews_offset: Annotated[Skip, Query(description="Open reviews skipped")] = 0,
    due_soon_offset: Annotated[Skip, Query(description="Rounds due soon skipped")] = 0,
    no_response_offset: Annotated[
        Skip, Query(description="Rounds with no response on record skipped")
    ] = 0,
) -> DashboardPages:
    return DashboardPages(
        limit=limit,
        open_reviews=open_reviews_offset,
        due_soon=due_soon_offset,
        no_response=no_response_offset,
    )


PagesParam = Annotated[DashboardPages, Depends(_pages)]
SECTIONS = {"open_reviews": "open-reviews", "due_soon": "due-soon", "no_response": "no-response"}
"""Each paged list of the page: its field in DashboardPages, and its heading's anchor."""


def _page_link(today: str | None, pages: DashboardPages) -> Callable[[str, int], str]:
    """A link to the dashboard with one list moved to `offset` and the rest as they are."""

    def link(section: str, offset: int) -> str:
        moved = pages.model_copy(update={section: max(offset, 0)})
        params: dict[str, str | int | None] = {
            "today": today,
            "limit": moved.limit if moved.limit != LIST_LIMIT else None,
        }
        params.update({f"{name}_offset": getattr(moved, name) for name in SECTIONS})
        query = urlencode({name: value for name, value in params.items() if value})
        return f"/?{query}#{SECTIONS[section]}" if query else f"/#{SECTIONS[section]}"

    return link


@api.get(
    "/dashboard",
    summary="Open reviews, due rounds, rounds with no response on record, recent letters",
)
def dashboard_data(
    request: Request, session: SessionDep, pages: PagesParam, today: TodayParam = None
) -> Dashboard:
    """The dashboard's data: public EDGAR correspondence, and under `desk_due` the responses
    due in the desk reviews you may see (none when anonymous). Open reviews, rounds due soon
    and rounds with no response on record come a page at a time (`limit` lines each, from
    each list's own offset), each with the count of its whole list (`..._total`)."""
    return dashboard(session, today_or(today), principal(request), pages)


@pages.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, session: SessionDep, pages: PagesParam, today: TodayParam = None
) -> HTMLResponse:
    """The dashboard page; each long list pages on its own, keeping the others where they are."""
    who = principal(request)
    data = dashboard(session, today_or(today), who, pages)
    context = {"data": data, "me": who, "link": _page_link(today, pages)}
    return page(request, "dashboard.html", context)

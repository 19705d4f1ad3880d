"""A review: rounds as a timeline, each comment beside its answer, follow-ups linked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from reviewdesk.views.letters import original
from reviewdesk.views.reviews import ReviewLine, ReviewReading, review, review_lines
from reviewdesk.web.deps import (
    MAX_PAGE_LIMIT,
    NOT_FOUND,
    PAGE_LIMIT,
    PAGED,
    TOTAL_HEADER,
    SessionDep,
    TodayParam,
    page,
    today_or,
)
from reviewdesk.web.emphasis import review_emphasis
from reviewdesk.web.label_view import labelling_context

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["reviews"])
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Review id in the record")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT, description="Reviews in the page")]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Reviews skipped before the page")]


def _review(session: SessionDep, review_id: int, today: TodayParam) -> ReviewReading:
    found = review(session, review_id, today_or(today))
    if found is None:
        raise HTTPException(404, f"no review with id {review_id} in the record")
    return found


@api.get("/reviews", responses=PAGED, summary="Reviews, newest first, a page at a time")
def reviews_data(
    session: SessionDep,
    response: Response,
    limit: Limit = PAGE_LIMIT,
    offset: Offset = 0,
) -> list[ReviewLine]:
    """`limit` reviews from `offset` as lines of a list; the X-Total-Count header gives how
    many reviews there are in all."""
    found = review_lines(session, limit, offset)
    response.headers[TOTAL_HEADER] = str(found.total)
    return found.lines


@api.get("/reviews/{review_id}", responses=NOT_FOUND, summary="A review with its rounds")
def review_data(
    session: SessionDep, review_id: ReviewId, today: TodayParam = None
) -> ReviewReading:
    """One review: rounds, comments beside answers, follow-ups, deadlines, letters."""
    return _review(session, review_id, today)


@pages.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(
    request: Request, session: SessionDep, review_id: ReviewId, today: TodayParam = None
) -> HTMLResponse:
    """One review's page; the answers and comments of HTML letters keep their italics and
    underlines."""
    shown = _review(session, review_id, today)
    emphasis = review_emphasis(shown, lambda letter_id: original(session, letter_id))
    context = {"review": shown, "emphasis": emphasis, **labelling_context(request)}
    return page(request, "review.html", context)

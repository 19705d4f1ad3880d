"""A review: rounds as a timeline, each comment beside its answer, follow-ups linked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse

from reviewdesk.views.letters import original
from reviewdesk.views.reviews import ReviewLine, ReviewReading, review, review_lines
from reviewdesk.web.deps import NOT_FOUND, SessionDep, TodayParam, page, today_or
from reviewdesk.web.emphasis import review_emphasis
from reviewdesk.web.label_view import labelling_context

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["reviews"])
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Review id in the record")]


def _review(session: SessionDep, review_id: int, today: TodayParam) -> ReviewReading:
    found = review(session, review_id, today_or(today))
    if found is None:
        raise HTTPException(404, f"no review with id {review_id} in the record")
    return found


@api.get("/reviews", summary="Every review, newest first")
def reviews_data(session: SessionDep) -> list[ReviewLine]:
    """All reviews as lines of a list."""
    return review_lines(session)


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

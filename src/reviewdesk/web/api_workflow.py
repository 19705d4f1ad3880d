"""The workflow for programs: the same reviews as the pages, as JSON, and every action by
name (send an API token as `Authorization: Bearer ...`; a browser session must send the
`X-CSRF-Token` header)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from pydantic import BaseModel, Field

from reviewdesk.views.desk import AuditLine, DeskReview, DeskReviewLine
from reviewdesk.web.auth import principal
from reviewdesk.web.deps import store_of
from reviewdesk.web.routes_workflow import pdf_letters
from reviewdesk.web.workflow_actions import ACTIONS, ActionInput, find_review, follow_through, run
from reviewdesk.workflow import review_view, reviews_visible_to
from reviewdesk.workflow.particulars import company_name
from reviewdesk.workflow.trail import entries

api = APIRouter(prefix="/api/desk", tags=["workflow"])
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in, and the review is not released"},
    403: {"description": "The role may not take this action, or no CSRF token"},
    404: {"description": "No such review that you can see"},
    409: {"description": "Not allowed in the review's state"},
    422: {"description": "Bad input"},
}


class ActionBody(BaseModel):
    """What an action needs: the comment, text, caption and page, passage, or order."""

    comment_id: int | None = None
    text: str = ""
    caption: str | None = None
    page: str | None = None
    passage: str = ""
    order: list[int] = Field(default_factory=list)
    move: str = ""


@api.get("/reviews", summary="Reviews run in the desk that you can see")
def reviews(request: Request) -> list[DeskReviewLine]:
    """Authored reviews visible to the caller (the anonymous: released ones)."""
    with store_of(request).session() as session:
        return [
            DeskReviewLine(
                id=r.id,
                company=company_name(r),
                form=r.form,
                state=r.state,
                file_number=r.file_number,
            )
            for r in reviews_visible_to(session, principal(request))
        ]


def _shown(view: dict[str, Any]) -> DeskReview:
    """The workflow's view of a review as its read model (keys a role may not see stay out)."""
    return DeskReview.model_validate(view)


@api.get(
    "/reviews/{review_id}",
    responses=ERRORS,
    response_model_exclude_unset=True,
    summary="An authored review as you see it",
)
def review(request: Request, review_id: ReviewId) -> DeskReview:
    """Rounds, comments, answers (as your role may see them) and the actions open to you."""
    who = principal(request)
    with store_of(request).session() as session:
        return _shown(
            review_view(session, who, find_review(session, who, review_id), dt.date.today())
        )


@api.post(
    "/reviews/{review_id}/actions/{action}",
    responses=ERRORS,
    response_model_exclude_unset=True,
    summary="Take a workflow action",
)
def take_action(request: Request, review_id: ReviewId, action: str, body: ActionBody) -> DeskReview:
    """Take `action` (one of the workflow's actions) and return the review as it now is."""
    if action not in ACTIONS or action in ("file_amendment",):
        raise HTTPException(404, f"no API action {action!r}; file amendments from the page")
    given = ActionInput(
        comment_id=body.comment_id,
        text=body.text,
        caption=body.caption,
        page=body.page,
        passage=body.passage,
        order=body.order,
        move=body.move,
        pdf=pdf_letters(request),
    )
    who = principal(request)
    store = store_of(request)
    with store.write() as session:
        run(session, who, review_id, action, given)
    follow_through(store, who, review_id, action)
    with store.session() as session:
        return _shown(
            review_view(session, who, find_review(session, who, review_id), dt.date.today())
        )


@api.get("/reviews/{review_id}/audit", responses=ERRORS, summary="The review's audit log")
def audit(request: Request, review_id: ReviewId) -> list[AuditLine]:
    """Who did what, when (staff only)."""
    who = principal(request)
    with store_of(request).session() as session:
        found = find_review(session, who, review_id)
        if who is None or not who.role.staff:
            raise HTTPException(404, f"no audit log of review {review_id} that you can see")
        return [
            AuditLine(at=e.at.isoformat(), actor=e.actor, action=e.action, detail=e.detail)
            for e in entries(session, found.id)
        ]

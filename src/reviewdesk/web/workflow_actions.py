"""One entry for every workflow action the desk's forms and API can ask for, and the HTTP
status each workflow error becomes (hidden or unknown: 404, or 401 to the anonymous;
role may not act: 403; illegal in this state: 409; bad input: 422)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import HTTPException
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.store import Store
from reviewdesk.services.redline.read import RedlineInputError
from reviewdesk.workflow import (
    IllegalTransition,
    NotAllowed,
    NotFound,
    WorkflowInputError,
    complete,
    delete_comment,
    edit_comment,
    file_amendment,
    follow_up,
    issue,
    mark_confidential,
    next_round,
    release,
    reorder_comments,
    resolve_comment,
    save_answer,
    sign_off,
    submit_response,
    visible_review,
    withdraw_sign_off,
    write_comment,
)
from reviewdesk.workflow.authoring import current_round
from reviewdesk.workflow.letter_render import RenderError
from reviewdesk.workflow.publishing import publish
from reviewdesk.workflow.schema import AuthoredReview


@dataclass(slots=True)
class ActionInput:
    """What a form or an API call gives an action (each action reads what it needs)."""

    comment_id: int | None = None
    text: str = ""
    caption: str | None = None
    page: str | None = None
    passage: str = ""
    order: list[int] = field(default_factory=list)
    move: str = ""
    upload: tuple[bytes, str] | None = None
    pdf: bool = True
    today: dt.date | None = None


def _comment_id(given: ActionInput) -> int:
    if given.comment_id is None:
        raise WorkflowInputError("this action needs comment_id: which comment")
    return given.comment_id


def _moved(review: AuthoredReview, given: ActionInput) -> list[int]:
    ids = [c.id for c in current_round(review).comments]
    target = _comment_id(given)
    if target not in ids:
        raise WorkflowInputError(f"comment {target} is not in the letter being written")
    at = ids.index(target)
    to = at - 1 if given.move == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return ids


Runner = Callable[[Session, Principal, AuthoredReview, ActionInput], object]
ACTIONS: dict[str, Runner] = {
    "write_comment": lambda s, p, r, a: write_comment(s, p, r, a.text, a.caption, a.page),
    "edit_comment": lambda s, p, r, a: edit_comment(
        s, p, r, _comment_id(a), a.text, a.caption, a.page
    ),
    "delete_comment": lambda s, p, r, a: delete_comment(s, p, r, _comment_id(a)),
    "reorder_comments": lambda s, p, r, a: reorder_comments(
        s, p, r, a.order if a.order else _moved(r, a)
    ),
    "sign_off": lambda s, p, r, a: sign_off(s, p, r),
    "withdraw_sign_off": lambda s, p, r, a: withdraw_sign_off(s, p, r),
    "issue": lambda s, p, r, a: issue(s, p, r, today=a.today, pdf=a.pdf),
    "save_answer": lambda s, p, r, a: save_answer(s, p, r, _comment_id(a), a.text),
    "mark_confidential": lambda s, p, r, a: mark_confidential(s, p, r, _comment_id(a), a.passage),
    "file_amendment": lambda s, p, r, a: file_amendment(s, p, r, *_upload(a)),
    "submit_response": lambda s, p, r, a: submit_response(s, p, r),
    "resolve_comment": lambda s, p, r, a: resolve_comment(s, p, r, _comment_id(a)),
    "follow_up": lambda s, p, r, a: follow_up(s, p, r, _comment_id(a), a.text),
    "next_round": lambda s, p, r, a: next_round(s, p, r),
    "complete": lambda s, p, r, a: complete(s, p, r, today=a.today, pdf=a.pdf),
    "release": lambda s, p, r, a: release(s, p, r, today=a.today),
}


def _upload(given: ActionInput) -> tuple[bytes, str]:
    if given.upload is None or not given.upload[0]:
        raise WorkflowInputError("attach the amended filing (HTML or PDF)")
    return given.upload


def find_review(session: Session, who: Principal | None, review_id: int) -> AuthoredReview:
    """The review if this person may see it; 401 for the anonymous, else 404."""
    try:
        return visible_review(session, who, review_id)
    except NotFound as exc:
        if who is None:
            raise HTTPException(401, "sign in to see this review") from exc
        raise HTTPException(404, str(exc)) from exc


def run(
    session: Session, who: Principal | None, review_id: int, action: str, given: ActionInput
) -> None:
    """Take `action` in the review, or raise the HTTP error its refusal maps to."""
    review = find_review(session, who, review_id)
    if who is None:
        raise HTTPException(401, "sign in to act in a review")
    runner = ACTIONS.get(action)
    if runner is None:
        raise HTTPException(404, f"no action {action!r}; use one of {', '.join(ACTIONS)}")
    try:
        runner(session, who, review, given)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except NotAllowed as exc:
        raise HTTPException(403, str(exc)) from exc
    except IllegalTransition as exc:
        raise HTTPException(409, str(exc)) from exc
    except (WorkflowInputError, RedlineInputError) as exc:
        raise HTTPException(422, str(exc)) from exc
    except RenderError as exc:
        raise HTTPException(503, str(exc)) from exc


def follow_through(store: Store, who: Principal | None, review_id: int, action: str) -> None:
    """What an action needs once its transaction is committed: a released review's
    correspondence goes into the public record and its search index."""
    if action == "release":
        publish(store, review_id, who)

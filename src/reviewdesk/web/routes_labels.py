"""Correcting labels in the desk: a comment's topics and asks, an answer's class, from the
letter page's form or through the API. Staff and analysts only: the anonymous get 401, other
signed-in people 403; browser posts carry the CSRF token like every desk post."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from reviewdesk.letters.vocabulary import Facet
from reviewdesk.record import schema
from reviewdesk.record.labels import Item
from reviewdesk.views.labels import LabelledItem, item_labels
from reviewdesk.views.letters import anchors
from reviewdesk.web.auth import signed_in
from reviewdesk.web.deps import store_of
from reviewdesk.web.label_view import FACET_KEYS
from reviewdesk.workflow.errors import NotAllowed, NotFound, WorkflowInputError
from reviewdesk.workflow.labelling import correct_labels, labelled_item

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["labels"])
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Id in the record")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not staff or analyst, or no CSRF token (browser sessions)"},
    404: {"description": "No such comment or response"},
    422: {"description": "Codes outside TOPICS.md"},
}


class CommentLabelsBody(BaseModel):
    """A person's labels for a comment: topics (1 to 3, the main first) and/or asks; an
    omitted field is left as it is. `restore` hands facets back to the machine's reading."""

    topics: list[str] | None = Field(default=None, max_length=3)
    asks: list[str] | None = Field(default=None, max_length=7)
    restore: list[Facet] = Field(default_factory=list)


class ResponseLabelsBody(BaseModel):
    """A person's answer classes for a company's answer (one or more)."""

    answer: list[str] | None = Field(default=None, max_length=6)
    restore: list[Facet] = Field(default_factory=list)


def _correct(
    request: Request,
    item: Item,
    item_id: int,
    changes: dict[Facet, list[str]],
    restore: list[Facet],
) -> int:
    """Apply a correction as the signed-in person; returns the item's letter id."""
    who = signed_in(request)
    try:
        with store_of(request).write() as session:
            correct_labels(session, who, item, item_id, changes, restore=tuple(restore))
            return labelled_item(session, item, item_id).letter_id
    except NotAllowed as exc:
        raise HTTPException(403, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except WorkflowInputError as exc:
        raise HTTPException(422, str(exc)) from exc


def _view(request: Request, item: Item, item_id: int) -> LabelledItem:
    with store_of(request).session() as session:
        return item_labels(session, item, item_id)


@api.post("/comments/{comment_id}/labels", responses=ERRORS, summary="Correct a comment's labels")
def correct_comment(request: Request, comment_id: ItemId, body: CommentLabelsBody) -> LabelledItem:
    """Set your topics and/or asks for a comment (audited, kept through re-reading)."""
    changes: dict[Facet, list[str]] = {}
    if body.topics is not None:
        changes["topic"] = body.topics
    if body.asks is not None:
        changes["ask"] = body.asks
    _correct(request, "comment", comment_id, changes, body.restore)
    return _view(request, "comment", comment_id)


@api.post("/responses/{response_id}/labels", responses=ERRORS, summary="Correct an answer's class")
def correct_response(
    request: Request, response_id: ItemId, body: ResponseLabelsBody
) -> LabelledItem:
    """Set your answer classes for a company's answer (audited, kept through re-reading)."""
    changes: dict[Facet, list[str]] = {}
    if body.answer is not None:
        changes["answer"] = body.answer
    _correct(request, "response", response_id, changes, body.restore)
    return _view(request, "response", response_id)


@pages.post("/labels/{item}/{item_id}", response_model=None)
def correct_from_page(
    request: Request,
    item: Item,
    item_id: ItemId,
    topics: Annotated[list[str] | None, Form()] = None,
    asks: Annotated[list[str] | None, Form()] = None,
    answer: Annotated[list[str] | None, Form()] = None,
    restore: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    """The letter page's correction form: save, then show the letter at that item."""
    given = {"topics": topics, "asks": asks, "answer": answer}
    changes: dict[Facet, list[str]] = {}
    if restore is None:
        for key, codes in given.items():
            if codes is not None:
                changes[FACET_KEYS[key]] = [c for c in codes if c.strip()]
    elif restore not in FACET_KEYS.values():
        raise HTTPException(422, f"restore={restore!r}: give topic, ask or answer")
    restored: list[Facet] = [f for f in FACET_KEYS.values() if f == restore]
    letter_id = _correct(request, item, item_id, changes, restored)
    return RedirectResponse(f"/letters/{letter_id}#{_anchor(request, item, item_id)}", 303)


def _anchor(request: Request, item: Item, item_id: int) -> str:
    """The item's anchor on its letter page, as the page names it."""
    table = schema.Comment if item == "comment" else schema.Response
    with store_of(request).session() as session:
        letter_id = labelled_item(session, item, item_id).letter_id
        rows = session.execute(
            select(table.id, table.number, table.position)
            .where(table.letter_id == letter_id)
            .order_by(table.position)
        ).all()
    names = anchors([(number, position) for _id, number, position in rows], item)
    return next(name for row, name in zip(rows, names, strict=True) if row[0] == item_id)

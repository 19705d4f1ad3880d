"""Answer a staff comment letter from its page: the response-letter draft (every comment
restated in order, placeholders for the answers) as DOCX or Markdown, the due date and the
business days left, and each comment's precedents; /api twins give the same as JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Role
from reviewdesk.record import schema
from reviewdesk.services.drafting import (
    ResponseLetter,
    asks_acknowledgement,
    build_response,
    render_response_markdown,
)
from reviewdesk.services.drafting.docx_writer import response_docx_bytes
from reviewdesk.services.drafting.stored import LetterNotFound, stored_letter
from reviewdesk.views.answering import ResponseOutline, deadline, response_outline
from reviewdesk.views.letters import LetterReading
from reviewdesk.views.precedents import CommentPrecedents
from reviewdesk.web.auth import principal
from reviewdesk.web.deps import NOT_FOUND, SessionDep, TodayParam, store_of, today_or
from reviewdesk.web.letter_precedents import precedents_by_comment

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["letters"])
LetterId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Letter id in the record")]
Count = Annotated[int, Query(ge=1, le=20, description="Precedents per comment")]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_FILE: dict[int | str, dict[str, Any]] = {200: {"content": {DOCX: {}}}, **NOT_FOUND}
MARKDOWN_FILE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/markdown": {}}},
    **NOT_FOUND,
}


def is_comment_letter(row: schema.Letter) -> bool:
    """A staff letter with comments to answer (not a completion or a company letter)."""
    return row.role == "staff" and row.kind == "comments"


def comment_letter(session: Session, letter_id: int) -> schema.Letter:
    """The staff comment letter with this id; 404 naming what it is otherwise."""
    row = session.get(schema.Letter, letter_id)
    if row is None:
        raise HTTPException(404, f"no letter with id {letter_id} in the record")
    if not is_comment_letter(row):
        raise HTTPException(
            404,
            f"letter {letter_id} is a {row.role or 'unknown'} letter of kind "
            f"{row.kind or 'unknown'}, not a staff comment letter; only those are answered",
        )
    return row


def response_draft(
    request: Request, letter_id: int, answers: Mapping[int, str], today: dt.date
) -> ResponseLetter:
    """The response letter to a stored staff letter, with the answers given by number,
    signed by the signed-in user (their display name, else user name; [Name] when nobody is
    signed in)."""
    try:
        letter, text = stored_letter(store_of(request), str(letter_id))
    except LetterNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    who = principal(request)
    return build_response(
        letter,
        answers,
        acknowledgement=asks_acknowledgement(text),
        today=today,
        signer=who.label if who is not None else None,
    )


def draft_file(draft: ResponseLetter, kind: str, letter_id: int) -> Response:
    """The draft as a DOCX or Markdown download."""
    name = f"response-to-letter-{letter_id}.{kind}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "docx":
        return Response(response_docx_bytes(draft), media_type=DOCX, headers=disposition)
    return Response(
        render_response_markdown(draft),
        media_type="text/markdown; charset=utf-8",
        headers=disposition,
    )


def answering_context(
    request: Request, session: Session, letter: LetterReading, today: dt.date
) -> dict[str, Any]:
    """What the letter page adds for a staff comment letter (None for other letters): the
    deadline, the downloads, each comment's precedents, whether the viewer may draft."""
    row = session.get(schema.Letter, letter.id)
    if row is None or not is_comment_letter(row):
        return {"answering": None}
    who = principal(request)
    return {
        "answering": {
            **deadline(session, row, today).model_dump(),
            "precedents": precedents_by_comment(request, session, [c.id for c in letter.comments]),
            "can_draft": who is not None
            and who.role is Role.company
            and who.company_id == row.company_id,
        }
    }


@pages.get("/letters/{letter_id}/response.{kind}", response_model=None)
def response_download(
    request: Request, session: SessionDep, letter_id: LetterId, kind: str, today: TodayParam = None
) -> Response:
    """The response-letter draft of a staff comment letter, as DOCX or Markdown."""
    if kind not in ("docx", "md"):
        raise HTTPException(404, f"no response.{kind}; ask for response.docx or response.md")
    comment_letter(session, letter_id)
    return draft_file(response_draft(request, letter_id, {}, today_or(today)), kind, letter_id)


@api.get(
    "/letters/{letter_id}/response.docx",
    responses=DOCX_FILE,
    response_class=Response,
    summary="The response-letter draft as DOCX",
)
def response_docx(
    request: Request, session: SessionDep, letter_id: LetterId, today: TodayParam = None
) -> Response:
    """Letterhead, addressee, Re: block, every comment in order with a placeholder answer."""
    comment_letter(session, letter_id)
    return draft_file(response_draft(request, letter_id, {}, today_or(today)), "docx", letter_id)


@api.get(
    "/letters/{letter_id}/response.md",
    responses=MARKDOWN_FILE,
    response_class=Response,
    summary="The response-letter draft as Markdown",
)
def response_markdown(
    request: Request, session: SessionDep, letter_id: LetterId, today: TodayParam = None
) -> Response:
    """The same draft as Markdown, letter text escaped."""
    comment_letter(session, letter_id)
    return draft_file(response_draft(request, letter_id, {}, today_or(today)), "md", letter_id)


@api.get(
    "/letters/{letter_id}/response",
    responses=NOT_FOUND,
    summary="What the response letter to a staff comment letter restates, and when it is due",
)
def response_data(
    request: Request, session: SessionDep, letter_id: LetterId, today: TodayParam = None
) -> ResponseOutline:
    """Due date, business days left, whether the acknowledgement is asked for, and every
    comment (number, caption, text) in the order the response restates them."""
    day = today_or(today)
    row = comment_letter(session, letter_id)
    return response_outline(session, row, response_draft(request, letter_id, {}, day), day)


@api.get(
    "/letters/{letter_id}/precedents",
    responses=NOT_FOUND,
    summary="Each comment's precedents from other companies' letters",
)
def letter_precedents(
    request: Request, session: SessionDep, letter_id: LetterId, k: Count = 5
) -> list[CommentPrecedents]:
    """For each comment of a staff comment letter, the `k` most similar comments from other
    companies, each with the answer that company gave and how the thread ended."""
    row = comment_letter(session, letter_id)
    found = precedents_by_comment(request, session, [c.id for c in row.comments], k, None)
    return [
        CommentPrecedents(comment_id=c.id, number=c.number, precedents=found[c.id])
        for c in row.comments
    ]

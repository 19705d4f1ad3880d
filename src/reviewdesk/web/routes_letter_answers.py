"""The company side answering a staff comment letter from EDGAR in the desk: each comment
with its answer edited in place (saved with history), the due date and business days left
always in view, and the response letter built from the answers as DOCX or Markdown. Only a
company user of the letter's company sees these: the anonymous get 401, anyone else 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.record import schema
from reviewdesk.views.answering import deadline
from reviewdesk.views.desk import (
    AnsweredComment,
    LetterAnswer,
    LetterAnswers,
    LettersToAnswer,
    letters_to_answer_view,
)
from reviewdesk.web.auth import csrf_token, signed_in
from reviewdesk.web.deps import TodayParam, page, store_of, today_or
from reviewdesk.web.letter_precedents import precedents_by_comment
from reviewdesk.web.letter_response import draft_file, response_draft
from reviewdesk.workflow.errors import NotFound, WorkflowInputError
from reviewdesk.workflow.letter_answers import LetterAnswer as LetterAnswerRow
from reviewdesk.workflow.letter_answers import (
    answer_view,
    answerable_letter,
    answers_of,
    save_letter_answer,
)

pages = APIRouter(prefix="/desk", include_in_schema=False)
api = APIRouter(prefix="/api/desk", tags=["answers"])
LetterId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Letter id in the record")]
Number = Annotated[int, Path(ge=1, le=999, description="The comment's number")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "No CSRF token (browser sessions)"},
    404: {"description": "No staff comment letter of your company with this id"},
    422: {"description": "Bad input"},
}


class AnswerBody(BaseModel):
    """The answer's new text."""

    text: str


def _letter(session: Session, who: Principal, letter_id: int) -> schema.Letter:
    try:
        return answerable_letter(session, who, letter_id)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def letter_answers_view(
    session: Session, who: Principal, letter_id: int, today: dt.date
) -> LetterAnswers:
    """The letter's comments, each with its answer and history, and the deadline."""
    row = _letter(session, who, letter_id)
    answers = answers_of(session, letter_id)
    return LetterAnswers(
        letter_id=row.id,
        accession=row.accession,
        company=row.company_name,
        date=row.date,
        **deadline(session, row, today).model_dump(),
        comments=[
            AnsweredComment(
                id=c.id,
                anchor=f"comment-{c.number if c.number is not None else f'p{c.position}'}",
                number=c.number,
                heading=c.heading,
                page=c.page,
                text=c.text,
                answer=_answer(answers.get(c.number)) if c.number is not None else None,
            )
            for c in row.comments
        ],
    )


def _answer(answer: LetterAnswerRow | None) -> LetterAnswer | None:
    view = answer_view(answer)
    return None if view is None else LetterAnswer.model_validate(view)


def _save(request: Request, letter_id: int, number: int, text: str) -> LetterAnswer | None:
    who = signed_in(request)
    try:
        with store_of(request).write() as session:
            return _answer(save_letter_answer(session, who, letter_id, number, text))
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except WorkflowInputError as exc:
        raise HTTPException(422, str(exc)) from exc


def _answers_page(
    request: Request, letter_id: int, today: dt.date, error: str | None = None, status: int = 200
) -> HTMLResponse:
    who = signed_in(request)
    with store_of(request).session() as session:
        view = letter_answers_view(session, who, letter_id, today)
        found = precedents_by_comment(request, session, [c.id for c in view.comments])
    context = {
        "me": who,
        "csrf": csrf_token(request),
        "view": view,
        "error": error,
        "answering": {"precedents": found},
    }
    return page(request, "workflow/letter_answers.html", context, status)


@pages.get("/letters", response_class=HTMLResponse)
def letters_to_answer_page(request: Request, today: TodayParam = None) -> HTMLResponse:
    """A company user's start page: their company's open staff letters, each with its due
    date and business days left, linked to the page where they write the answers."""
    who = signed_in(request)
    if who.role is not Role.company:
        raise HTTPException(404, "only company users have letters to answer")
    with store_of(request).session() as session:
        view = letters_to_answer_view(session, who, today_or(today))
    context = {"me": who, "csrf": csrf_token(request), "view": view}
    return page(request, "workflow/letters_to_answer.html", context)


@pages.get("/letters/{letter_id}/answers", response_class=HTMLResponse)
def answers_page(request: Request, letter_id: LetterId, today: TodayParam = None) -> HTMLResponse:
    """Each comment beside its answer, editable, with the history and the deadline."""
    return _answers_page(request, letter_id, today_or(today))


@pages.post("/letters/{letter_id}/answers", response_model=None)
def save_from_page(
    request: Request,
    letter_id: LetterId,
    number: Annotated[int, Form(ge=1, le=999)],
    text: Annotated[str | None, Form()] = None,
    numbers: Annotated[list[int] | None, Form()] = None,
    texts: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the answers from the page's one form (every answer typed, not just the one whose
    button was pressed: unchanged answers save nothing), then show the page at that comment."""
    typed = list(zip(numbers or [], texts or [], strict=False))
    if text is not None:
        typed.append((number, text))
    try:
        for each, body in typed:
            _save(request, letter_id, each, body)
    except HTTPException as exc:
        if exc.status_code == 422:
            return _answers_page(request, letter_id, dt.date.today(), str(exc.detail), 422)
        raise
    return RedirectResponse(f"/desk/letters/{letter_id}/answers#answer-{number}", status_code=303)


@pages.get("/letters/{letter_id}/response.{kind}", response_model=None)
def drafted_response(
    request: Request, letter_id: LetterId, kind: str, today: TodayParam = None
) -> Response:
    """The response letter with the company's saved answers, as DOCX or Markdown."""
    if kind not in ("docx", "md"):
        raise HTTPException(404, f"no response.{kind}; ask for response.docx or response.md")
    who = signed_in(request)
    with store_of(request).session() as session:
        _letter(session, who, letter_id)
        answers = {n: a.text for n, a in answers_of(session, letter_id).items() if a.text}
    draft = response_draft(request, letter_id, answers, today_or(today))
    return draft_file(draft, kind, letter_id)


@api.get(
    "/letters",
    response_model=LettersToAnswer,
    responses={401: ERRORS[401]},
    summary="Your company's letters to answer",
)
def letters_to_answer_data(request: Request, today: TodayParam = None) -> LettersToAnswer:
    """The open staff comment letters of your company (company users; others get none),
    soonest due first, with due dates and business days left."""
    who = signed_in(request)
    with store_of(request).session() as session:
        return letters_to_answer_view(session, who, today_or(today))


@api.get("/letters/{letter_id}/answers", responses=ERRORS, summary="Your answers to a letter")
def answers_data(request: Request, letter_id: LetterId, today: TodayParam = None) -> LetterAnswers:
    """The staff letter's comments with your company's answers, their history and the
    deadline (company users of the letter's company only)."""
    who = signed_in(request)
    with store_of(request).session() as session:
        return letter_answers_view(session, who, letter_id, today_or(today))


@api.post("/letters/{letter_id}/answers/{number}", responses=ERRORS, summary="Save an answer")
def save_answer_data(
    request: Request, letter_id: LetterId, number: Number, body: AnswerBody
) -> LetterAnswer | None:
    """Save a new version of the answer to comment `number`; returns it with its history."""
    return _save(request, letter_id, number, body.text)

"""A letter: its parsed reading beside the original (PDF inline, HTML sanitised)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import shared_readers
from reviewdesk.views import letters as letter_views
from reviewdesk.views.letters import LetterReading
from reviewdesk.web.deps import NOT_FOUND, SessionDep, TodayParam, page, today_or
from reviewdesk.web.emphasis import Emphasis, letter_emphasis
from reviewdesk.web.label_view import labelling_context
from reviewdesk.web.letter_response import answering_context
from reviewdesk.web.sanitise import document_html

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["letters"])
LetterId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Letter id in the record")]
IN_PROCESS_BYTES = 1024 * 1024
"""Originals up to this size are sanitised in the server process (lxml is quick and small on
them); larger ones in a bounded reader."""
ORIGINAL = {
    200: {"content": {"application/pdf": {}, "application/octet-stream": {}}},
    **NOT_FOUND,
}


def _letter(session: SessionDep, letter_id: int) -> LetterReading:
    found = letter_views.letter(session, letter_id)
    if found is None:
        raise HTTPException(404, f"no letter with id {letter_id} in the record")
    return found


def _original(session: SessionDep, letter_id: int) -> tuple[bytes, str, str]:
    found = letter_views.original(session, letter_id)
    if found is None:
        raise HTTPException(404, f"no letter with id {letter_id} in the record")
    return found


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "letter"


@api.get("/letters/{letter_id}", responses=NOT_FOUND, summary="A letter's parsed reading")
def letter_data(session: SessionDep, letter_id: LetterId) -> LetterReading:
    """One letter: what it says, its comments or responses, and where its original is."""
    return _letter(session, letter_id)


@api.get(
    "/letters/{letter_id}/original",
    responses=ORIGINAL,
    response_class=Response,
    summary="The letter's document, byte for byte",
)
def letter_original(session: SessionDep, letter_id: LetterId) -> Response:
    """PDF letters are served inline as application/pdf; anything else (HTML, EDGAR SGML) as a
    download that no browser will render, because letters are untrusted."""
    return _document(*_original(session, letter_id))


@api.get(
    "/letters/{letter_id}/attachments/{document_id}",
    responses=ORIGINAL,
    response_class=Response,
    summary="A document filed with the letter, byte for byte",
)
def letter_attachment(session: SessionDep, letter_id: LetterId, document_id: LetterId) -> Response:
    """Another document of the letter's EDGAR filing (marked pages, a table, an exhibit, a
    second letter), served as the original is: PDF inline, anything else as a download."""
    found = letter_views.attachment(session, letter_id, document_id)
    if found is None:
        raise HTTPException(404, f"letter {letter_id} has no attached document {document_id}")
    return _document(*found)


def _document(data: bytes, media_type: str, name: str) -> Response:
    if media_type == "application/pdf":
        disposition = f'inline; filename="{_safe_name(name)}"'
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": disposition}
        )
    disposition = f'attachment; filename="{_safe_name(name)}"'
    return Response(
        data, media_type="application/octet-stream", headers={"Content-Disposition": disposition}
    )


def _shown_original(data: bytes, name: str) -> str:
    """The original as a sanitised fragment; a large one is sanitised in a bounded reader,
    so a crafted document cannot take the server's memory or time."""
    if len(data) <= IN_PROCESS_BYTES:
        return document_html(data, name)
    try:
        return shared_readers().call(document_html, data, name, source=name)
    except DocumentError as exc:
        return f'<p class="original-error">The original cannot be shown: {escape(exc.reason)}</p>'


@pages.get("/letters/{letter_id}", response_class=HTMLResponse)
def letter_page(
    request: Request, session: SessionDep, letter_id: LetterId, today: TodayParam = None
) -> HTMLResponse:
    """One letter's page: the reading beside the original (an HTML letter's reading keeps
    its italics and underlines); a staff comment letter also offers the response-letter
    draft, its due date and each comment's precedents."""
    letter = _letter(session, letter_id)
    shown = None
    emphasis = Emphasis()
    if letter.original.media_type != "application/pdf":
        data, media, name = _original(session, letter_id)
        shown = Markup(_shown_original(data, name))
        emphasis = letter_emphasis(letter, (data, media, name))
    answering = answering_context(request, session, letter, today_or(today))
    context = {
        "letter": letter,
        "emphasis": emphasis,
        "original_html": shown,
        **answering,
        **labelling_context(request),
    }
    return page(request, "letter.html", context)

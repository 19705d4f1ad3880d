"""The workflow's pages: reviews list, opening a review, a review with every action its
viewer may take (forms carry the CSRF token), issued letters, marked copies, the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reviewdesk.accounts.roles import Role
from reviewdesk.web.auth import csrf_token, principal, signed_in
from reviewdesk.web.deps import page, store_of
from reviewdesk.web.letter_response import DOCX
from reviewdesk.web.page_styles import body_of, linked
from reviewdesk.web.workflow_actions import ActionInput, find_review, follow_through, run
from reviewdesk.workflow import (
    NotAllowed,
    ReviewParticulars,
    WorkflowInputError,
    open_review,
    review_view,
    reviews_visible_to,
)
from reviewdesk.workflow.letter_render import render_docx
from reviewdesk.workflow.particulars import company_name, staff_letter
from reviewdesk.workflow.trail import entries
from reviewdesk.workflow.views import audience

pages = APIRouter(prefix="/desk", include_in_schema=False)
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1)]
MAX_UPLOAD = 50 * 1024 * 1024


def _context(request: Request, **values: Any) -> dict[str, Any]:
    return {"me": principal(request), "csrf": csrf_token(request), **values}


def pdf_letters(request: Request) -> bool:
    """Whether issued letters get a PDF (the app may turn it off where LibreOffice is absent)."""
    return bool(getattr(request.app.state, "letter_pdf", True))


@pages.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request) -> HTMLResponse:
    """The reviews this person may see (the anonymous: released ones)."""
    who = principal(request)
    with store_of(request).session() as session:
        rows = [
            {
                "id": r.id,
                "company": company_name(r),
                "form": r.form,
                "state": r.state,
                "file_number": r.file_number,
                "opened": r.opened_at.date().isoformat(),
            }
            for r in reviews_visible_to(session, who)
        ]
    can_open = who is not None and who.role in (Role.reviewer, Role.supervisor)
    return page(request, "workflow/reviews.html", _context(request, rows=rows, can_open=can_open))


@pages.get("/reviews/new", response_class=HTMLResponse)
def new_review_page(request: Request) -> HTMLResponse:
    """The form that opens a review (reviewers only)."""
    who = signed_in(request)
    if who.role not in (Role.reviewer, Role.supervisor):
        raise HTTPException(404, "no such page")
    return page(request, "workflow/new.html", _context(request, error=None))


@pages.post("/reviews", response_model=None)
async def create_review(
    request: Request,
    filing: Annotated[UploadFile, File()],
    cik: Annotated[str, Form()],
    company: Annotated[str, Form()],
    form: Annotated[str, Form()],
    filed: Annotated[dt.date, Form()],
    file_number: Annotated[str, Form()],
    addressee: Annotated[str, Form()],
    scope: Annotated[str, Form()] = "full",
    addressee_title: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "",
    office: Annotated[str, Form()] = "",
    contacts: Annotated[str, Form()] = "",
    signatory: Annotated[str, Form()] = "",
    signatory_title: Annotated[str, Form()] = "",
) -> Response:
    """Open a review of the uploaded filing; contacts are 'Name, 202-551-0000' lines."""
    who = signed_in(request)
    data = await filing.read(MAX_UPLOAD + 1)
    people = [
        (name.strip(), phone.strip())
        for line in contacts.splitlines()
        if "," in line
        for name, phone in [line.rsplit(",", 1)]
    ]
    particulars = ReviewParticulars(
        cik=cik,
        company=company,
        form=form,
        filed=filed,
        file_number=file_number,
        addressee=addressee,
        addressee_title=addressee_title,
        address=address.splitlines(),
        scope=scope,
        office=office,
        contacts=people,
        signatory=signatory,
        signatory_title=signatory_title,
    )
    try:
        if len(data) > MAX_UPLOAD:
            raise WorkflowInputError(f"{filing.filename}: larger than {MAX_UPLOAD:,} bytes")
        with store_of(request).write() as session:
            review_id = open_review(session, who, particulars, data, filing.filename or "filing").id
    except NotAllowed as exc:
        raise HTTPException(404, "no such page") from exc
    except (WorkflowInputError, ValueError) as exc:
        return page(request, "workflow/new.html", _context(request, error=str(exc)), 422)
    return RedirectResponse(f"/desk/reviews/{review_id}", status_code=303)


@pages.get("/reviews/{review_id}", response_class=HTMLResponse)
def review_page(request: Request, review_id: ReviewId) -> HTMLResponse:
    """One review as its viewer may see it, with the forms of the actions open to them."""
    return page(request, "workflow/review.html", _review_context(request, review_id))


def _review_context(request: Request, review_id: int, error: str | None = None) -> dict[str, Any]:
    who = principal(request)
    with store_of(request).session() as session:
        review = find_review(session, who, review_id)
        view = review_view(session, who, review, dt.date.today())
    return _context(request, review=view, error=error)


@pages.post("/reviews/{review_id}/act/{action}", response_model=None)
async def act(request: Request, review_id: ReviewId, action: str) -> Response:
    """Take one action from a form of the review page, then show the page again."""
    form = await request.form()
    upload = form.get("upload")
    given = ActionInput(
        comment_id=int(str(form["comment_id"]))
        if str(form.get("comment_id", "")).isdigit()
        else None,
        text=str(form.get("text", "")),
        passage=str(form.get("passage", "")),
        move=str(form.get("move", "")),
        pdf=pdf_letters(request),
    )
    key = str(form.get("key", ""))
    if key:
        caption, _, page_ref = key.partition("|")
        given.caption, given.page = caption or None, page_ref or None
    if upload is not None and not isinstance(upload, str):
        given.upload = (await upload.read(MAX_UPLOAD + 1), upload.filename or "amendment")
    who = principal(request)
    try:
        with store_of(request).write() as session:
            run(session, who, review_id, action, given)
        follow_through(store_of(request), who, review_id, action)
    except HTTPException as exc:
        if exc.status_code in (409, 422, 403):
            context = _review_context(request, review_id, error=str(exc.detail))
            return page(request, "workflow/review.html", context, exc.status_code)
        raise
    anchor = f"#comment-{given.comment_id}" if given.comment_id else ""
    return RedirectResponse(f"/desk/reviews/{review_id}{anchor}", status_code=303)


@pages.get("/reviews/{review_id}/rounds/{number}/letter.{kind}", response_model=None)
def letter(request: Request, review_id: ReviewId, number: int, kind: str) -> Response:
    """An issued letter as HTML, PDF (when LibreOffice was there to make it) or DOCX."""
    who = principal(request)
    with store_of(request).session() as session:
        review = find_review(session, who, review_id)
        round_ = next((r for r in review.rounds if r.number == number), None)
        if round_ is None or round_.letter_date is None:
            raise HTTPException(404, f"review {review_id} has no issued letter {number}")
        if kind == "html" and round_.letter_html:
            return HTMLResponse(linked(round_.letter_html, "letter.css"))
        if kind == "pdf" and round_.letter_pdf:
            name = f"review-{review_id}-letter-{number}.pdf"
            return Response(
                round_.letter_pdf,
                media_type="application/pdf",
                headers={"content-disposition": f'inline; filename="{name}"'},
            )
        if kind == "docx":
            name = f"review-{review_id}-letter-{number}.docx"
            return Response(
                render_docx(staff_letter(review, round_, round_.letter_date)),
                media_type=DOCX,
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )
    raise HTTPException(404, f"letter {number} of review {review_id} has no {kind} copy")


@pages.get("/reviews/{review_id}/filings/{version}/marked-copy", response_class=HTMLResponse)
def marked_copy(request: Request, review_id: ReviewId, version: int) -> HTMLResponse:
    """The marked copy of an amendment against the version before (parties and staff)."""
    who = principal(request)
    with store_of(request).session() as session:
        review = find_review(session, who, review_id)
        if audience(who, review) == "public":
            raise HTTPException(404, "marked copies are not public")
        found = next((f for f in review.filings if f.version == version), None)
        if found is None or found.marked_copy_html is None:
            raise HTTPException(404, f"review {review_id} has no marked copy {version}")
        marked = body_of(found.marked_copy_html)
    return page(
        request,
        "workflow/marked_copy.html",
        _context(request, review_id=review_id, version=version, marked=marked),
    )


@pages.get("/reviews/{review_id}/audit", response_class=HTMLResponse)
def audit_page(request: Request, review_id: ReviewId) -> HTMLResponse:
    """The review's audit log (staff only; others are told it does not exist)."""
    who = principal(request)
    with store_of(request).session() as session:
        review = find_review(session, who, review_id)
        if who is None or not who.role.staff:
            raise HTTPException(404, f"no audit log of review {review_id} that you can see")
        rows = [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "actor": e.actor,
                "action": e.action,
                "detail": e.detail,
            }
            for e in entries(session, review.id)
        ]
    return page(request, "workflow/audit.html", _context(request, review_id=review_id, rows=rows))


__all__ = ["pages"]

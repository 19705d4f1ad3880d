"""The reviewers' side: open a review of an uploaded filing, write and arrange comments, and
issue the letter once it is signed off (rendered, checked to read back, dated, due date set)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.accounts.users import company_for_cik
from reviewdesk.record.audit import now
from reviewdesk.reviews.calendar import response_due
from reviewdesk.workflow.errors import NotAllowed, NotFound, WorkflowInputError
from reviewdesk.workflow.filing import read_filing
from reviewdesk.workflow.letter_model import normal_text
from reviewdesk.workflow.letter_render import mismatches, read_back, render_html, render_pdf
from reviewdesk.workflow.machine import Action, State
from reviewdesk.workflow.particulars import staff_letter
from reviewdesk.workflow.schema import (
    AuthoredComment,
    AuthoredReview,
    AuthoredRound,
    FilingVersion,
)
from reviewdesk.workflow.statuses import CommentStatus, RoundKind
from reviewdesk.workflow.trail import record
from reviewdesk.workflow.transition import Step, transition

SCOPES = ("full", "financial", "targeted")
DEFAULT_RELEASE_DAYS = 20


@dataclass(slots=True)
class ReviewParticulars:
    """What a reviewer says when opening a review: company, filing, addressee, staff."""

    cik: str
    company: str
    form: str
    filed: dt.date
    file_number: str
    addressee: str
    addressee_title: str = ""
    address: list[str] = field(default_factory=list)
    scope: str = "full"
    office: str = ""
    contacts: list[tuple[str, str]] = field(default_factory=list)
    signatory: str = ""
    signatory_title: str = ""
    release_after_days: int = DEFAULT_RELEASE_DAYS


def open_review(
    session: Session,
    principal: Principal,
    particulars: ReviewParticulars,
    filing: bytes,
    filing_name: str,
) -> AuthoredReview:
    """Open a review of an uploaded filing: its captions and pages are read, round 1 starts."""
    if principal.role not in (Role.reviewer, Role.supervisor):
        raise NotAllowed(f"a {principal.role.value} cannot open a review; ask a reviewer")
    if particulars.scope not in SCOPES:
        raise WorkflowInputError(f"scope {particulars.scope!r} is not one of {', '.join(SCOPES)}")
    for name in ("company", "form", "file_number", "addressee"):
        if not str(getattr(particulars, name)).strip():
            raise WorkflowInputError(f"the review needs a {name.replace('_', ' ')}")
    reading = read_filing(filing, filing_name)
    company = company_for_cik(session, particulars.cik)
    company.name = company.name or particulars.company
    review = AuthoredReview(
        company_id=company.id,
        company_name=" ".join(particulars.company.split()),
        state=State.drafting,
        scope=particulars.scope,
        form=particulars.form.strip(),
        filed=particulars.filed,
        file_number=particulars.file_number.strip(),
        addressee=particulars.addressee.strip(),
        addressee_title=particulars.addressee_title.strip(),
        address=[line.strip() for line in particulars.address if line.strip()],
        office=particulars.office.strip(),
        contacts=[{"name": n, "phone": p} for n, p in particulars.contacts],
        signatory=particulars.signatory.strip(),
        signatory_title=particulars.signatory_title.strip(),
        opened_by=principal.username,
        opened_at=now(),
        release_after_days=particulars.release_after_days,
    )
    session.add(review)
    session.flush()
    session.add(
        FilingVersion(
            review_id=review.id,
            version=0,
            name=filing_name,
            media_type=reading.media_type,
            sha256=hashlib.sha256(filing).hexdigest(),
            content=filing,
            pages=reading.pages,
            captions=[c.to_dict() for c in reading.captions],
            uploaded_by=principal.username,
            uploaded_at=now(),
        )
    )
    session.add(AuthoredRound(review_id=review.id, number=1, kind=RoundKind.comments))
    session.flush()
    record(
        session,
        principal,
        review.id,
        "open",
        filing=filing_name,
        scope=review.scope,
        captions=len(reading.captions),
        pages=reading.pages,
    )
    return review


def current_round(review: AuthoredReview) -> AuthoredRound:
    """The review's latest round."""
    return review.rounds[-1]


def _comment(review: AuthoredReview, comment_id: int) -> AuthoredComment:
    for round_ in review.rounds:
        for comment in round_.comments:
            if comment.id == comment_id:
                return comment
    raise NotFound(f"review {review.id} has no comment {comment_id}")


def _draft_comment(step: Step, comment_id: int) -> AuthoredComment:
    comment = _comment(step.review, comment_id)
    if comment.status != CommentStatus.draft:
        raise step.refused(
            f"comment {comment.number} was issued on {comment.round.letter_date}; write a "
            "follow-up comment in the next round instead"
        )
    return comment


def _clean_key(caption: str | None, page: str | None) -> tuple[str | None, str | None]:
    caption = " ".join(caption.split()) if caption and caption.strip() else None
    page = page.strip() if page and page.strip() else None
    if page is not None and caption is None:
        raise WorkflowInputError("a page needs a caption; pick a caption, or neither")
    return caption, page


def write_comment(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    text: str,
    caption: str | None = None,
    page: str | None = None,
) -> AuthoredComment:
    """Add a draft comment at the end of the current letter (no caption: the whole filing)."""
    with transition(session, principal, review, Action.write_comment) as step:
        body = normal_text(text)
        if not body:
            raise WorkflowInputError("the comment has no text; write what the company should do")
        caption, page = _clean_key(caption, page)
        round_ = current_round(review)
        comment = AuthoredComment(
            round_id=round_.id,
            position=len(round_.comments) + 1,
            caption=caption,
            page=page,
            text=body,
            status=CommentStatus.draft,
            written_by=principal.username,
            updated_at=now(),
        )
        round_.comments.append(comment)
        session.flush()
        step.audit("comment_written", comment=comment.id, caption=caption, page=page, text=body)
    return comment


def edit_comment(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    comment_id: int,
    text: str,
    caption: str | None = None,
    page: str | None = None,
) -> AuthoredComment:
    """Change a draft comment's text, caption or page."""
    with transition(session, principal, review, Action.edit_comment) as step:
        comment = _draft_comment(step, comment_id)
        body = normal_text(text)
        if not body:
            raise WorkflowInputError("the comment has no text; delete it instead")
        caption, page = _clean_key(caption, page)
        before = {"text": comment.text, "caption": comment.caption, "page": comment.page}
        comment.text, comment.caption, comment.page = body, caption, page
        comment.updated_at = now()
        step.audit(
            "comment_edited",
            comment=comment.id,
            before=before,
            after={"text": body, "caption": caption, "page": page},
        )
    return comment


def delete_comment(
    session: Session, principal: Principal, review: AuthoredReview, comment_id: int
) -> None:
    """Remove a draft comment; the others close up."""
    with transition(session, principal, review, Action.delete_comment) as step:
        comment = _draft_comment(step, comment_id)
        round_ = comment.round
        round_.comments.remove(comment)
        session.delete(comment)
        for position, other in enumerate(round_.comments, start=1):
            other.position = position
        step.audit("comment_deleted", comment=comment_id, text=comment.text)


def reorder_comments(
    session: Session, principal: Principal, review: AuthoredReview, order: list[int]
) -> None:
    """Put the current letter's draft comments in the order of the ids given."""
    with transition(session, principal, review, Action.reorder_comments) as step:
        round_ = current_round(review)
        ids = [c.id for c in round_.comments]
        if sorted(order) != sorted(ids):
            raise WorkflowInputError(
                f"the new order {order} must list each comment of the letter once: {ids}"
            )
        by_id = {c.id: c for c in round_.comments}
        for position, comment_id in enumerate(order, start=1):
            by_id[comment_id].position = position
        round_.comments.sort(key=lambda c: c.position)
        step.audit("comments_reordered", order=order)


def issue(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    *,
    today: dt.date | None = None,
    pdf: bool = True,
) -> AuthoredRound:
    """Issue the signed-off letter: number the comments, render HTML (and PDF), check that
    both read back to exactly these comments, date it and set the answer's due date."""
    with transition(session, principal, review, Action.issue) as step:
        round_ = current_round(review)
        if round_.kind == RoundKind.completion:
            raise step.refused(
                "the signed-off letter is the completion letter; complete the review"
            )
        day = today or dt.date.today()
        for number, comment in enumerate(round_.comments, start=1):
            comment.number = number
        letter = staff_letter(review, round_, day)
        html_text = render_html(letter)
        problems = mismatches(letter, read_back(html_text.encode("utf-8"), "letter.htm"))
        pdf_bytes = render_pdf(letter) if pdf else None
        if pdf_bytes is not None:
            problems += [
                f"PDF: {p}" for p in mismatches(letter, read_back(pdf_bytes, "letter.pdf"))
            ]
        if problems:
            for comment in round_.comments:
                comment.number = None
            raise WorkflowInputError(
                "the letter would not read back as written, so it was not issued: "
                + "; ".join(problems)
                + ". Rephrase the caption or paragraph named and issue again."
            )
        for comment in round_.comments:
            comment.status = CommentStatus.issued
        round_.letter_date, round_.due = day, response_due(day)
        round_.letter_html, round_.letter_pdf = html_text, pdf_bytes
        round_.issued_by = principal.username
        step.audit(
            "letter_issued",
            round=round_.number,
            date=day.isoformat(),
            due=round_.due.isoformat(),
            comments=len(round_.comments),
        )
    return round_

"""The reviewers read the response: resolve each comment or follow it up in the next round,
or, once a supervising reviewer has signed the completion letter off, issue it and close the
review; after the quiet period, release it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.audit import now
from reviewdesk.reviews.calendar import add_business_days
from reviewdesk.workflow.authoring import current_round
from reviewdesk.workflow.errors import NotFound, WorkflowInputError
from reviewdesk.workflow.letter_model import normal_text
from reviewdesk.workflow.letter_render import mismatches, read_back, render_html, render_pdf
from reviewdesk.workflow.machine import Action
from reviewdesk.workflow.particulars import staff_letter
from reviewdesk.workflow.schema import AuthoredComment, AuthoredReview, AuthoredRound
from reviewdesk.workflow.statuses import CommentStatus, RoundKind
from reviewdesk.workflow.transition import transition


def answered_round(review: AuthoredReview) -> AuthoredRound:
    """The round whose response is being read (the last one with a submitted response)."""
    answered = [r for r in review.rounds if r.submitted_at is not None]
    return answered[-1]


def completion_blocker(review: AuthoredReview) -> str | None:
    """Why the review cannot be closed yet (a comment not resolved, follow-ups drafted), or
    None when the completion letter may be written."""
    answered = answered_round(review)
    pending = [c.number or 0 for c in answered.comments if c.status != CommentStatus.resolved]
    if pending:
        return "comments " + ", ".join(map(str, pending)) + " are not resolved"
    if current_round(review) is not answered:
        return "follow-up comments are drafted; start the next round"
    return None


def _issued_comment(review: AuthoredReview, comment_id: int) -> AuthoredComment:
    round_ = answered_round(review)
    for comment in round_.comments:
        if comment.id == comment_id:
            return comment
    raise NotFound(f"comment {comment_id} is not in the letter review {review.id} answered")


def resolve_comment(
    session: Session, principal: Principal, review: AuthoredReview, comment_id: int
) -> AuthoredComment:
    """Mark an answered comment resolved."""
    with transition(session, principal, review, Action.resolve_comment) as step:
        comment = _issued_comment(review, comment_id)
        if comment.status == CommentStatus.followed_up:
            raise step.refused(f"comment {comment.number} has a follow-up; delete it first")
        comment.status = CommentStatus.resolved
        step.audit("comment_resolved", comment=comment.id, number=comment.number)
    return comment


def follow_up(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    comment_id: int,
    text: str,
    caption: str | None = None,
    page: str | None = None,
) -> AuthoredComment:
    """Write a follow-up comment, linked to the answered one, into the next letter's draft."""
    with transition(session, principal, review, Action.follow_up) as step:
        target = _issued_comment(review, comment_id)
        body = normal_text(text)
        if not body:
            raise WorkflowInputError("the follow-up has no text; say what remains to be done")
        round_ = current_round(review)
        if round_.submitted_at is not None:
            round_ = AuthoredRound(
                review_id=review.id, number=round_.number + 1, kind=RoundKind.comments
            )
            review.rounds.append(round_)
            session.flush()
        comment = AuthoredComment(
            round_id=round_.id,
            position=len(round_.comments) + 1,
            caption=caption if caption is not None else target.caption,
            page=page if page is not None else target.page,
            text=body,
            status=CommentStatus.draft,
            follow_up_of_id=target.id,
            written_by=principal.username,
            updated_at=now(),
        )
        round_.comments.append(comment)
        target.status = CommentStatus.followed_up
        session.flush()
        step.audit(
            "follow_up_written",
            comment=comment.id,
            follows=target.id,
            number=target.number,
            text=body,
        )
    return comment


def next_round(session: Session, principal: Principal, review: AuthoredReview) -> AuthoredRound:
    """Start writing the next letter: every answered comment resolved or followed up."""
    with transition(session, principal, review, Action.next_round) as step:
        answered = answered_round(review)
        open_numbers = [
            c.number or 0 for c in answered.comments if c.status == CommentStatus.issued
        ]
        if open_numbers:
            raise step.refused(
                "resolve or follow up comments " + ", ".join(map(str, open_numbers)) + " first"
            )
        round_ = current_round(review)
        if round_ is answered:
            raise step.refused("no comment was followed up; complete the review instead")
        step.audit("round_started", round=round_.number)
    return round_


def complete(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    *,
    today: dt.date | None = None,
    pdf: bool = True,
) -> AuthoredRound:
    """Issue the completion letter a supervising reviewer signed off, and close the review."""
    with transition(session, principal, review, Action.complete) as step:
        round_ = current_round(review)
        if round_.kind != RoundKind.completion:
            raise step.refused("the signed-off letter is a comment letter; issue it")
        day = today or dt.date.today()
        letter = staff_letter(review, round_, day)
        html_text = render_html(letter)
        pdf_bytes = render_pdf(letter) if pdf else None
        problems = mismatches(letter, read_back(html_text.encode("utf-8"), "completion.htm"))
        if problems:
            raise WorkflowInputError(
                "the completion letter would not read back: " + "; ".join(problems)
            )
        round_.letter_date, round_.letter_html, round_.letter_pdf = day, html_text, pdf_bytes
        round_.issued_by = principal.username
        review.completed_on = day
        step.audit("review_closed", date=day.isoformat())
    return round_


def release_date(review: AuthoredReview) -> dt.date | None:
    """When a closed review may be released: N business days after completion."""
    if review.completed_on is None:
        return None
    return add_business_days(review.completed_on, review.release_after_days)


def release(
    session: Session,
    principal: Principal | None,
    review: AuthoredReview,
    *,
    today: dt.date | None = None,
) -> None:
    """Make the correspondence public (principal None: the scheduled release)."""
    with transition(session, principal, review, Action.release) as step:
        day = today or dt.date.today()
        due = release_date(review)
        if due is None or day < due:
            raise step.refused(
                f"it may be released from {due} ({review.release_after_days} "
                f"business days after completion on {review.completed_on})"
            )
        review.released_on = day
        step.audit("released", date=day.isoformat())

"""The reviewers read the response: resolve each comment or follow it up in the next round,
or issue the completion letter and close the review; after the quiet period, release it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.audit import now
from reviewdesk.reviews.calendar import add_business_days
from reviewdesk.workflow.access import require
from reviewdesk.workflow.authoring import current_round
from reviewdesk.workflow.errors import NotFound, WorkflowInputError
from reviewdesk.workflow.letter_model import normal_text
from reviewdesk.workflow.letter_render import mismatches, read_back, render_html, render_pdf
from reviewdesk.workflow.machine import Action, IllegalTransition, State, check
from reviewdesk.workflow.particulars import staff_letter
from reviewdesk.workflow.schema import AuthoredComment, AuthoredReview, AuthoredRound
from reviewdesk.workflow.trail import record


def _answered_round(review: AuthoredReview) -> AuthoredRound:
    """The round whose response is being read (the last one with a submitted response)."""
    answered = [r for r in review.rounds if r.submitted_at is not None]
    return answered[-1]


def _issued_comment(review: AuthoredReview, comment_id: int) -> AuthoredComment:
    round_ = _answered_round(review)
    for comment in round_.comments:
        if comment.id == comment_id:
            return comment
    raise NotFound(f"comment {comment_id} is not in the letter review {review.id} answered")


def resolve_comment(
    session: Session, principal: Principal, review: AuthoredReview, comment_id: int
) -> AuthoredComment:
    """Mark an answered comment resolved."""
    require(principal, review, Action.resolve_comment)
    check(review.id, State(review.state), Action.resolve_comment)
    comment = _issued_comment(review, comment_id)
    if comment.status == "followed_up":
        raise IllegalTransition(
            review.id,
            State(review.state),
            Action.resolve_comment,
            f"comment {comment.number} has a follow-up; delete it first",
        )
    comment.status = "resolved"
    record(
        session, principal, review.id, "comment_resolved", comment=comment.id, number=comment.number
    )
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
    require(principal, review, Action.follow_up)
    check(review.id, State(review.state), Action.follow_up)
    target = _issued_comment(review, comment_id)
    body = normal_text(text)
    if not body:
        raise WorkflowInputError("the follow-up has no text; say what remains to be done")
    round_ = current_round(review)
    if round_.submitted_at is not None:
        round_ = AuthoredRound(review_id=review.id, number=round_.number + 1, kind="comments")
        review.rounds.append(round_)
        session.flush()
    comment = AuthoredComment(
        round_id=round_.id,
        position=len(round_.comments) + 1,
        caption=caption if caption is not None else target.caption,
        page=page if page is not None else target.page,
        text=body,
        status="draft",
        follow_up_of_id=target.id,
        written_by=principal.username,
        updated_at=now(),
    )
    round_.comments.append(comment)
    target.status = "followed_up"
    session.flush()
    record(
        session,
        principal,
        review.id,
        "follow_up_written",
        comment=comment.id,
        follows=target.id,
        number=target.number,
        text=body,
    )
    return comment


def _unsettled(round_: AuthoredRound) -> list[int]:
    return [c.number or 0 for c in round_.comments if c.status == "issued"]


def next_round(session: Session, principal: Principal, review: AuthoredReview) -> AuthoredRound:
    """Start writing the next letter: every answered comment resolved or followed up."""
    require(principal, review, Action.next_round)
    state = check(review.id, State(review.state), Action.next_round)
    answered = _answered_round(review)
    open_numbers = _unsettled(answered)
    if open_numbers:
        raise IllegalTransition(
            review.id,
            State(review.state),
            Action.next_round,
            "resolve or follow up comments " + ", ".join(map(str, open_numbers)) + " first",
        )
    round_ = current_round(review)
    if round_ is answered:
        raise IllegalTransition(
            review.id,
            State(review.state),
            Action.next_round,
            "no comment was followed up; complete the review instead",
        )
    review.state = state.value
    record(session, principal, review.id, "round_started", round=round_.number)
    return round_


def complete(
    session: Session,
    principal: Principal,
    review: AuthoredReview,
    *,
    today: dt.date | None = None,
    pdf: bool = True,
) -> AuthoredRound:
    """Issue the completion letter and close the review: every comment must be resolved."""
    require(principal, review, Action.complete)
    state = check(review.id, State(review.state), Action.complete)
    answered = _answered_round(review)
    pending = [c.number or 0 for c in answered.comments if c.status != "resolved"]
    if pending or current_round(review) is not answered:
        raise IllegalTransition(
            review.id,
            State(review.state),
            Action.complete,
            "comments " + ", ".join(map(str, pending)) + " are not resolved"
            if pending
            else "follow-up comments are drafted; start the next round",
        )
    day = today or dt.date.today()
    round_ = AuthoredRound(review_id=review.id, number=answered.number + 1, kind="completion")
    review.rounds.append(round_)
    session.flush()
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
    review.state = state.value
    record(session, principal, review.id, "review_closed", date=day.isoformat())
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
    if principal is not None:
        require(principal, review, Action.release)
    state = check(review.id, State(review.state), Action.release)
    day = today or dt.date.today()
    due = release_date(review)
    if due is None or day < due:
        raise IllegalTransition(
            review.id,
            State(review.state),
            Action.release,
            f"it may be released from {due} ({review.release_after_days} "
            f"business days after completion on {review.completed_on})",
        )
    review.released_on = day
    review.state = state.value
    record(session, principal, review.id, "released", date=day.isoformat())

"""A supervising reviewer approves each letter before it goes out: a comment letter (signed
off by a supervisor who wrote none of its comments) and the completion letter that closes the
review alike; or takes the approval back so the letter can change."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.audit import now
from reviewdesk.workflow.authoring import current_round
from reviewdesk.workflow.deciding import answered_round, completion_blocker
from reviewdesk.workflow.errors import NotAllowed
from reviewdesk.workflow.machine import Action, State
from reviewdesk.workflow.schema import AuthoredReview, AuthoredRound
from reviewdesk.workflow.statuses import RoundKind
from reviewdesk.workflow.transition import Step, transition


def sign_off(session: Session, principal: Principal, review: AuthoredReview) -> None:
    """Approve the letter being written (drafting), or, once the response is read and every
    comment resolved (responded), the completion letter, which this starts."""
    with transition(session, principal, review, Action.sign_off) as step:
        if review.state == State.responded:
            round_ = _completion_letter(session, step)
        else:
            round_ = current_round(review)
            if not round_.comments:
                raise step.refused("the letter has no comments yet; write them first")
            authors = {c.written_by for c in round_.comments}
            if principal.username in authors:
                raise NotAllowed(
                    f"{principal.username} wrote comments of this letter; a second supervising "
                    "reviewer must sign it off"
                )
        round_.signed_off_by, round_.signed_off_at = principal.username, now()
        step.audit("signed_off", round=round_.number)


def _completion_letter(session: Session, step: Step) -> AuthoredRound:
    """The completion letter's round, started now: refused while the review cannot close."""
    review = step.review
    blocker = completion_blocker(review)
    if blocker is not None:
        raise step.refused(blocker)
    round_ = AuthoredRound(
        review_id=review.id, number=answered_round(review).number + 1, kind=RoundKind.completion
    )
    review.rounds.append(round_)
    session.flush()
    return round_


def withdraw_sign_off(session: Session, principal: Principal, review: AuthoredReview) -> None:
    """Take the sign-off back so the letter can be changed; a completion letter is withdrawn
    whole and the review is back where the response was read."""
    with transition(session, principal, review, Action.withdraw_sign_off) as step:
        round_ = current_round(review)
        if round_.kind == RoundKind.completion:
            review.rounds.remove(round_)
            session.delete(round_)
            step.to = State.responded
        else:
            round_.signed_off_by, round_.signed_off_at = None, None
        step.audit("sign_off_withdrawn", round=round_.number)

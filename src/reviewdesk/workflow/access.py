"""Who sees which authored review, and who may act in it.

Reviewers, supervising reviewers and administrators see every review; a company user sees
their company's reviews, outside counsel the reviews they are named on; anyone, signed in or
not, sees a released review. A review someone may not see is NotFound, never "forbidden", so
its existence does not leak.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.accounts.schema import User
from reviewdesk.accounts.users import principal_of
from reviewdesk.workflow.errors import NotAllowed, NotFound
from reviewdesk.workflow.machine import Action, State
from reviewdesk.workflow.schema import AuthoredReview, ReviewCounsel

STAFF_ACTIONS = frozenset(
    {
        Action.write_comment,
        Action.edit_comment,
        Action.delete_comment,
        Action.reorder_comments,
        Action.issue,
        Action.resolve_comment,
        Action.follow_up,
        Action.next_round,
        Action.complete,
    }
)
SUPERVISOR_ACTIONS = frozenset({Action.sign_off, Action.withdraw_sign_off})
SYSTEM_ACTIONS = frozenset({Action.release})
"""Actions the system itself takes (the scheduled release), with no person acting."""
COMPANY_ACTIONS = frozenset(
    {Action.save_answer, Action.mark_confidential, Action.file_amendment, Action.submit_response}
)


def load_principal(session: Session, user: User) -> Principal:
    """The acting person for a user, with the reviews counsel are named on."""
    reviews: list[int] = []
    if user.role == Role.counsel.value:
        reviews = list(
            session.scalars(select(ReviewCounsel.review_id).where(ReviewCounsel.user_id == user.id))
        )
    return principal_of(user, reviews)


def can_see(principal: Principal | None, review: AuthoredReview) -> bool:
    """Whether this person (None: anonymous) may read the review at all."""
    if review.state == State.released.value:
        return True
    if principal is None:
        return False
    if principal.role.staff:
        return True
    if principal.role is Role.company:
        return principal.company_id == review.company_id
    return review.id in principal.review_ids


def visible_review(session: Session, principal: Principal | None, review_id: int) -> AuthoredReview:
    """The review, if it exists and this person may see it; else NotFound."""
    review = session.get(AuthoredReview, review_id)
    if review is None or not can_see(principal, review):
        raise NotFound(f"no review {review_id} that you can see")
    return review


def reviews_visible_to(session: Session, principal: Principal | None) -> list[AuthoredReview]:
    """Every review this person may see, newest first."""
    query = select(AuthoredReview).order_by(AuthoredReview.id.desc())
    if principal is None:
        query = query.where(AuthoredReview.state == State.released.value)
    elif principal.role is Role.company:
        query = query.where(
            (AuthoredReview.company_id == principal.company_id)
            | (AuthoredReview.state == State.released.value)
        )
    elif principal.role is Role.counsel:
        query = query.where(
            AuthoredReview.id.in_(principal.review_ids)
            | (AuthoredReview.state == State.released.value)
        )
    return list(session.scalars(query))


def may_act(principal: Principal | None, review: AuthoredReview, action: Action) -> bool:
    """Whether this person's role lets them take `action` in a review they can see."""
    if principal is None or not can_see(principal, review):
        return False
    if action is Action.release:
        return principal.role.staff
    if action in SUPERVISOR_ACTIONS:
        return principal.role is Role.supervisor
    if action in STAFF_ACTIONS:
        return principal.role in (Role.reviewer, Role.supervisor)
    if action in COMPANY_ACTIONS:
        return principal.role.company_side and (
            principal.company_id == review.company_id or review.id in principal.review_ids
        )
    return False


def require(principal: Principal | None, review: AuthoredReview, action: Action) -> Principal:
    """The principal, when they may take `action`; NotFound if they cannot see the review,
    NotAllowed if their role may not act."""
    if (
        principal is None
        or not can_see(principal, review)
        or (
            review.state == State.released.value
            and not principal.role.staff
            and not (principal.company_id == review.company_id or review.id in principal.review_ids)
        )
    ):
        raise NotFound(f"no review {review.id} that you can see")
    if not may_act(principal, review, action):
        raise NotAllowed(
            f"a {principal.role.value} cannot {action.value.replace('_', ' ')} "
            f"in review {review.id}; ask a "
            + (
                "supervising reviewer"
                if action in SUPERVISOR_ACTIONS
                else "company user or counsel"
                if action in COMPANY_ACTIONS
                else "reviewer"
            )
        )
    return principal

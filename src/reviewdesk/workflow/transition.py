"""The one way an action happens to an authored review: who may act and whether the review's
state allows it are checked before anything changes, and the state it moves to and its audit
entry are written together once the action's own work is done.

    with transition(session, principal, review, Action.write_comment) as step:
        ...                                   # the action's own checks and changes
        step.audit("comment_written", comment=comment.id)

An error raised inside the block leaves the review's state as it was and writes no entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.workflow.access import SYSTEM_ACTIONS, require
from reviewdesk.workflow.machine import Action, IllegalTransition, State, check
from reviewdesk.workflow.schema import AuthoredReview
from reviewdesk.workflow.trail import record


@dataclass(slots=True)
class Step:
    """One action under way: where it will leave the review, and what the audit log says."""

    review: AuthoredReview
    action: Action
    to: State
    event: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    unchanged: bool = False

    def audit(self, event: str, **detail: Any) -> None:
        """The audit entry to write (`workflow.<event>`, with these details)."""
        self.event, self.detail = event, detail

    def nothing_changed(self) -> None:
        """The action found nothing to do (an unchanged answer): no entry, no move."""
        self.unchanged = True

    def refused(self, reason: str) -> IllegalTransition:
        """The error for this action refused in the review's present state, saying why."""
        return IllegalTransition(self.review.id, State(self.review.state), self.action, reason)


@contextmanager
def transition(
    session: Session, principal: Principal | None, review: AuthoredReview, action: Action
) -> Iterator[Step]:
    """Check that `principal` may take `action` (None: the system, for system actions only)
    and that the review's state allows it; run the block; then move the review to the
    action's next state and write the audit entry the block named."""
    if principal is not None or action not in SYSTEM_ACTIONS:
        require(principal, review, action)
    step = Step(review, action, check(review.id, State(review.state), action))
    yield step
    if step.unchanged:
        return
    if step.event is None:
        raise RuntimeError(f"{action.value} finished without naming its audit entry")
    review.state = step.to
    record(session, principal, review.id, step.event, **step.detail)

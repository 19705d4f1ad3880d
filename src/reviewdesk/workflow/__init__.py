"""Run a review in the desk: an explicit state machine from opening a review of an uploaded
filing to releasing its correspondence, with roles, visibility and an audit entry per action."""

from reviewdesk.workflow.access import can_see, load_principal, reviews_visible_to, visible_review
from reviewdesk.workflow.answering import (
    file_amendment,
    mark_confidential,
    save_answer,
    submit_response,
)
from reviewdesk.workflow.authoring import (
    ReviewParticulars,
    current_round,
    delete_comment,
    edit_comment,
    issue,
    open_review,
    reorder_comments,
    write_comment,
)
from reviewdesk.workflow.deciding import complete, follow_up, next_round, release, resolve_comment
from reviewdesk.workflow.errors import NotAllowed, NotFound, WorkflowInputError
from reviewdesk.workflow.machine import Action, IllegalTransition, State
from reviewdesk.workflow.signing import sign_off, withdraw_sign_off
from reviewdesk.workflow.statuses import CommentStatus, RoundKind
from reviewdesk.workflow.transition import transition
from reviewdesk.workflow.views import review_view

__all__ = [
    "Action",
    "CommentStatus",
    "IllegalTransition",
    "NotAllowed",
    "NotFound",
    "ReviewParticulars",
    "RoundKind",
    "State",
    "WorkflowInputError",
    "can_see",
    "complete",
    "current_round",
    "delete_comment",
    "edit_comment",
    "file_amendment",
    "follow_up",
    "issue",
    "load_principal",
    "mark_confidential",
    "next_round",
    "open_review",
    "release",
    "reorder_comments",
    "resolve_comment",
    "review_view",
    "reviews_visible_to",
    "save_answer",
    "sign_off",
    "submit_response",
    "transition",
    "visible_review",
    "withdraw_sign_off",
    "write_comment",
]

"""The workflow of an authored review as an explicit state machine.

States: drafting (comments of the current round being written) -> signed_off (a supervising
reviewer approved the letter) -> issued (the company is answering) -> responded (answers
submitted; reviewers resolve or follow up) -> drafting of the next round, or signed_off again
(a supervising reviewer approved the completion letter, as every letter needs) -> closed (the
completion letter went out) -> released (public after the quiet period).
Every action names the states it is allowed in; anything else is an IllegalTransition
that names the review's state, the action, and what to do instead.
"""

from __future__ import annotations

from enum import StrEnum

from reviewdesk.errors import Conflict


class State(StrEnum):
    """Where an authored review stands."""

    drafting = "drafting"
    signed_off = "signed_off"
    issued = "issued"
    responded = "responded"
    closed = "closed"
    released = "released"


class Action(StrEnum):
    """Everything people do to an authored review."""

    write_comment = "write_comment"
    edit_comment = "edit_comment"
    delete_comment = "delete_comment"
    reorder_comments = "reorder_comments"
    sign_off = "sign_off"
    withdraw_sign_off = "withdraw_sign_off"
    issue = "issue"
    save_answer = "save_answer"
    mark_confidential = "mark_confidential"
    file_amendment = "file_amendment"
    submit_response = "submit_response"
    resolve_comment = "resolve_comment"
    follow_up = "follow_up"
    next_round = "next_round"
    complete = "complete"
    release = "release"


ALLOWED: dict[Action, frozenset[State]] = {
    Action.write_comment: frozenset({State.drafting}),
    Action.edit_comment: frozenset({State.drafting}),
    Action.delete_comment: frozenset({State.drafting}),
    Action.reorder_comments: frozenset({State.drafting}),
    Action.sign_off: frozenset({State.drafting, State.responded}),
    Action.withdraw_sign_off: frozenset({State.signed_off}),
    Action.issue: frozenset({State.signed_off}),
    Action.save_answer: frozenset({State.issued}),
    Action.mark_confidential: frozenset({State.issued}),
    Action.file_amendment: frozenset({State.issued}),
    Action.submit_response: frozenset({State.issued}),
    Action.resolve_comment: frozenset({State.responded}),
    Action.follow_up: frozenset({State.responded}),
    Action.next_round: frozenset({State.responded}),
    Action.complete: frozenset({State.signed_off}),
    Action.release: frozenset({State.closed}),
}
"""The states each action may be taken in."""

NEXT: dict[Action, State] = {
    Action.sign_off: State.signed_off,
    Action.withdraw_sign_off: State.drafting,  # responded, for a completion letter
    Action.issue: State.issued,
    Action.submit_response: State.responded,
    Action.next_round: State.drafting,
    Action.complete: State.closed,
    Action.release: State.released,
}
"""Actions that move the review to another state (the rest leave it where it is)."""

_HINTS: dict[State, str] = {
    State.drafting: "the letter is still being written; sign it off and issue it first",
    State.signed_off: "the letter is signed off; withdraw the sign-off to change it, or issue it",
    State.issued: "the letter is issued and the company is answering; wait for its response",
    State.responded: "the company has responded; resolve or follow up each comment",
    State.closed: "the review is closed; nothing more can be written in it",
    State.released: "the review is closed and released to the public; it cannot change",
}


class IllegalTransition(Conflict):
    """An action refused in the review's current state."""

    def __init__(self, review_id: int, state: State, action: Action, reason: str = "") -> None:
        self.review_id = review_id
        self.state = state
        self.action = action
        self.reason = reason or _HINTS[state]
        super().__init__(
            f"review {review_id} is {state.value}: cannot {action.value.replace('_', ' ')} "
            f"({self.reason})"
        )


def check(review_id: int, state: State, action: Action) -> State:
    """The state after `action`, or IllegalTransition when it is not allowed now."""
    if state not in ALLOWED[action]:
        raise IllegalTransition(review_id, state, action)
    return NEXT.get(action, state)

"""Every illegal transition is refused with a typed error naming the state and the action;
roles act only where they may; the review is left as it was. (Fictional data.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from reviewdesk.record import Store
from reviewdesk.workflow import (
    Action,
    IllegalTransition,
    NotAllowed,
    NotFound,
    State,
    WorkflowInputError,
    complete,
    delete_comment,
    edit_comment,
    file_amendment,
    follow_up,
    issue,
    mark_confidential,
    next_round,
    release,
    reorder_comments,
    resolve_comment,
    save_answer,
    sign_off,
    submit_response,
    withdraw_sign_off,
    write_comment,
)
from reviewdesk.workflow.machine import ALLOWED
from reviewdesk.workflow.schema import AuthoredReview
from reviewdesk.workflow.trail import entries
from tests.workflow.support import FILING_V2, LETTER_DAY, People, get, open_fictional_review


def _review_in(store: Store, people: People, state: State) -> tuple[int, int]:
    """A review brought to `state`; returns (review id, id of its first comment)."""
    review_id = open_fictional_review(store, people)
    with store.write() as session:
        review = get(session, review_id)
        comment = write_comment(
            session, people.reviewer, review, "Please revise.", "Risk Factors", "2"
        )
        comment_id = comment.id
        steps: list[Callable[[], Any]] = [
            lambda: sign_off(session, people.supervisor, review),
            lambda: issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False),
            lambda: save_answer(session, people.company, review, comment_id, "We revised it."),
            lambda: submit_response(session, people.company, review),
            lambda: resolve_comment(session, people.reviewer, review, comment_id),
            lambda: sign_off(session, people.supervisor, review),
            lambda: complete(session, people.reviewer, review, today=LETTER_DAY, pdf=False),
            lambda: release(session, None, review, today=dt.date(2026, 12, 31)),
        ]
        order = [
            State.signed_off,
            State.issued,
            State.issued,
            State.responded,
            State.responded,
            State.signed_off,
            State.closed,
            State.released,
        ]
        if state is not State.drafting:
            for step, reached in zip(steps, order, strict=True):
                step()
                if reached is state and review.state == state.value:
                    break
        assert review.state == state.value
    return review_id, comment_id


def _attempt(
    action: Action, session: Session, people: People, review: AuthoredReview, comment_id: int
) -> None:
    staff, company = people.reviewer, people.company
    calls: dict[Action, Callable[[], Any]] = {
        Action.write_comment: lambda: write_comment(session, staff, review, "More.", None, None),
        Action.edit_comment: lambda: edit_comment(session, staff, review, comment_id, "Changed."),
        Action.delete_comment: lambda: delete_comment(session, staff, review, comment_id),
        Action.reorder_comments: lambda: reorder_comments(session, staff, review, [comment_id]),
        Action.sign_off: lambda: sign_off(session, people.supervisor, review),
        Action.withdraw_sign_off: lambda: withdraw_sign_off(session, people.supervisor, review),
        Action.issue: lambda: issue(session, staff, review, today=LETTER_DAY, pdf=False),
        Action.save_answer: lambda: save_answer(session, company, review, comment_id, "Answer."),
        Action.mark_confidential: lambda: mark_confidential(
            session, company, review, comment_id, "revised"
        ),
        Action.file_amendment: lambda: file_amendment(
            session, company, review, FILING_V2.read_bytes(), "filing_v2.html"
        ),
        Action.submit_response: lambda: submit_response(session, company, review),
        Action.resolve_comment: lambda: resolve_comment(session, staff, review, comment_id),
        Action.follow_up: lambda: follow_up(session, staff, review, comment_id, "Again."),
        Action.next_round: lambda: next_round(session, staff, review),
        Action.complete: lambda: complete(session, staff, review, today=LETTER_DAY, pdf=False),
        Action.release: lambda: release(session, None, review, today=dt.date(2026, 12, 31)),
    }
    calls[action]()


ILLEGAL = [(state, action) for action in Action for state in State if state not in ALLOWED[action]]


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=lambda v: str(v))
def test_an_action_outside_its_states_is_refused_naming_state_and_action(
    store: Store, people: People, state: State, action: Action
) -> None:
    review_id, comment_id = _review_in(store, people, state)
    with store.write() as session:
        review = get(session, review_id)
        with pytest.raises(IllegalTransition) as caught:
            _attempt(action, session, people, review, comment_id)
        assert caught.value.state is state and caught.value.action is action
        assert str(caught.value).startswith(
            f"review {review_id} is {state.value}: cannot {action.value.replace('_', ' ')} ("
        )
        assert review.state == state.value


def test_issuing_before_sign_off_is_refused(store: Store, people: People) -> None:
    review_id, _ = _review_in(store, people, State.drafting)
    with (
        store.write() as session,
        pytest.raises(IllegalTransition, match="is drafting: cannot issue"),
    ):
        issue(session, people.reviewer, get(session, review_id), today=LETTER_DAY, pdf=False)


def test_answering_a_closed_review_is_refused(store: Store, people: People) -> None:
    review_id, comment_id = _review_in(store, people, State.closed)
    with (
        store.write() as session,
        pytest.raises(IllegalTransition, match="is closed: cannot save answer"),
    ):
        save_answer(session, people.company, get(session, review_id), comment_id, "Late.")


def test_editing_an_issued_comment_in_the_next_draft_is_refused(
    store: Store, people: People
) -> None:
    review_id, comment_id = _review_in(store, people, State.responded)
    with store.write() as session:
        review = get(session, review_id)
        follow_up(session, people.reviewer, review, comment_id, "Please file the agreement.")
        next_round(session, people.reviewer, review)
        with pytest.raises(IllegalTransition, match="was issued on 2026-03-02; write a follow-up"):
            edit_comment(session, people.reviewer, review, comment_id, "Rewritten.")


def test_a_sign_off_needs_a_supervisor_who_wrote_none_of_the_comments(
    store: Store, people: People
) -> None:
    review_id, _ = _review_in(store, people, State.drafting)
    with store.write() as session:
        review = get(session, review_id)
        with pytest.raises(NotAllowed, match="a reviewer cannot sign off"):
            sign_off(session, people.second, review)
        write_comment(session, people.supervisor, review, "Also this.", None, None)
        with pytest.raises(NotAllowed, match="sam wrote comments of this letter"):
            sign_off(session, people.supervisor, review)


def test_submitting_with_an_unanswered_comment_is_refused(store: Store, people: People) -> None:
    review_id, _ = _review_in(store, people, State.issued)
    with (
        store.write() as session,
        pytest.raises(IllegalTransition, match="comments 1 have no answer"),
    ):
        submit_response(session, people.company, get(session, review_id))


def test_release_before_the_quiet_period_ends_names_the_day_it_may(
    store: Store, people: People
) -> None:
    review_id, _ = _review_in(store, people, State.closed)
    with (
        store.write() as session,
        pytest.raises(
            IllegalTransition, match=r"released from 2026-03-30 \(20 business days after completion"
        ),
    ):
        release(session, None, get(session, review_id), today=dt.date(2026, 3, 27))


def test_other_companies_and_unnamed_counsel_cannot_find_the_review(
    store: Store, people: People
) -> None:
    review_id, comment_id = _review_in(store, people, State.issued)
    with store.write() as session:
        review = get(session, review_id)
        for outsider in (people.other_company, people.counsel):
            with pytest.raises(NotFound, match=f"no review {review_id} that you can see"):
                save_answer(session, outsider, review, comment_id, "Not mine.")
        with pytest.raises(NotAllowed, match="a company cannot resolve comment"):
            resolve_comment(session, people.company, review, comment_id)
        with pytest.raises(NotAllowed, match="a reviewer cannot save answer"):
            save_answer(session, people.reviewer, review, comment_id, "Staff may not answer.")


def test_empty_comments_and_pages_without_captions_are_refused(
    store: Store, people: People
) -> None:
    review_id, _ = _review_in(store, people, State.drafting)
    with store.write() as session:
        review = get(session, review_id)
        with pytest.raises(WorkflowInputError, match="the comment has no text"):
            write_comment(session, people.reviewer, review, "  \n ", None, None)
        with pytest.raises(WorkflowInputError, match="a page needs a caption"):
            write_comment(session, people.reviewer, review, "Text.", None, "4")


def test_the_completion_letter_needs_a_supervisors_sign_off_like_a_comment_letter(
    store: Store, people: People
) -> None:
    review_id, comment_id = _review_in(store, people, State.responded)
    with store.write() as session:
        review = get(session, review_id)
        resolve_comment(session, people.reviewer, review, comment_id)
        with pytest.raises(
            IllegalTransition,
            match=r"is responded: cannot complete \(the company has responded",
        ):
            complete(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        with pytest.raises(NotAllowed, match="a reviewer cannot sign off"):
            sign_off(session, people.reviewer, review)
        assert (review.state, [r.kind for r in review.rounds]) == ("responded", ["comments"])
        sign_off(session, people.supervisor, review)
        assert review.state == "signed_off"
        completion = review.rounds[-1]
        assert (completion.number, completion.kind, completion.signed_off_by) == (
            2,
            "completion",
            "sam",
        )
        with pytest.raises(IllegalTransition, match="is the completion letter; complete the"):
            issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        complete(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        assert (review.state, completion.letter_date, completion.issued_by) == (
            "closed",
            LETTER_DAY,
            "rita",
        )


def test_withdrawing_the_completion_sign_off_returns_to_the_read_response(
    store: Store, people: People
) -> None:
    review_id, comment_id = _review_in(store, people, State.responded)
    with store.write() as session:
        review = get(session, review_id)
        with pytest.raises(IllegalTransition, match="comments 1 are not resolved"):
            sign_off(session, people.supervisor, review)
        resolve_comment(session, people.reviewer, review, comment_id)
        sign_off(session, people.supervisor, review)
        withdraw_sign_off(session, people.supervisor, review)
        assert (review.state, [r.kind for r in review.rounds]) == ("responded", ["comments"])
        log = [(e.actor, e.action, e.detail) for e in entries(session, review_id)][-3:]
    assert log == [
        ("rita", "workflow.comment_resolved", {"comment": comment_id, "number": 1}),
        ("sam", "workflow.signed_off", {"round": 2}),
        ("sam", "workflow.sign_off_withdrawn", {"round": 2}),
    ]

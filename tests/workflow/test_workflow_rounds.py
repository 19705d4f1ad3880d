"""A review run through two rounds: comments, sign-off, issue, answers with history and an
amendment, follow-up, completion, release; every step in the audit log. (Fictional data.)"""

from __future__ import annotations

import datetime as dt

from reviewdesk.record import Store
from reviewdesk.workflow import (
    complete,
    file_amendment,
    follow_up,
    issue,
    mark_confidential,
    next_round,
    release,
    resolve_comment,
    review_view,
    save_answer,
    sign_off,
    submit_response,
    write_comment,
)
from reviewdesk.workflow.trail import entries
from tests.workflow.support import FILING_V2, LETTER_DAY, People, get, open_fictional_review


def test_two_rounds_from_opening_to_release_with_every_step_audited(
    store: Store, people: People
) -> None:
    review_id = open_fictional_review(store, people)
    with store.write() as session:
        review = get(session, review_id)
        assert [c["text"] for c in review.filings[0].captions] == [
            "Prospectus Summary",
            "The Offering",
            "Risk Factors",
            "Management's Discussion and Analysis",
            "Liquidity and Capital Resources",
        ]
        first = write_comment(
            session,
            people.reviewer,
            review,
            "Please disclose whether you intend to list.",
            "The Offering",
            "1",
        )
        second = write_comment(
            session,
            people.reviewer,
            review,
            "Please quantify the share of parts bought from your largest supplier.",
            "Risk Factors",
            "2",
        )
        first_id, second_id = first.id, second.id
        sign_off(session, people.supervisor, review)
        issued = issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        assert (issued.letter_date, issued.due) == (LETTER_DAY, dt.date(2026, 3, 16))
        assert [c.number for c in issued.comments] == [1, 2]
    with store.write() as session:
        review = get(session, review_id)
        save_answer(session, people.company, review, first_id, "We will list.")
        save_answer(
            session,
            people.company,
            review,
            first_id,
            "We have revised page 1 to say that we will apply to list our shares.",
        )
        save_answer(
            session,
            people.company,
            review,
            second_id,
            "We have revised page 2. Our largest supplier, Acme Parts, provides 62%.",
        )
        mark_confidential(session, people.company, review, second_id, "Acme Parts")
        staff_view = review_view(session, people.reviewer, review, LETTER_DAY)
        assert [c["answer"] for c in staff_view["rounds"][0]["comments"]] == [None, None]
        company_view = review_view(session, people.company, review, LETTER_DAY)
        history = company_view["rounds"][0]["comments"][0]["answer"]["history"]
        assert [(h["version"], h["saved_by"], h["change"]) for h in history] == [
            (2, "cora", "+13 words, -1 words"),
            (1, "cora", "first draft (3 words)"),
        ]
        assert company_view["rounds"][0]["business_days_left"] == 10
        amendment = file_amendment(
            session, people.company, review, FILING_V2.read_bytes(), "filing_v2.html"
        )
        assert amendment.version == 1 and amendment.marked_copy_html is not None
        assert "62%" in amendment.marked_copy_html
        submit_response(session, people.company, review)
    with store.write() as session:
        review = get(session, review_id)
        resolve_comment(session, people.reviewer, review, first_id)
        follow_up(
            session,
            people.reviewer,
            review,
            second_id,
            "We note your response to prior comment 2. Please file the supply agreement "
            "as an exhibit.",
        )
        next_round(session, people.reviewer, review)
        sign_off(session, people.supervisor, review)
        round_two = issue(session, people.reviewer, review, today=dt.date(2026, 3, 20), pdf=False)
        assert [(c.number, c.caption, c.page) for c in round_two.comments] == [
            (1, "Risk Factors", "2")
        ]
        assert "March 2, 2026 letter" in (round_two.letter_html or "")
        third_id = round_two.comments[0].id
    with store.write() as session:
        review = get(session, review_id)
        save_answer(session, people.company, review, third_id, "We have filed it as Exhibit 10.4.")
        submit_response(session, people.company, review)
        resolve_comment(session, people.reviewer, review, third_id)
        sign_off(session, people.supervisor, review)
        completion = complete(
            session, people.reviewer, review, today=dt.date(2026, 3, 27), pdf=False
        )
        assert completion.kind == "completion" and review.state == "closed"
        release(session, None, review, today=dt.date(2026, 4, 24))
        assert review.state == "released"
        public = review_view(session, None, review, dt.date(2026, 4, 24))
        answers = [c["answer"]["text"] for c in public["rounds"][0]["comments"]]
        assert answers[1] == (
            "We have revised page 2. Our largest supplier, "
            "[Confidential treatment requested; passage omitted], provides 62%."
        )
        log = [(e.actor, e.action) for e in entries(session, review_id)]
    assert log == [
        ("rita", "workflow.open"),
        ("rita", "workflow.comment_written"),
        ("rita", "workflow.comment_written"),
        ("sam", "workflow.signed_off"),
        ("rita", "workflow.letter_issued"),
        ("cora", "workflow.answer_saved"),
        ("cora", "workflow.answer_saved"),
        ("cora", "workflow.answer_saved"),
        ("cora", "workflow.passage_marked_confidential"),
        ("cora", "workflow.amendment_filed"),
        ("cora", "workflow.response_submitted"),
        ("rita", "workflow.comment_resolved"),
        ("rita", "workflow.follow_up_written"),
        ("rita", "workflow.round_started"),
        ("sam", "workflow.signed_off"),
        ("rita", "workflow.letter_issued"),
        ("cora", "workflow.answer_saved"),
        ("cora", "workflow.response_submitted"),
        ("rita", "workflow.comment_resolved"),
        ("sam", "workflow.signed_off"),
        ("rita", "workflow.review_closed"),
        ("system", "workflow.released"),
    ]

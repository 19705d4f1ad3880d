"""Shared steps of the workflow tests: a store with the desk's people, and a review of the
fictional filing in tests/fixtures/workflow (every company, person and filing is fictional)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reviewdesk.accounts import Principal, add_user
from reviewdesk.record import Store
from reviewdesk.workflow import ReviewParticulars, load_principal, open_review
from reviewdesk.workflow.schema import AuthoredReview, ReviewCounsel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workflow"
FILING_V1 = FIXTURES / "filing_v1.html"
FILING_V2 = FIXTURES / "filing_v2.html"
CIK = "0009990001"
OTHER_CIK = "0009990002"
PASSWORD = "correct horse battery"
LETTER_DAY = dt.date(2026, 3, 2)


@dataclass
class People:
    """The desk's fictional people, as principals."""

    reviewer: Principal
    second: Principal
    supervisor: Principal
    company: Principal
    other_company: Principal
    counsel: Principal
    admin: Principal


def add_people(store: Store) -> People:
    """Create one user of every role (and a user of another company)."""
    specs = [
        ("rita", "reviewer", None, "Rita Alvarez"),
        ("ravi", "reviewer", None, "Ravi Shah"),
        ("sam", "supervisor", None, "Samuel Okafor"),
        ("cora", "company", CIK, "Cora Lind"),
        ("otto", "company", OTHER_CIK, "Otto Brandt"),
        ("kim", "counsel", None, "Kim Ferris"),
        ("ada", "admin", None, "Ada Admin"),
    ]
    with store.write() as session:
        for name, role, cik, display in specs:
            add_user(session, name, PASSWORD, role, company_cik=cik, display_name=display)
    return principals(store)


def principals(store: Store) -> People:
    """The principals of the people, as freshly loaded (counsel with their reviews)."""
    from reviewdesk.accounts import find_user

    with store.session() as session:
        found = {}
        for name in ("rita", "ravi", "sam", "cora", "otto", "kim", "ada"):
            user = find_user(session, name)
            assert user is not None
            found[name] = load_principal(session, user)
    return People(
        found["rita"],
        found["ravi"],
        found["sam"],
        found["cora"],
        found["otto"],
        found["kim"],
        found["ada"],
    )


def particulars(**changes: object) -> ReviewParticulars:
    """The fictional review's particulars."""
    values: dict[str, object] = dict(
        cik=CIK,
        company="Fictional Widgets, Inc.",
        form="S-1",
        filed=dt.date(2026, 2, 13),
        file_number="333-299001",
        addressee="Jane Example",
        addressee_title="Chief Executive Officer",
        address=["1 Example Way", "Springfield, Illinois 62701"],
        office="Office of Manufacturing",
        contacts=[("Rita Alvarez", "202-551-3101"), ("Samuel Okafor", "202-551-3102")],
        signatory="Samuel Okafor",
        signatory_title="Branch Chief",
    )
    values.update(changes)
    return ReviewParticulars(**values)  # type: ignore[arg-type]


def open_fictional_review(store: Store, people: People, **changes: object) -> int:
    """Open a review of the fictional filing by Rita; returns its id."""
    with store.write() as session:
        review = open_review(
            session,
            people.reviewer,
            particulars(**changes),
            FILING_V1.read_bytes(),
            "filing_v1.html",
        )
        return review.id


def name_counsel(store: Store, review_id: int, people: People) -> People:
    """Name Kim as counsel on the review; returns the people reloaded."""
    with store.write() as session:
        session.add(ReviewCounsel(review_id=review_id, user_id=people.counsel.user_id))
    return principals(store)


def get(session: object, review_id: int) -> AuthoredReview:
    """The review row."""
    review = session.get(AuthoredReview, review_id)  # type: ignore[attr-defined]
    assert review is not None
    return review


def issued_with_amendment(store: Store, people: People) -> tuple[int, int]:
    """A review whose letter 1 (one comment) is issued, answered, and the amendment filed
    (so it has a marked copy): (review id, comment id)."""
    from reviewdesk.workflow import file_amendment, issue, save_answer, sign_off, write_comment

    review_id = open_fictional_review(store, people)
    with store.write() as session:
        review = get(session, review_id)
        comment_id = write_comment(
            session, people.reviewer, review, "Please revise.", "Risk Factors", "2"
        ).id
        sign_off(session, people.supervisor, review)
        issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        save_answer(session, people.company, review, comment_id, "We revised page 2.")
        file_amendment(session, people.company, review, FILING_V2.read_bytes(), "filing_v2.html")
    return review_id, comment_id

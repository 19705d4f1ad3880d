"""A round of an authored review as the staff letter to write: who, what, and which comments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import object_session

from reviewdesk.record.schema import Company
from reviewdesk.workflow.letter_model import LetterComment, StaffLetter
from reviewdesk.workflow.schema import AuthoredReview, AuthoredRound


def company_name(review: AuthoredReview) -> str:
    """The company's name as the reviewer wrote it on opening the review, else as the record
    knows it (its CIK when it has no name)."""
    if review.company_name:
        return review.company_name
    session = object_session(review)
    company = session.get(Company, review.company_id) if session is not None else None
    if company is None:
        return f"company {review.company_id}"
    return company.name or f"CIK {company.cik}"


def staff_letter(review: AuthoredReview, round_: AuthoredRound, day: dt.date) -> StaffLetter:
    """The letter of `round_`, dated `day`; a later round refers to the letter before it and
    to the company's response."""
    earlier = [r for r in review.rounds if r.number < round_.number and r.letter_date]
    prior = earlier[-1] if earlier else None
    return StaffLetter(
        kind=round_.kind,
        date=day,
        company=company_name(review),
        addressee=review.addressee,
        addressee_title=review.addressee_title,
        address=list(review.address),
        form=review.form,
        filed=review.filed,
        file_number=review.file_number,
        scope=review.scope,
        prior_letter_date=prior.letter_date if prior is not None else None,
        response_date=(
            prior.submitted_at.date() if prior is not None and prior.submitted_at else None
        ),
        comments=[
            LetterComment(c.number or position, c.caption, c.page, c.text)
            for position, c in enumerate(round_.comments, start=1)
        ],
        contacts=[(c["name"], c["phone"]) for c in review.contacts],
        signatory=review.signatory,
        signatory_title=review.signatory_title,
        office=review.office,
    )

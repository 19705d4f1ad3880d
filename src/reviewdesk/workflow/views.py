"""What each person sees of an authored review, as plain data for pages and the API.

Draft comments are shown only to staff; answers only to the company side until they are
submitted; the public (a released review, seen by someone who is not a party) gets issued
letters and submitted answers with the confidential passages replaced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.reviews.calendar import business_days_between
from reviewdesk.workflow.access import may_act
from reviewdesk.workflow.answering import answer_of
from reviewdesk.workflow.deciding import release_date
from reviewdesk.workflow.machine import Action
from reviewdesk.workflow.particulars import company_name
from reviewdesk.workflow.schema import (
    AnswerDraft,
    AuthoredComment,
    AuthoredReview,
    AuthoredRound,
    ConfidentialPassage,
)
from reviewdesk.workflow.statuses import RoundKind

REDACTED = "[Confidential treatment requested; passage omitted]"


def audience(principal: Principal | None, review: AuthoredReview) -> str:
    """'staff', 'company' (a party on the company side) or 'public'."""
    if principal is None:
        return "public"
    if principal.role.staff:
        return "staff"
    if principal.company_id == review.company_id or review.id in principal.review_ids:
        return "company"
    return "public"


def redact(session: Session, answer: AnswerDraft) -> str:
    """An answer with its confidential passages replaced."""
    text = answer.text
    passages = session.scalars(
        select(ConfidentialPassage.passage).where(ConfidentialPassage.answer_id == answer.id)
    )
    for passage in sorted(passages, key=len, reverse=True):
        text = text.replace(passage, REDACTED)
    return text


def _answer(
    session: Session, who: str, round_: AuthoredRound, comment: AuthoredComment
) -> dict[str, Any] | None:
    answer = answer_of(session, comment)
    if answer is None:
        return None
    submitted = round_.submitted_at is not None
    if who == "staff" and not submitted:
        return None
    if who == "public":
        return {"text": redact(session, answer), "version": answer.version}
    passages = list(
        session.scalars(
            select(ConfidentialPassage.passage).where(ConfidentialPassage.answer_id == answer.id)
        )
    )
    view: dict[str, Any] = {
        "text": answer.text,
        "version": answer.version,
        "updated_by": answer.updated_by,
        "updated_at": answer.updated_at.isoformat(),
        "confidential": passages,
    }
    if who == "company":
        view["history"] = [
            {
                "version": r.version,
                "saved_by": r.saved_by,
                "saved_at": r.saved_at.isoformat(),
                "change": r.change,
                "text": r.text,
            }
            for r in reversed(answer.revisions)
        ]
    return view


def _comment(
    session: Session, who: str, round_: AuthoredRound, comment: AuthoredComment
) -> dict[str, Any]:
    return {
        "id": comment.id,
        "number": comment.number,
        "position": comment.position,
        "caption": comment.caption,
        "page": comment.page,
        "text": comment.text,
        "status": comment.status,
        "follow_up_of": comment.follow_up_of_id,
        "written_by": comment.written_by if who == "staff" else None,
        "answer": _answer(session, who, round_, comment),
    }


def round_view(
    session: Session, who: str, round_: AuthoredRound, today: dt.date
) -> dict[str, Any] | None:
    """One round as `who` sees it (None when they may not see it at all)."""
    issued = round_.letter_date is not None
    if not issued and who != "staff":
        return None
    days_left = None
    if round_.due is not None and round_.submitted_at is None and round_.kind == RoundKind.comments:
        days_left = business_days_between(today, round_.due)
    return {
        "id": round_.id,
        "number": round_.number,
        "kind": round_.kind,
        "issued": issued,
        "letter_date": round_.letter_date.isoformat() if round_.letter_date else None,
        "due": round_.due.isoformat() if round_.due else None,
        "business_days_left": days_left,
        "signed_off_by": round_.signed_off_by if who == "staff" else None,
        "submitted_at": round_.submitted_at.isoformat() if round_.submitted_at else None,
        "amendment_id": round_.amendment_id,
        "has_pdf": round_.letter_pdf is not None,
        "comments": [_comment(session, who, round_, c) for c in round_.comments],
    }


def review_view(
    session: Session, principal: Principal | None, review: AuthoredReview, today: dt.date
) -> dict[str, Any]:
    """The review as this person sees it, with the actions open to them now."""
    who = audience(principal, review)
    rounds = [round_view(session, who, r, today) for r in review.rounds]
    released = release_date(review)
    return {
        "id": review.id,
        "company": company_name(review),
        "company_id": review.company_id,
        "state": review.state,
        "scope": review.scope,
        "form": review.form,
        "filed": review.filed.isoformat(),
        "file_number": review.file_number,
        "audience": who,
        "opened_by": review.opened_by if who == "staff" else None,
        "completed_on": review.completed_on.isoformat() if review.completed_on else None,
        "release_on": released.isoformat() if released else None,
        "released_on": review.released_on.isoformat() if review.released_on else None,
        "captions": review.filings[0].captions if who == "staff" and review.filings else [],
        "filings": [
            {
                "id": f.id,
                "version": f.version,
                "name": f.name,
                "pages": f.pages,
                "marked_copy": f.marked_copy_html is not None,
            }
            for f in review.filings
        ]
        if who != "public"
        else [],
        "rounds": [r for r in rounds if r is not None],
        "actions": sorted(a.value for a in Action if may_act(principal, review, a)),
    }

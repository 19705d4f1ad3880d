"""The desk's workflow as its API shows it: who is signed in, the authored reviews one may
see (each as a list line, and whole as one's role sees it), a review's audit log, and a
company's answers to a staff letter from EDGAR with their history.

The workflow layer builds the whole review as plain data (workflow.views.review_view); these
models declare its shape. What a role may not see is left out, not sent as null: an answer
shown to the public is its text and version only, the company side also sees its history;
so those fields are optional here and the routes drop the ones that were not given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record import schema
from reviewdesk.views.answering import Deadline
from reviewdesk.views.model import ReadModel
from reviewdesk.workflow.letters_to_answer import letters_to_answer


class SignedIn(ReadModel):
    """The person a request is signed in as."""

    username: str
    name: str
    role: str
    company_id: int | None
    reviews: list[int]


class DeskReviewLine(ReadModel):
    """An authored review as one line of a list."""

    id: int
    company: str
    form: str
    state: str
    file_number: str


class AnswerRevision(ReadModel):
    """One saved version of an answer: who saved it when (ISO time), what changed, its text."""

    version: int
    saved_by: str
    saved_at: str
    change: str
    text: str


class DeskAnswer(ReadModel):
    """The company's answer to an authored comment as the viewer may see it: the public gets
    the text (confidential passages replaced) and version only; staff and the company side
    also who saved it when and the passages marked confidential; the company side also its
    history, newest first."""

    text: str
    version: int
    updated_by: str | None = None
    updated_at: str | None = None
    confidential: list[str] | None = None
    history: list[AnswerRevision] | None = None


class DeskComment(ReadModel):
    """An authored comment: number, caption, page, text, status, the comment it follows up,
    its writer (staff only, else null) and its answer."""

    id: int
    number: int | None
    position: int
    caption: str | None
    page: str | None
    text: str
    status: str
    follow_up_of: int | None
    written_by: str | None
    answer: DeskAnswer | None


class DeskRound(ReadModel):
    """A round of an authored review: its letter's date and due date, the business days left,
    who signed it off (staff only), when the company submitted its answers, its comments."""

    id: int
    number: int
    kind: str
    issued: bool
    letter_date: dt.date | None
    due: dt.date | None
    business_days_left: int | None
    signed_off_by: str | None
    submitted_at: str | None
    amendment_id: int | None
    has_pdf: bool
    comments: list[DeskComment]


class Caption(ReadModel):
    """A caption of the filing under review and the page it starts on."""

    text: str
    page: int


class DeskFiling(ReadModel):
    """A version of the filing under review."""

    id: int
    version: int
    name: str
    pages: int
    marked_copy: bool


class DeskReview(ReadModel):
    """An authored review as the viewer sees it ('staff', 'company' or 'public' audience),
    with the actions open to them now."""

    id: int
    company: str
    company_id: int
    state: str
    scope: str
    form: str
    filed: dt.date
    file_number: str
    audience: str
    opened_by: str | None
    completed_on: dt.date | None
    release_on: dt.date | None
    released_on: dt.date | None
    captions: list[Caption]
    filings: list[DeskFiling]
    rounds: list[DeskRound]
    actions: list[str]


class AuditLine(ReadModel):
    """One entry of a review's audit log: when (ISO time), who, what, and its details."""

    at: str
    actor: str
    action: str
    detail: dict[str, Any]


class LetterAnswer(ReadModel):
    """A company's answer to a comment of a staff letter from EDGAR, with its history."""

    text: str
    version: int
    updated_by: str
    updated_at: str
    history: list[AnswerRevision]


class AnsweredComment(ReadModel):
    """A comment of the staff letter, its anchor on the answers page, and the company's
    answer (None until one is saved, and for a comment whose number was not read)."""

    id: int
    anchor: str
    number: int | None
    heading: str | None
    page: str | None
    text: str
    answer: LetterAnswer | None


class LetterAnswers(Deadline):
    """A staff letter being answered in the desk: the letter, its deadline, each comment with
    its answer."""

    letter_id: int
    accession: str | None
    company: str | None
    date: dt.date | None
    comments: list[AnsweredComment]


class LetterToAnswerLine(ReadModel):
    """One staff letter of your company waiting for its answer."""

    letter_id: int
    accession: str | None
    date: str | None
    office: str | None
    review_id: int | None
    round: int | None
    due: str | None
    business_days_left: int | None
    comments: int
    drafted: int
    answers_url: str


class LettersToAnswer(ReadModel):
    """A company user's start: their company's open staff letters, soonest due first."""

    today: str
    company: str | None
    letters: list[LetterToAnswerLine]


def letters_to_answer_view(session: Session, who: Principal, today: dt.date) -> LettersToAnswer:
    """The open staff letters of the company user's company as of `today`."""
    found = letters_to_answer(session, who, today)
    company = session.get(schema.Company, who.company_id) if who.company_id else None
    lines = []
    for x in found:
        round_ = session.get(schema.Round, x.letter.round_id) if x.letter.round_id else None
        day = x.letter.date or x.letter.filing_date
        lines.append(
            LetterToAnswerLine(
                letter_id=x.letter.id,
                accession=x.letter.accession,
                date=day.isoformat() if day else None,
                office=x.letter.office,
                review_id=x.letter.review_id,
                round=round_.number if round_ else None,
                due=x.deadline.due.isoformat() if x.deadline.due else None,
                business_days_left=x.deadline.business_days_left,
                comments=x.comments,
                drafted=x.drafted,
                answers_url=f"/desk/letters/{x.letter.id}/answers",
            )
        )
    return LettersToAnswer(
        today=today.isoformat(), company=company.name if company else None, letters=lines
    )

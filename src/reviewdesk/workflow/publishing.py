"""Publish a released review: its issued staff letters and the company's submitted responses
(confidential passages replaced by the redaction mark) go into the public record through
ingest, so they are readable without an account and found by search; and `release_due`
releases and publishes every closed review whose quiet period is over (for a scheduler).

Publishing is idempotent: the documents are rendered the same way each time and ingest
recognises bytes it already holds; an audit entry `workflow.published` marks a review done,
so a release whose publishing failed half-way is finished by the next run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.accounts.schema import User
from reviewdesk.pipeline import Batch
from reviewdesk.record.ingest import Status
from reviewdesk.record.schema import AuditEntry, Company
from reviewdesk.record.store import Store
from reviewdesk.services.drafting.model import build_response
from reviewdesk.workflow.answering import answer_of
from reviewdesk.workflow.deciding import release, release_date
from reviewdesk.workflow.errors import NotFound
from reviewdesk.workflow.letter_render import read_back
from reviewdesk.workflow.machine import IllegalTransition, State
from reviewdesk.workflow.response_render import response_html
from reviewdesk.workflow.schema import AuthoredReview, AuthoredRound
from reviewdesk.workflow.trail import record, subject
from reviewdesk.workflow.views import redact

STAFF_FORM = "UPLOAD"
COMPANY_FORM = "CORRESP"
PUBLISHED = "workflow.published"


@dataclass(frozen=True, slots=True)
class PublicDocument:
    """One letter of a released review as the public record gets it."""

    name: str
    data: bytes
    form: str
    filed: dt.date


@dataclass(slots=True)
class Publication:
    """What publishing a review stored: the record's letter ids, and documents it could not
    read (kept in the record with their error all the same)."""

    review_id: int
    letter_ids: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _signer(session: Session, username: str | None) -> str:
    user = session.scalar(select(User).where(User.username == username)) if username else None
    if user is None:
        return username or "The Company"
    return user.display_name or user.username


def _response(session: Session, review: AuthoredReview, round_: AuthoredRound) -> bytes:
    """The submitted answers of one round as the company's letter, confidential passages
    replaced."""
    assert round_.letter_html is not None and round_.submitted_at is not None
    staff = read_back(round_.letter_html.encode("utf-8"), f"review-{review.id}.htm")
    answers: dict[int, str] = {}
    for comment in round_.comments:
        answer = answer_of(session, comment)
        if comment.number is not None and answer is not None:
            answers[comment.number] = redact(session, answer)
    letter = build_response(staff, answers, today=round_.submitted_at.date())
    return response_html(letter, _signer(session, round_.submitted_by)).encode("utf-8")


def public_documents(session: Session, review: AuthoredReview) -> list[PublicDocument]:
    """Every issued staff letter and every submitted response of the review, in order."""
    out: list[PublicDocument] = []
    for round_ in review.rounds:
        if round_.letter_date is None or round_.letter_html is None:
            continue
        out.append(
            PublicDocument(
                f"desk/review-{review.id}/letter-{round_.number}.htm",
                round_.letter_html.encode("utf-8"),
                STAFF_FORM,
                round_.letter_date,
            )
        )
        if round_.submitted_at is not None:
            out.append(
                PublicDocument(
                    f"desk/review-{review.id}/response-{round_.number}.htm",
                    _response(session, review, round_),
                    COMPANY_FORM,
                    round_.submitted_at.date(),
                )
            )
    return out


def is_published(session: Session, review_id: int) -> bool:
    """Whether the review's correspondence has gone into the public record."""
    found = session.scalar(
        select(AuditEntry.id)
        .where(AuditEntry.subject == subject(review_id), AuditEntry.action == PUBLISHED)
        .limit(1)
    )
    return found is not None


def publish(
    store: Store, review_id: int, principal: Principal | None = None, *, batch: Batch | None = None
) -> Publication:
    """Put a released review's correspondence through the ingest pipeline into the record,
    its reviews and its search index; with a caller's `batch`, threading waits for its end."""
    with store.session() as session:
        review = session.get(AuthoredReview, review_id)
        if review is None or review.state != State.released:
            raise NotFound(f"no released review {review_id}; release it first")
        company = session.get(Company, review.company_id)
        cik = company.cik if company is not None else None
        name = company.name if company is not None else None
        documents = public_documents(session, review)
    done = Publication(review_id)
    intake = batch or Batch(store)
    for document in documents:
        outcome = intake.add(
            document.data,
            source=document.name,
            cik=cik,
            company=name,
            form=document.form,
            filed=document.filed.isoformat(),
        )
        if outcome.letter_id is not None:
            done.letter_ids.append(outcome.letter_id)
        if outcome.status is Status.stored_with_error:
            done.problems.append(f"{document.name}: {outcome.error}")
    if batch is None:
        intake.finish()
    with store.write() as session:
        record(
            session,
            principal,
            review_id,
            "published",
            letters=done.letter_ids,
            problems=done.problems,
        )
    return done


@dataclass(slots=True)
class DueRelease:
    """One review `release_due` took up: released now or before, published, or the error."""

    review_id: int
    released_on: dt.date | None = None
    publication: Publication | None = None
    error: str | None = None


def due_reviews(session: Session, today: dt.date) -> list[int]:
    """Closed reviews whose release date has come, and released ones not yet published."""
    rows = session.scalars(
        select(AuthoredReview)
        .where(AuthoredReview.state.in_([State.closed.value, State.released.value]))
        .order_by(AuthoredReview.id)
    )
    due: list[int] = []
    for review in rows:
        if review.state == State.closed.value:
            when = release_date(review)
            if when is not None and when <= today:
                due.append(review.id)
        elif not is_published(session, review.id):
            due.append(review.id)
    return due


def release_due(store: Store, today: dt.date | None = None) -> list[DueRelease]:
    """Release (as the system, audited) and publish every review that is due on `today`;
    one review's failure is reported and the others go on."""
    day = today or dt.date.today()
    with store.session() as session:
        due = due_reviews(session, day)
    out: list[DueRelease] = []
    batch = Batch(store)
    for review_id in due:
        result = DueRelease(review_id)
        try:
            with store.write() as session:
                review = session.get(AuthoredReview, review_id)
                assert review is not None
                if review.state == State.closed.value:
                    release(session, None, review, today=day)
                result.released_on = review.released_on
            result.publication = publish(store, review_id, batch=batch)
        except (IllegalTransition, NotFound) as exc:
            result.error = str(exc)
        except Exception as exc:  # one review's failure must not stop the others
            result.error = f"{type(exc).__name__}: {exc}"
        out.append(result)
    batch.finish()
    return out

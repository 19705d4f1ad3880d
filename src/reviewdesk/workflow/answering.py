"""The company's side: answer each issued comment (drafts saved with their history), mark
confidential passages, file an amendment (its marked copy made against the version before),
and submit the answers together."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.documents import DocumentError
from reviewdesk.documents.bounded import shared_readers
from reviewdesk.record.audit import now
from reviewdesk.services.redline import compare, read_version_bytes
from reviewdesk.services.redline.html_writer import render_html as redline_html
from reviewdesk.services.redline.read import RedlineInputError
from reviewdesk.workflow.answer_history import revise, tidy_answer
from reviewdesk.workflow.authoring import current_round
from reviewdesk.workflow.errors import NotFound, WorkflowInputError
from reviewdesk.workflow.filing import read_filing
from reviewdesk.workflow.machine import Action
from reviewdesk.workflow.schema import (
    AnswerDraft,
    AnswerRevision,
    AuthoredComment,
    AuthoredReview,
    ConfidentialPassage,
    FilingVersion,
)
from reviewdesk.workflow.transition import transition


def _open_comment(review: AuthoredReview, comment_id: int) -> AuthoredComment:
    round_ = current_round(review)
    for comment in round_.comments:
        if comment.id == comment_id:
            return comment
    raise NotFound(f"comment {comment_id} is not in the letter review {review.id} is answering")


def answer_of(session: Session, comment: AuthoredComment) -> AnswerDraft | None:
    """The answer drafted for a comment, if any."""
    return session.scalar(select(AnswerDraft).where(AnswerDraft.comment_id == comment.id))


def save_answer(
    session: Session, principal: Principal, review: AuthoredReview, comment_id: int, text: str
) -> AnswerDraft:
    """Save a new version of the answer to one comment; each version is kept with who, when
    and what changed."""
    with transition(session, principal, review, Action.save_answer) as step:
        comment = _open_comment(review, comment_id)
        body = tidy_answer(text)
        draft = answer_of(session, comment)
        at = now()
        if draft is None:
            draft = AnswerDraft(
                comment_id=comment.id,
                text="",
                version=0,
                updated_by=principal.username,
                updated_at=at,
            )
            session.add(draft)
            session.flush()
        change = revise(session, draft, body, principal.username, at, AnswerRevision)
        if change is None:
            step.nothing_changed()
        else:
            step.audit(
                "answer_saved",
                comment=comment.id,
                number=comment.number,
                version=draft.version,
                change=change,
            )
    return draft


def mark_confidential(
    session: Session, principal: Principal, review: AuthoredReview, comment_id: int, passage: str
) -> ConfidentialPassage:
    """Mark a passage of an answer confidential: it stays hidden from the public on release."""
    with transition(session, principal, review, Action.mark_confidential) as step:
        comment = _open_comment(review, comment_id)
        draft = answer_of(session, comment)
        passage = passage.strip()
        if draft is None or not passage or passage not in draft.text:
            raise WorkflowInputError(
                f"the passage is not in the answer to comment {comment.number}; copy it exactly"
            )
        row = ConfidentialPassage(
            answer_id=draft.id, passage=passage, marked_by=principal.username, marked_at=now()
        )
        session.add(row)
        step.audit("passage_marked_confidential", comment=comment.id, characters=len(passage))
    return row


def file_amendment(
    session: Session, principal: Principal, review: AuthoredReview, data: bytes, name: str
) -> FilingVersion:
    """File an amended filing; its marked copy against the version before is made at once."""
    with transition(session, principal, review, Action.file_amendment) as step:
        reading = read_filing(data, name)
        previous = review.filings[-1]
        readers = shared_readers()
        try:
            marked = compare(
                readers.call(
                    read_version_bytes,
                    previous.content,
                    previous.name,
                    source=previous.name,
                    expected=(RedlineInputError,),
                ),
                readers.call(
                    read_version_bytes, data, name, source=name, expected=(RedlineInputError,)
                ),
            )
        except RedlineInputError as exc:
            raise WorkflowInputError(str(exc)) from exc
        except DocumentError as exc:
            raise WorkflowInputError(f"{name}: {exc.reason}") from exc
        version = FilingVersion(
            review_id=review.id,
            version=previous.version + 1,
            name=name,
            media_type=reading.media_type,
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            pages=reading.pages,
            captions=[c.to_dict() for c in reading.captions],
            marked_copy_html="".join(redline_html(marked)),
            uploaded_by=principal.username,
            uploaded_at=now(),
        )
        review.filings.append(version)
        session.flush()
        current_round(review).amendment_id = version.id
        step.audit(
            "amendment_filed",
            version=version.version,
            name=name,
            changed_pages=sorted(marked.changed_pages()),
        )
    return version


def submit_response(session: Session, principal: Principal, review: AuthoredReview) -> None:
    """Submit every answer together; each issued comment must have one."""
    with transition(session, principal, review, Action.submit_response) as step:
        round_ = current_round(review)
        missing = [
            c.number
            for c in round_.comments
            if not ((a := answer_of(session, c)) and a.text.strip())
        ]
        if missing:
            raise step.refused(
                "comments " + ", ".join(str(n) for n in missing) + " have no answer yet"
            )
        round_.submitted_by, round_.submitted_at = principal.username, now()
        step.audit(
            "response_submitted", round=round_.number, amendment=round_.amendment_id is not None
        )

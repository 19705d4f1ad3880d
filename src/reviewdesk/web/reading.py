"""What the review and letter pages show, read from the record as JSON-ready dicts: a
review's rounds with each comment beside its answer, a letter's parsed reading."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.record import schema
from reviewdesk.record.attachments import attachments_of, filed_with
from reviewdesk.record.labels import ItemLabels
from reviewdesk.reviews.deadlines import DeadlineStatus, deadline_status
from reviewdesk.reviews.queries import review_detail
from reviewdesk.web.label_view import comment_label_views, label_view, response_label_views


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def anchors(items: list[tuple[int | None, int]], prefix: str) -> list[str]:
    """Fragment ids for numbered items (by printed number, else position), unique per page."""
    seen: set[str] = set()
    out = []
    for number, position in items:
        anchor = f"{prefix}-{number if number is not None else position + 1}"
        if anchor in seen:
            anchor = f"{anchor}-{position + 1}"
        seen.add(anchor)
        out.append(anchor)
    return out


def _letter_ref(letter: schema.Letter | None) -> dict[str, Any] | None:
    return None if letter is None else _letter_line(letter)


def _letter_line(letter: schema.Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "accession": letter.accession,
        "date": _iso(letter.date or letter.filing_date),
        "kind": letter.kind,
        "role": letter.role,
        "office": letter.office,
    }


def public_deadline(status: DeadlineStatus) -> str:
    """A round's deadline as public EDGAR correspondence shows it: EDGAR publishes a review's
    letters only after the review ends, and some answers never, so a round past its due date
    without an answer on record has 'no_response' (on record), not 'overdue'."""
    return "no_response" if status is DeadlineStatus.overdue else status.value


def review(session: Session, review_id: int, today: date) -> dict[str, Any] | None:
    """A review: its rounds as a timeline, each comment beside the company's answer, follow-ups
    linked both ways, deadlines as they stand on `today`, and each of its letters once, with
    the round and part (staff letter or response) it plays, if any."""
    detail = review_detail(session, review_id)
    if detail is None:
        return None
    letters = {x.id: x for x in detail.letters}
    comment_letter: dict[int, schema.Letter] = {}
    for letter in detail.letters:
        for comment in letter.comments:
            comment_letter[comment.id] = letter
    follow_ups: dict[int, list[int]] = {}
    for comment in detail.comments_by_id.values():
        if comment.follow_up_of_id is not None:
            follow_ups.setdefault(comment.follow_up_of_id, []).append(comment.id)
    last_round = max((r.number for r in detail.rounds), default=0)
    comment_views = comment_label_views(session, list(detail.comments_by_id))
    response_views = response_label_views(session, list(detail.responses_by_id))
    rounds = []
    parts: dict[int, dict[str, Any]] = {}
    for round_ in detail.rounds:
        staff = letters.get(round_.staff_letter_id or -1)
        answer = letters.get(round_.response_letter_id or -1)
        for part, played in (("staff", staff), ("response", answer)):
            if played is not None:
                parts.setdefault(played.id, {"round": round_.number, "part": part})
        moved_on = detail.review.status == "closed" or round_.number < last_round
        items = []
        comments = staff.comments if staff else []
        names = anchors([(c.number, c.position) for c in comments], "comment")
        for comment, anchor in zip(comments, names, strict=True):
            response = detail.responses_by_id.get(comment.answered_by_id or -1)
            followed = detail.comments_by_id.get(comment.follow_up_of_id or -1)
            items.append(
                {
                    "comment": {
                        "id": comment.id,
                        "number": comment.number,
                        "heading": comment.heading,
                        "page": comment.page,
                        "text": comment.text,
                        "status": comment.status,
                        "anchor": anchor,
                        "labels": comment_views.get(comment.id) or label_view(ItemLabels()),
                        "follow_up_of": _comment_ref(followed, comment_letter, letters),
                        "followed_up_by": [
                            _comment_ref(detail.comments_by_id[i], comment_letter, letters)
                            for i in follow_ups.get(comment.id, [])
                        ],
                    },
                    "answer": None
                    if response is None
                    else {
                        "id": response.id,
                        "number": response.number,
                        "letter_id": response.letter_id,
                        "text": response.response_text,
                        "labels": response_views.get(response.id) or label_view(ItemLabels()),
                    },
                }
            )
        rounds.append(
            {
                "number": round_.number,
                "due": _iso(round_.due),
                "answered": _iso(round_.answered),
                "deadline": public_deadline(
                    deadline_status(round_.due, round_.answered, moved_on=moved_on, today=today)
                ),
                "staff_letter": _letter_ref(staff),
                "response_letter": _letter_ref(answer),
                "items": items,
            }
        )
    first = detail.letters[0] if detail.letters else None
    return {
        "id": detail.review.id,
        "company": next((x.company_shown for x in detail.letters if x.company_shown), None),
        "company_id": detail.review.company_id,
        "cik": first.cik if first else None,
        "status": detail.review.status,
        "opened": _iso(detail.review.opened),
        "closed": _iso(detail.review.closed),
        "file_numbers": list(detail.review.file_numbers or []),
        "rounds": rounds,
        "letters": [
            {**_letter_line(x), **parts.get(x.id, {"round": None, "part": None})}
            for x in detail.letters
        ],
    }


def _comment_ref(
    comment: schema.Comment | None,
    comment_letter: dict[int, schema.Letter],
    letters: dict[int, schema.Letter],
) -> dict[str, Any] | None:
    if comment is None:
        return None
    letter = comment_letter.get(comment.id) or letters.get(comment.letter_id)
    return {
        "id": comment.id,
        "number": comment.number,
        "letter_id": comment.letter_id,
        "letter_date": _iso(letter.date or letter.filing_date) if letter else None,
        "anchor": f"comment-{comment.number if comment.number is not None else comment.position + 1}",
    }


def letter(session: Session, letter_id: int) -> dict[str, Any] | None:
    """A letter's parsed reading with anchored comments and responses, and its original."""
    row = session.scalars(
        select(schema.Letter)
        .where(schema.Letter.id == letter_id)
        .options(
            selectinload(schema.Letter.filings),
            selectinload(schema.Letter.contacts),
            selectinload(schema.Letter.comments),
            selectinload(schema.Letter.responses),
            selectinload(schema.Letter.raw_document),
        )
    ).first()
    if row is None:
        return None
    round_ = session.get(schema.Round, row.round_id) if row.round_id else None
    comment_names = anchors([(c.number, c.position) for c in row.comments], "comment")
    comment_views = comment_label_views(session, [c.id for c in row.comments])
    response_views = response_label_views(session, [r.id for r in row.responses])
    response_names = anchors([(r.number, r.position) for r in row.responses], "response")
    return {
        "id": row.id,
        "accession": row.accession,
        "source": PurePath(row.source).name,
        "edgar_form": row.edgar_form,
        "filing_date": _iso(row.filing_date),
        "date": _iso(row.date),
        "role": row.role,
        "kind": row.kind,
        "company": row.company_shown,
        "company_id": row.company_id,
        "cik": row.cik,
        "office": row.office,
        "signatory": row.signatory,
        "in_reply_to": row.in_reply_to,
        "refers_to_prior": row.refers_to_prior,
        "prior_letter_date": _iso(row.prior_letter_date),
        "parse_error": row.parse_error,
        "review_id": row.review_id,
        "round": round_.number if round_ else None,
        "due": _iso(round_.due) if round_ and round_.staff_letter_id == row.id else None,
        "filings": [
            {
                "form": f.form,
                "amendment": f.amendment,
                "period": _iso(f.period),
                "filed": _iso(f.filed),
                "file_number": f.file_number,
            }
            for f in row.filings
        ],
        "contacts": [{"name": c.name, "phone": c.phone} for c in row.contacts],
        "comments": [
            {
                "id": c.id,
                "anchor": name,
                "number": c.number,
                "heading": c.heading,
                "page": c.page,
                "text": c.text,
                "status": c.status,
                "follow_up_of_id": c.follow_up_of_id,
                "answered_by_id": c.answered_by_id,
                "labels": comment_views[c.id],
            }
            for c, name in zip(row.comments, comment_names, strict=True)
        ],
        "responses": [
            {
                "id": r.id,
                "anchor": name,
                "number": r.number,
                "comment_text": r.comment_text,
                "response_text": r.response_text,
                "comment_id": r.comment_id,
                "labels": response_views[r.id],
            }
            for r, name in zip(row.responses, response_names, strict=True)
        ],
        "original": {
            "media_type": row.raw_document.media_type,
            "size": row.raw_document.size,
            "name": row.raw_document.original_name,
            "sha256": row.raw_document_sha256,
        },
        "attachments": [
            {
                "id": document.id,
                "name": document.name,
                "media_type": document.raw_document.media_type,
                "size": document.raw_document.size,
                "sha256": document.raw_document_sha256,
                "letter_id": document.letter_id,
                "url": f"/api/letters/{row.id}/attachments/{document.id}",
            }
            for document in attachments_of(session, row.id)
        ],
        "filed_with": filed_with(session, row.id),
        "answers_letters": answered_letters(session, row),
    }


def answered_letters(session: Session, row: schema.Letter) -> list[dict[str, Any]]:
    """The staff letters a company letter answers, as threading recorded it: the staff letter
    of the round it answers, and the letters of the comments its responses answer."""
    ids = set(
        session.scalars(
            select(schema.Round.staff_letter_id).where(
                schema.Round.response_letter_id == row.id,
                schema.Round.staff_letter_id.is_not(None),
            )
        )
    )
    answered = [r.comment_id for r in row.responses if r.comment_id is not None]
    if answered:
        ids.update(
            session.scalars(select(schema.Comment.letter_id).where(schema.Comment.id.in_(answered)))
        )
    ids.discard(row.id)
    if not ids:
        return []
    letters = session.scalars(select(schema.Letter).where(schema.Letter.id.in_(ids)))
    return [
        _letter_line(x)
        for x in sorted(letters, key=lambda x: (x.date or x.filing_date or date.min, x.id))
    ]


def attachment(session: Session, letter_id: int, document_id: int) -> tuple[bytes, str, str] | None:
    """A document attached to a letter, exactly as received: bytes, media type and name."""
    document = session.get(schema.FilingDocument, document_id)
    if document is None or document.attached_to_id != letter_id or document.primary:
        return None
    raw = document.raw_document
    return raw.content, raw.media_type, document.name


def original(session: Session, letter_id: int) -> tuple[bytes, str, str] | None:
    """A letter's document exactly as received: bytes, media type and file name."""
    row = session.get(schema.Letter, letter_id)
    if row is None:
        return None
    raw = row.raw_document
    return raw.content, raw.media_type, raw.original_name

"""Write threading into the record: reviews, rounds, letter links and each comment's life.

`rebuild(session, companies)` re-threads only the letters of those companies (a batch's):
threading never joins two companies' letters, so the rest of the record is left as it is.

Review ids stay stable across rebuilds: a review whose opening staff letter opened a review
before keeps that review's id (and rounds keep theirs by staff letter), so links people made
to them survive a re-ingest or a parser upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.letters.matching import number_answers
from reviewdesk.record import schema
from reviewdesk.reviews.calendar import response_due
from reviewdesk.reviews.checks import AttachmentShare, attachment_share
from reviewdesk.reviews.lifecycle import comment_lives
from reviewdesk.reviews.model import Review
from reviewdesk.reviews.store_letters import Companies, chunks, stored_letters, thread_letter
from reviewdesk.reviews.threading import thread


@dataclass(frozen=True, slots=True)
class RebuildSummary:
    """What a rebuild wrote: reviews kept, made and removed, rounds, and letters threaded."""

    reviews: int
    open_reviews: int
    kept: int
    created: int
    removed: int
    rounds: int
    letters_threaded: int
    letters_unthreaded: int
    comments_followed_up: int
    attachment: AttachmentShare
    links_before: frozenset[tuple[int, int]] = frozenset()
    """(response id, comment id) of each answer of the re-threaded letters linked to the
    comment it answers, as stored before the rebuild ..."""
    links: frozenset[tuple[int, int]] = frozenset()
    """... and as the rebuild wrote them."""


def _previous_openings(session: Session, review_ids: set[int] | None) -> dict[int, int]:
    """Opening staff letter id -> id of the review it opened, from the links stored last time
    (of every review, or of the reviews `review_ids`)."""
    query = select(
        schema.Letter.review_id,
        schema.Letter.id,
        schema.Letter.date,
        schema.Letter.filing_date,
        schema.Letter.role,
    )
    if review_ids is None:
        found = session.execute(query.where(schema.Letter.review_id.is_not(None))).all()
    else:
        found = [
            row
            for chunk in chunks(review_ids)
            for row in session.execute(query.where(schema.Letter.review_id.in_(chunk)))
        ]
    first: dict[int, tuple[bool, date, int]] = {}
    for review_id, letter_id, when, filed, role in found:
        rank = (role != "staff", when or filed or date.max, letter_id)
        if review_id is None:
            continue
        if review_id not in first or rank < first[review_id]:
            first[review_id] = rank
    return {rank[2]: review_id for review_id, rank in first.items()}


def _old_reviews(session: Session, review_ids: set[int] | None) -> dict[int, schema.Review]:
    if review_ids is None:
        return {r.id: r for r in session.scalars(select(schema.Review))}
    return {
        r.id: r
        for chunk in chunks(review_ids)
        for r in session.scalars(select(schema.Review).where(schema.Review.id.in_(chunk)))
    }


def _old_rounds(
    session: Session, review_ids: set[int] | None, letter_ids: set[int]
) -> dict[int | None, schema.Round]:
    """Stored rounds by staff letter: all of them, or those of the reviews and letters given."""
    if review_ids is None:
        return {r.staff_letter_id: r for r in session.scalars(select(schema.Round))}
    found: dict[int | None, schema.Round] = {}
    for column, values in (
        (schema.Round.review_id, review_ids),
        (schema.Round.staff_letter_id, letter_ids),
    ):
        for chunk in chunks(values):
            for r in session.scalars(select(schema.Round).where(column.in_(chunk))):
                found[r.staff_letter_id] = r
    return found


def _review_row(
    session: Session, review: Review, existing: schema.Review | None, company_id: int | None
) -> schema.Review:
    row = existing or schema.Review()
    row.company_id = company_id
    row.opened = review.opened_on
    row.closed = review.closed_on
    row.status = "closed" if review.closed else "open"
    row.file_numbers = sorted(review.file_numbers)
    if existing is None:
        session.add(row)
    return row


def rebuild(session: Session, companies: Companies | None = None) -> RebuildSummary:
    """Re-thread every stored letter (or every letter of `companies`) and write the result;
    the caller commits the session. The summary counts what was re-threaded."""
    rows = {row.id: row for row in stored_letters(session, companies)}
    threading = thread(thread_letter(row) for row in rows.values())
    scope = None if companies is None else {r.review_id for r in rows.values() if r.review_id}
    openings = _previous_openings(session, scope)
    old_reviews = _old_reviews(session, scope)
    old_rounds = _old_rounds(session, scope, set(rows))
    links_before = _links(rows.values())
    for row in rows.values():
        row.review_id = None
        row.round_id = None
        for comment in row.comments:
            comment.status = None
            comment.follow_up_of_id = None
            comment.answered_by_id = None
        for response in row.responses:
            response.comment_id = None
    for round_row in old_rounds.values():
        round_row.number = -round_row.id
    session.flush()

    kept: set[int] = set()
    reviews: list[schema.Review] = []
    for review in threading.reviews:
        opening = rows[int(review.opening.key)]
        previous = openings.get(opening.id)
        existing = old_reviews.get(previous) if previous is not None else None
        company_id = next((rows[int(x.key)].company_id for x in review.letters), None)
        reviews.append(_review_row(session, review, existing, company_id))
        if existing is not None:
            kept.add(existing.id)
    session.flush()  # the new reviews in one insert, their ids in threading order

    rounds: list[list[schema.Round]] = []
    for review, review_row in zip(threading.reviews, reviews, strict=True):
        for letter in review.letters:
            rows[int(letter.key)].review_id = review_row.id
        rounds.append([])
        for number, round_ in enumerate(review.rounds, 1):
            staff_id = int(round_.staff.key)
            round_row = old_rounds.get(staff_id) or schema.Round(staff_letter_id=staff_id)
            round_row.review_id = review_row.id
            round_row.number = number
            round_row.due = response_due(round_.staff.when) if round_.staff.when else None
            round_row.response_letter_id = int(round_.answers[0].key) if round_.answers else None
            round_row.answered = round_.answered_on
            session.add(round_row)
            rounds[-1].append(round_row)
    session.flush()  # the new rounds in one insert, in the same order

    used_rounds: set[int] = set()
    round_count = followed = 0
    for review, review_rounds in zip(threading.reviews, rounds, strict=True):
        for round_, round_row in zip(review.rounds, review_rounds, strict=True):
            used_rounds.add(round_row.id)
            round_count += 1
            for letter in [round_.staff, *round_.answers]:
                rows[int(letter.key)].round_id = round_row.id
        _number_restated_answers(rows, review)
        followed += _write_lives(rows, review)

    for round_row in old_rounds.values():
        if round_row.id not in used_rounds:
            session.delete(round_row)
    removed = [r for r in old_reviews.values() if r.id not in kept]
    for review_row in removed:
        session.delete(review_row)
    session.flush()
    return RebuildSummary(
        reviews=len(threading.reviews),
        open_reviews=sum(not r.closed for r in threading.reviews),
        kept=len(kept),
        created=len(threading.reviews) - len(kept),
        removed=len(removed),
        rounds=round_count,
        letters_threaded=sum(len(r.letters) for r in threading.reviews),
        letters_unthreaded=len(threading.unthreaded),
        comments_followed_up=followed,
        attachment=attachment_share(threading),
        links_before=links_before,
        links=_links(rows.values()),
    )


def _links(rows: Iterable[schema.Letter]) -> frozenset[tuple[int, int]]:
    """(response id, comment id) of the answers of `rows` linked to the comment they answer."""
    return frozenset(
        (response.id, response.comment_id)
        for row in rows
        for response in row.responses
        if response.comment_id is not None
    )


def _number_restated_answers(rows: dict[int, schema.Letter], review: Review) -> None:
    """Answers that restate comments without printing their numbers take the numbers of the
    comments of the staff letter they answer (matched by text), so each comment finds its
    answer; what the letter printed is kept."""
    for round_ in review.rounds:
        staff = rows[int(round_.staff.key)]
        comments = [letters.Comment(c.number, c.heading, c.page, c.text) for c in staff.comments]
        for answer in round_.answers:
            row = rows[int(answer.key)]
            if all(response.number is not None for response in row.responses):
                continue
            readings = [
                letters.Response(r.number, r.comment_text, r.response_text, heading=r.heading)
                for r in row.responses
            ]
            numbered = number_answers(readings, comments)
            for response, reading in zip(row.responses, numbered, strict=True):
                response.number = reading.number
            answer.response_numbers = [response.number for response in row.responses]


def _write_lives(rows: dict[int, schema.Letter], review: Review) -> int:
    """Store each comment's status, what it follows up and what answered it; count follow-ups."""
    followed = 0
    for life in comment_lives(review):
        comment = rows[int(life.comment[0])].comments[life.comment[1]]
        comment.status = life.status.value
        if life.follow_up_of is not None:
            comment.follow_up_of_id = (
                rows[int(life.follow_up_of[0])].comments[life.follow_up_of[1]].id
            )
            followed += 1
        if life.answered_by is not None:
            response = rows[int(life.answered_by[0])].responses[life.answered_by[1]]
            comment.answered_by_id = response.id
            response.comment_id = comment.id
    return followed

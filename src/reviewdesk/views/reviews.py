"""A review as the review page, its /api twin and `reviewdesk review` show it: its rounds as
a timeline, each comment beside the company's answer, follow-ups linked both ways, deadlines
as they stand on a day, the letters and the filings reviewed; and a review as a list line."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.record.labels import ItemLabels
from reviewdesk.reviews.deadlines import DeadlineStatus, deadline_status
from reviewdesk.reviews.queries import review_detail, review_page
from reviewdesk.views.edgar import ReviewedFiling, reviewed_filings
from reviewdesk.views.labels import Labels, comment_label_views, label_view, response_label_views
from reviewdesk.views.letters import LetterRef, anchors, letter_ref
from reviewdesk.views.model import ReadModel

Part = Literal["staff", "response"]
"""The part a letter plays in its round."""
PublicDeadline = Literal["on_time", "late", "open", "no_response", "unanswered", "undated"]
"""A round's deadline as public EDGAR correspondence shows it (DeadlineStatus, with
'no_response' on record for 'overdue')."""


def public_deadline(status: DeadlineStatus) -> PublicDeadline:
    """A round's deadline as public EDGAR correspondence shows it: EDGAR publishes a review's
    letters only after the review ends, and some answers never, so a round past its due date
    without an answer on record has 'no_response' (on record), not 'overdue'."""
    shown: dict[DeadlineStatus, PublicDeadline] = {
        DeadlineStatus.on_time: "on_time",
        DeadlineStatus.late: "late",
        DeadlineStatus.open: "open",
        DeadlineStatus.overdue: "no_response",
        DeadlineStatus.unanswered: "unanswered",
        DeadlineStatus.undated: "undated",
    }
    return shown[status]


class ReviewLine(ReadModel):
    """A review as one line of a list."""

    id: int
    company: str | None
    cik: str | None
    file_numbers: list[str]
    opened: dt.date | None
    closed: dt.date | None
    status: str | None
    rounds: int
    letters: int


class CommentRef(ReadModel):
    """A comment of another letter of the review, as a link."""

    id: int
    number: int | None
    letter_id: int
    letter_date: dt.date | None
    anchor: str


class RoundComment(ReadModel):
    """A staff comment of a round, with the comment it follows up and those following it."""

    id: int
    number: int | None
    heading: str | None
    page: str | None
    text: str
    status: str | None
    anchor: str
    labels: Labels
    follow_up_of: CommentRef | None
    followed_up_by: list[CommentRef]


class RoundAnswer(ReadModel):
    """The company's answer to a comment, with the caption it repeats over it (`heading`,
    none when it repeats none)."""

    id: int
    number: int | None
    heading: str | None
    letter_id: int
    text: str
    labels: Labels


class RoundItem(ReadModel):
    """A comment beside its answer (None while it has none)."""

    comment: RoundComment
    answer: RoundAnswer | None


class RoundView(ReadModel):
    """One round: when it was due and answered, how its deadline stands, its letters and its
    comments beside their answers."""

    number: int
    due: dt.date | None
    answered: dt.date | None
    deadline: PublicDeadline
    staff_letter: LetterRef | None
    response_letter: LetterRef | None
    items: list[RoundItem]


class ReviewLetter(LetterRef):
    """A letter of the review, once, with the round and the part (staff letter or response)
    it plays there; both null for a letter in no round."""

    round: int | None
    part: Part | None


class ReviewReading(ReadModel):
    """A review: the company, its status and dates, its rounds, each of its letters once with
    the round and part it plays, and the filings it reviewed."""

    id: int
    company: str | None
    company_id: int | None
    cik: str | None
    status: str | None
    opened: dt.date | None
    closed: dt.date | None
    file_numbers: list[str]
    rounds: list[RoundView]
    letters: list[ReviewLetter]
    reviewed_filings: list[ReviewedFiling]


class ReviewLines(ReadModel):
    """A page of review lines, newest first, and how many reviews the whole list holds."""

    total: int
    lines: list[ReviewLine]


def review_lines(session: Session, limit: int | None = None, offset: int = 0) -> ReviewLines:
    """`limit` reviews from `offset` as list lines, newest first, with the count of all."""
    found = review_page(session, limit=limit, offset=offset)
    return ReviewLines(
        total=found.total,
        lines=[
            ReviewLine(
                id=r.id,
                company=r.company,
                cik=r.cik,
                file_numbers=r.file_numbers,
                opened=r.opened,
                closed=r.closed,
                status=r.status,
                rounds=r.rounds,
                letters=r.letters,
            )
            for r in found.reviews
        ],
    )


def review(session: Session, review_id: int, today: dt.date) -> ReviewReading | None:
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
    unlabelled = label_view(ItemLabels())
    rounds = []
    parts: dict[int, tuple[int, Part]] = {}
    for round_ in detail.rounds:
        staff = letters.get(round_.staff_letter_id or -1)
        answer = letters.get(round_.response_letter_id or -1)
        played: tuple[tuple[Part, schema.Letter | None], ...] = (
            ("staff", staff),
            ("response", answer),
        )
        for part, playing in played:
            if playing is not None:
                parts.setdefault(playing.id, (round_.number, part))
        moved_on = detail.review.status == "closed" or round_.number < last_round
        items = []
        comments = staff.comments if staff else []
        names = anchors([(c.number, c.position) for c in comments], "comment")
        for comment, anchor in zip(comments, names, strict=True):
            response = detail.responses_by_id.get(comment.answered_by_id or -1)
            followed = detail.comments_by_id.get(comment.follow_up_of_id or -1)
            items.append(
                RoundItem(
                    comment=RoundComment(
                        id=comment.id,
                        number=comment.number,
                        heading=comment.heading,
                        page=comment.page,
                        text=comment.text,
                        status=comment.status,
                        anchor=anchor,
                        labels=comment_views.get(comment.id) or unlabelled,
                        follow_up_of=_comment_ref(followed, comment_letter, letters)
                        if followed
                        else None,
                        followed_up_by=[
                            _comment_ref(detail.comments_by_id[i], comment_letter, letters)
                            for i in follow_ups.get(comment.id, [])
                        ],
                    ),
                    answer=None
                    if response is None
                    else RoundAnswer(
                        id=response.id,
                        number=response.number,
                        heading=response.heading,
                        letter_id=response.letter_id,
                        text=response.response_text,
                        labels=response_views.get(response.id) or unlabelled,
                    ),
                )
            )
        rounds.append(
            RoundView(
                number=round_.number,
                due=round_.due,
                answered=round_.answered,
                deadline=public_deadline(
                    deadline_status(round_.due, round_.answered, moved_on=moved_on, today=today)
                ),
                staff_letter=letter_ref(staff) if staff else None,
                response_letter=letter_ref(answer) if answer else None,
                items=items,
            )
        )
    first = detail.letters[0] if detail.letters else None
    return ReviewReading(
        id=detail.review.id,
        company=next((x.company_shown for x in detail.letters if x.company_shown), None),
        company_id=detail.review.company_id,
        cik=first.cik if first else None,
        status=detail.review.status,
        opened=detail.review.opened,
        closed=detail.review.closed,
        file_numbers=list(detail.review.file_numbers or []),
        rounds=rounds,
        letters=[
            ReviewLetter(
                **letter_ref(x).model_dump(),
                round=parts[x.id][0] if x.id in parts else None,
                part=parts[x.id][1] if x.id in parts else None,
            )
            for x in detail.letters
        ],
        reviewed_filings=reviewed_filings(session, review_id),
    )


def _comment_ref(
    comment: schema.Comment,
    comment_letter: dict[int, schema.Letter],
    letters: dict[int, schema.Letter],
) -> CommentRef:
    letter = comment_letter.get(comment.id) or letters.get(comment.letter_id)
    return CommentRef(
        id=comment.id,
        number=comment.number,
        letter_id=comment.letter_id,
        letter_date=(letter.date or letter.filing_date) if letter else None,
        anchor=f"comment-{comment.number if comment.number is not None else comment.position + 1}",
    )

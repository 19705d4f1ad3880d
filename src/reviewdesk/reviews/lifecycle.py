"""Each comment's life across the rounds of a review: issued, answered, followed up, resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reviewdesk.letters.references import PriorReference, prior_references
from reviewdesk.reviews.model import CommentStatus, Review, Round, ThreadLetter
from reviewdesk.reviews.threading import CITED_DATE_SLACK_DAYS

CommentRef = tuple[str, int]
"""A comment by (staff letter key, position in that letter's comments)."""

ResponseRef = tuple[str, int]
"""A response by (company letter key, position in that letter's responses)."""


@dataclass(slots=True)
class CommentLife:
    """Where one comment stands: who answered it, what it follows up, what follows it up."""

    comment: CommentRef
    number: int | None
    round_index: int
    status: CommentStatus = CommentStatus.issued
    answered_by: ResponseRef | None = None
    follow_up_of: CommentRef | None = None
    followed_up_by: list[CommentRef] = field(default_factory=list)


def _answer(round_: Round, number: int | None) -> ResponseRef | None:
    """The first response in the round's answers carrying this comment number."""
    if number is None:
        return None
    for answer in round_.answers:
        for index, response_number in enumerate(answer.response_numbers):
            if response_number == number:
                return (answer.key, index)
    return None


def _near(one: ThreadLetter, when: date) -> bool:
    """Whether the letter is dated within the slack of `when`."""
    letter_date = one.date or one.filed
    return letter_date is not None and abs((letter_date - when).days) <= CITED_DATE_SLACK_DAYS


def _target_round(review: Review, index: int, reference: PriorReference) -> Round | None:
    """The earlier round a reference points at: by the date it names, else the previous round."""
    earlier = review.rounds[:index]
    if not earlier:
        return None
    wanted = reference.letter_date or review.rounds[index].staff.prior_letter_date
    if wanted is not None:
        for round_ in reversed(earlier):
            if _near(round_.staff, wanted):
                return round_
        for round_ in reversed(earlier):
            if any(_near(answer, wanted) for answer in round_.answers):
                return round_
    return earlier[-1]


def comment_lives(review: Review) -> list[CommentLife]:
    """The life of every comment of every round of the review, in round and comment order."""
    lives: dict[CommentRef, CommentLife] = {}
    for index, round_ in enumerate(review.rounds):
        for position, comment in enumerate(round_.staff.comments):
            ref = (round_.staff.key, position)
            lives[ref] = CommentLife(
                comment=ref,
                number=comment.number,
                round_index=index,
                answered_by=_answer(round_, comment.number),
            )
    for index, round_ in enumerate(review.rounds):
        for position, comment in enumerate(round_.staff.comments):
            life = lives[(round_.staff.key, position)]
            for reference in prior_references(comment.text):
                target = _target_round(review, index, reference)
                if target is None:
                    continue
                found = next(
                    (
                        (target.staff.key, p)
                        for p, c in enumerate(target.staff.comments)
                        if c.number == reference.number
                    ),
                    None,
                )
                if found is None:
                    continue
                if life.follow_up_of is None:
                    life.follow_up_of = found
                if life.comment not in lives[found].followed_up_by:
                    lives[found].followed_up_by.append(life.comment)
    last = len(review.rounds) - 1
    for life in lives.values():
        if life.followed_up_by:
            life.status = CommentStatus.followed_up
        elif review.closed or life.round_index < last:
            life.status = CommentStatus.resolved
        elif life.answered_by is not None:
            life.status = CommentStatus.answered
        else:
            life.status = CommentStatus.issued
    return list(lives.values())

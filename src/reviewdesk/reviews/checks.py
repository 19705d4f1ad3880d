"""How well letters thread: responses attached to the letter they cite, and review consistency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reviewdesk.reviews.model import Review, ThreadLetter
from reviewdesk.reviews.threading import CITED_DATE_SLACK_DAYS, Threading


@dataclass(frozen=True, slots=True)
class AttachmentShare:
    """Company response letters that cite a staff letter's date, and how many thread to it."""

    responses: int
    citing: int
    attached_exact: int
    attached_near: int

    @property
    def share(self) -> float:
        """Share of citing responses attached to the staff letter of exactly the cited date."""
        return self.attached_exact / self.citing if self.citing else 1.0

    @property
    def share_near(self) -> float:
        """The same, accepting a staff letter dated within the slack of the cited date."""
        return self.attached_near / self.citing if self.citing else 1.0


def attachment_share(threading: Threading) -> AttachmentShare:
    """Of the company response letters citing a date, how many answer the letter of that date."""
    letters: dict[str, ThreadLetter] = {
        x.key: x for review in threading.reviews for x in review.letters
    }
    responses = [x for x in letters.values() if x.company_letter and x.kind == "response"]
    responses += [x for x in threading.unthreaded if x.company_letter and x.kind == "response"]
    citing = exact = near = 0
    for letter in responses:
        if letter.in_reply_to is None:
            continue
        citing += 1
        staff_key = threading.answers.get(letter.key)
        staff = letters.get(staff_key) if staff_key is not None else None
        staff_date = (staff.date or staff.filed) if staff is not None else None
        if staff_date is None:
            continue
        gap = abs((staff_date - letter.in_reply_to).days)
        exact += gap == 0
        near += gap <= CITED_DATE_SLACK_DAYS
    return AttachmentShare(len(responses), citing, exact, near)


@dataclass(frozen=True, slots=True)
class ReviewProblem:
    """Something about a threaded review that does not hold: which letter, and what."""

    letter: str
    problem: str


def _later(letter: ThreadLetter, earlier: date | None, what: str) -> list[ReviewProblem]:
    if earlier is None or letter.when is None or letter.when >= earlier:
        return []
    return [ReviewProblem(letter.key, f"dated {letter.when} before {what} ({earlier})")]


def _misprint(one: str, other: str) -> bool:
    """Two file numbers one mistyped digit apart (or two neighbours swapped): `0-14338`/`0-14388`."""
    if one.split("-")[0] != other.split("-")[0] or len(one) != len(other):
        return False
    diff = [i for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
    if len(diff) == 1:
        return True
    i = diff[0] if len(diff) == 2 and diff[1] == diff[0] + 1 else -1
    return i >= 0 and one[i] == other[i + 1] and one[i + 1] == other[i]


def _fits(numbers: frozenset[str], anchor: set[str]) -> bool:
    """Whether a letter's file numbers share one with the review's, allowing a misprint."""
    return bool(numbers & anchor) or any(_misprint(a, b) for a in numbers for b in anchor)


def review_problems(review: Review) -> list[ReviewProblem]:
    """Dates out of order within the review, and letters whose file numbers do not fit it."""
    problems: list[ReviewProblem] = []
    for letter in review.letters:
        if letter.when is None:
            problems.append(ReviewProblem(letter.key, "has no date and no EDGAR filing date"))
    previous: date | None = None
    for number, round_ in enumerate(review.rounds, 1):
        problems += _later(round_.staff, previous, f"round {number - 1}'s staff letter")
        previous = round_.staff.when or previous
        for answer in round_.answers:
            problems += _later(answer, round_.staff.when, f"the round {number} letter it answers")
    if review.closing is not None:
        for round_ in review.rounds:
            problems += _later(
                review.closing, round_.staff.when, f"comment letter {round_.staff.key}"
            )
    anchor = set(review.opening.file_numbers) or set(review.file_numbers)
    for letter in review.letters:
        if anchor and letter.file_numbers and not _fits(letter.file_numbers, anchor):
            numbers = ", ".join(sorted(letter.file_numbers))
            problems.append(
                ReviewProblem(letter.key, f"file numbers {numbers} not among the review's")
            )
    return problems

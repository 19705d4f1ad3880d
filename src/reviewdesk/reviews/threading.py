"""Thread a company's letters into reviews and rounds.

Staff letters come first, in date order: a comment letter that follows up an earlier one (it
cites its date, refers to prior comments, or is on the same registration statement) joins that
letter's review as a new round; any other comment letter or a no-review letter opens a review; a
completion letter closes the open review of its filing. Company letters then attach: a response
to the staff letter whose date it cites (a few days' slack), else to the nearest earlier open
comment letter of its filing; acceleration requests and other letters to the review of their filing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from reviewdesk.letters.references import prior_references
from reviewdesk.reviews.model import Review, Round, ThreadLetter

CITED_DATE_SLACK_DAYS = 3
"""A response that cites a date this many days off still answers the staff letter of that date."""

_REGISTRATION_PREFIXES = ("333-", "377-", "367-", "2-", "811-", "814-")


@dataclass(slots=True)
class Threading:
    """Reviews built from a set of letters, the letters no review took, and who answers whom."""

    reviews: list[Review] = field(default_factory=list)
    unthreaded: list[ThreadLetter] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    """Company letter key -> key of the staff letter it answers."""

    def review_of(self, key: str) -> Review | None:
        """The review holding the letter with this key."""
        for review in self.reviews:
            if any(letter.key == key for letter in review.letters):
                return review
        return None


def staff_kind(letter: ThreadLetter) -> str:
    """The kind threading uses for a staff letter: its reading's, or `comments` when it has some."""
    if letter.kind in {"comments", "completion", "no_review"}:
        return letter.kind
    return "comments" if letter.comments else (letter.kind or "other")


def _company_key(letter: ThreadLetter) -> str:
    if letter.cik:
        return f"cik:{letter.cik}"
    if letter.company:
        return "name:" + squeezed_name(letter.company)
    return "unknown"


def _order(letter: ThreadLetter) -> tuple[bool, date, int, int, str]:
    """Date order, staff letters first on a day, then by key (numerically when it is a number)."""
    when = letter.when
    number = int(letter.key) if letter.key.isdigit() else 0
    return (when is None, when or date.min, 0 if letter.staff else 1, number, letter.key)


_LEGAL_FORMS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc plc lp llp nv sa ag se".split()
)
"""Words of a company's legal form, which letters write in full or not ("BB&T CORP" in the
staff's Re: block, "BB&T Corporation" on the company's letterhead)."""


def squeezed_name(value: str | None) -> str:
    """A company name reduced to lower-case ASCII letters and digits, without an aside in
    parentheses ("Citigroup Inc. (Citigroup or Citi)") or the words of its legal form at the
    end: how threading tells apart companies that give no CIK."""
    folded = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    plain = re.sub(r"\([^)]*\)", " ", folded.lower()).replace(".", "")
    words = re.findall(r"[a-z0-9]+", plain)
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return "".join(words) or re.sub(r"[^a-z0-9]", "", (value or "").lower())


def _eligible(review: Review, letter: ThreadLetter) -> bool:
    """A letter may join a review when their file numbers overlap or either side has none."""
    if letter.file_numbers and review.file_numbers:
        return bool(letter.file_numbers & review.file_numbers)
    return True


def _open_at(review: Review, when: date | None) -> bool:
    """Whether the review was open on `when` (opened by then, not yet closed)."""
    if when is None:
        return not review.closed
    opened = review.opened_on
    if opened is not None and opened > when:
        return False
    closed = review.closed_on
    return closed is None or closed >= when


def _score(review: Review, letter: ThreadLetter) -> tuple[bool, bool, bool, date]:
    forms = {f for x in review.letters for f in x.forms}
    names = {squeezed_name(x.company) for x in review.letters if x.company}
    return (
        bool(letter.file_numbers & review.file_numbers),
        bool(letter.forms & forms),
        squeezed_name(letter.company) in names,
        review.opened_on or date.min,
    )


def _best(candidates: Iterable[Review], letter: ThreadLetter) -> Review | None:
    eligible = [r for r in candidates if _eligible(r, letter)]
    return max(eligible, key=lambda r: _score(r, letter)) if eligible else None


def _near(one: date | None, other: date | None) -> int | None:
    """Days between two dates when both are known and within the slack, else None."""
    if one is None or other is None:
        return None
    gap = abs((one - other).days)
    return gap if gap <= CITED_DATE_SLACK_DAYS else None


def _follows_up(letter: ThreadLetter) -> bool:
    """Whether a staff comment letter reads as a further round rather than a fresh review."""
    if letter.refers_to_prior or letter.prior_letter_date is not None:
        return True
    return any(prior_references(c.text) for c in letter.comments)


def _continues_registration(letter: ThreadLetter, review: Review) -> bool:
    """A further comment letter on the same registration statement belongs to its review."""
    shared = letter.file_numbers & review.file_numbers
    return any(n.startswith(_REGISTRATION_PREFIXES) for n in shared)


class _CompanyThreader:
    """Threads the letters of one company."""

    def __init__(self, result: Threading) -> None:
        self.result = result
        self.reviews: list[Review] = []

    def _add(self, review: Review, letter: ThreadLetter) -> None:
        review.letters.append(letter)
        review.file_numbers |= letter.file_numbers

    def _open(self, letter: ThreadLetter) -> Review:
        review = Review(opening=letter)
        self._add(review, letter)
        self.reviews.append(review)
        self.result.reviews.append(review)
        return review

    def _cited_review(self, letter: ThreadLetter) -> Review | None:
        """The review holding a staff letter whose date this comment letter cites."""
        cited = [letter.prior_letter_date] + [
            ref.letter_date for c in letter.comments for ref in prior_references(c.text)
        ]
        for when in cited:
            for review in self.reviews:
                if review.closed:
                    continue
                if any(
                    x.staff and _near(x.date or x.filed, when) is not None for x in review.letters
                ):
                    return review
        return None

    def staff(self, letter: ThreadLetter) -> None:
        kind = staff_kind(letter)
        open_reviews = [r for r in self.reviews if not r.closed]
        if kind == "comments":
            review = self._cited_review(letter)
            if review is None:
                best = _best(open_reviews, letter)
                if best is not None and (
                    _follows_up(letter) or _continues_registration(letter, best)
                ):
                    review = best
            if review is None:
                review = self._open(letter)
            else:
                self._add(review, letter)
            review.rounds.append(Round(staff=letter))
        elif kind == "no_review":
            self._open(letter).closing = letter
        elif kind == "completion":
            review = _best(open_reviews, letter)
            if review is None:
                review = self._open(letter)
            else:
                self._add(review, letter)
            review.closing = letter
        else:
            self.attach_to_filing(letter)

    def _answered(self, letter: ThreadLetter) -> ThreadLetter | None:
        """The staff letter a company response answers."""
        staff = [x for r in self.reviews for x in r.letters if x.staff]
        if letter.when is not None:
            staff = [x for x in staff if x.when is None or x.when <= letter.when]
        if letter.in_reply_to is not None:
            answered = {
                id(round_.staff) for r in self.reviews for round_ in r.rounds if round_.answers
            }
            cited = [
                (
                    gap,
                    staff_kind(x) != "comments",
                    not (x.file_numbers & letter.file_numbers),
                    id(x) in answered,
                    _order(x),
                    x,
                )
                for x in staff
                if (gap := _near(x.date or x.filed, letter.in_reply_to)) is not None
            ]
            if cited:
                # Letters of one day (two rounds answered the day they were sent) tie on the
                # date: the earliest letter not yet answered is the one this response answers.
                return min(cited, key=lambda c: c[:5])[5]
        earlier = [
            x
            for r in self.reviews
            if _eligible(r, letter) and _open_at(r, letter.when)
            for x in (round_.staff for round_ in r.rounds)
            if x in staff
        ]
        if not earlier and not letter.file_numbers:
            earlier = [x for x in staff if staff_kind(x) == "comments"]
        return max(earlier, key=_order) if earlier else None

    def company(self, letter: ThreadLetter) -> None:
        responding = letter.kind == "response" or (
            letter.kind is None and bool(letter.in_reply_to or letter.response_numbers)
        )
        if responding:
            staff = self._answered(letter)
            if staff is not None:
                review = next(r for r in self.reviews if any(x is staff for x in r.letters))
                self._add(review, letter)
                self.result.answers[letter.key] = staff.key
                for round_ in review.rounds:
                    if round_.staff is staff:
                        round_.answers.append(letter)
                return
        self.attach_to_filing(letter)

    def attach_to_filing(self, letter: ThreadLetter) -> None:
        """Attach a letter that answers nothing to the review of its filing.

        The review open on its date comes first; a letter naming file numbers may also join
        the latest earlier review of those file numbers (an acceleration request after the
        completion letter); one naming none, and fitting no open review, stays unthreaded.
        """
        home = _best([r for r in self.reviews if _open_at(r, letter.when)], letter)
        if home is None and letter.file_numbers:
            earlier = [
                r
                for r in self.reviews
                if letter.file_numbers & r.file_numbers
                and (letter.when is None or (r.opened_on or date.min) <= letter.when)
            ]
            home = _best(earlier, letter)
        if home is None:
            self.result.unthreaded.append(letter)
        else:
            self._add(home, letter)


def thread(letters: Iterable[ThreadLetter]) -> Threading:
    """Thread letters (of any number of companies) into reviews, rounds and answers."""
    result = Threading()
    by_company: dict[str, list[ThreadLetter]] = defaultdict(list)
    for letter in letters:
        by_company[_company_key(letter)].append(letter)
    for key in sorted(by_company):
        group = sorted(by_company[key], key=_order)
        threader = _CompanyThreader(result)
        for letter in group:
            if letter.staff:
                threader.staff(letter)
        for letter in group:
            if letter.company_letter:
                threader.company(letter)
            elif not letter.staff:
                result.unthreaded.append(letter)
    for review in result.reviews:
        review.letters.sort(key=_order)
        for round_ in review.rounds:
            round_.answers.sort(key=_order)
    return result

"""A staff comment and the company's answers to it are about the same thing (an answer's
topics are those of the comment it answers: TOPICS.md), so where both were read together
their topics are read together: the comment's topic odds and its answers' averaged, then
read once, and given to the comment and to each answer.

Cross-validated on the dev labels (benchmarks/topics_cv.py --methods together, answers
paired by threading, README), reading the pair together takes topic F1 from 0.737 to 0.752
and the main topic from 0.809 to 0.827: a comment's answer often names what the comment only
points at, and an answer alone lacks the caption the staff letter gave it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters.about.compiled import CompiledModel, TopicOdds
from reviewdesk.letters.about.features import Passage
from reviewdesk.letters.about.labels import comment_passage, letter_forms, response_passage
from reviewdesk.letters.identifiers import iso_date
from reviewdesk.letters.matching import restates
from reviewdesk.letters.model import Comment, Letter, Response
from reviewdesk.reviews.model import ThreadLetter
from reviewdesk.reviews.threading import CITED_DATE_SLACK_DAYS, thread

COMMENT_WEIGHT = 0.5
"""The comment's share of the joint odds; its answers share the rest equally."""


@dataclass(slots=True)
class Conversation:
    """One staff comment and the answers to it found among the letters read."""

    comment: Comment
    forms: tuple[str, ...]
    answers: list[tuple[Response, tuple[str, ...]]] = field(default_factory=list)
    """Each answer with the forms of its letter."""


def conversations(
    letters: Sequence[Letter], headers: Sequence[SubmissionHeader | None] | None = None
) -> list[Conversation]:
    """The comments of `letters` answered by a response among them, each with its answers:
    the letters are threaded as the record threads them (by CIK where a header gives one,
    else by company name, file numbers and dates) and an answer goes with the comment of the
    staff letter it answers that has its number, unless the answer shows it answers another
    letter: it restates a comment that is not this one, or (restating nothing) its letter
    cites the date of another staff letter. Threading falls back on an earlier round when the
    letter answered is not among those read; numbers alone would then pair across rounds."""
    known = headers or [None] * len(letters)
    readable = [
        _thread_letter(str(index), letter, header)
        for index, (letter, header) in enumerate(zip(letters, known, strict=True))
        if letter.error is None and (letter.comments or letter.responses)
    ]
    found: dict[tuple[int, int], Conversation] = {}
    for company_key, staff_key in sorted(thread(readable).answers.items()):
        staff, company = letters[int(staff_key)], letters[int(company_key)]
        numbered = _numbered(staff.comments)
        staff_forms, company_forms = letter_forms(staff), letter_forms(company)
        another = cites_another(company.in_reply_to, iso_date(staff.date))
        for response in company.responses:
            comment = numbered.get(response.number) if response.number is not None else None
            if comment is None or not read_with(comment, response, another):
                continue
            key = (int(staff_key), response.number or 0)
            talk = found.setdefault(key, Conversation(comment, staff_forms))
            talk.answers.append((response, company_forms))
    return [found[key] for key in sorted(found)]


def _numbered(comments: Sequence[Comment]) -> dict[int, Comment]:
    """The comments by number; a number printed twice pairs with neither."""
    seen: dict[int, Comment] = {}
    twice: set[int] = set()
    for comment in comments:
        if comment.number is None:
            continue
        if comment.number in seen:
            twice.add(comment.number)
        seen[comment.number] = comment
    return {n: c for n, c in seen.items() if n not in twice}


def read_with(comment: Comment, response: Response, cites_another: bool) -> bool:
    """Whether an answer numbered for `comment` is read with it: both give something to read,
    and the answer does not show it answers another letter (it restates another comment, or,
    restating nothing, its letter cites another staff letter's date: `cites_another`)."""
    if not response.response_text.strip():
        return False
    if not (comment.text.strip() or (comment.heading or "").strip()):
        return False
    same = restates(response, comment)
    return not (same is False or (same is None and cites_another))


def cites_another(in_reply_to: str | None, staff_date: date | None) -> bool:
    """Whether a company letter replying to the letter it cites (`in_reply_to`) cites a staff
    letter of another date than `staff_date`."""
    cited = iso_date(in_reply_to)
    if cited is None or staff_date is None:
        return False
    return abs((cited - staff_date).days) > CITED_DATE_SLACK_DAYS


def _thread_letter(key: str, letter: Letter, header: SubmissionHeader | None) -> ThreadLetter:
    if header is None:
        return ThreadLetter.from_letter(letter, key=key)
    return ThreadLetter.from_letter(
        letter, key=key, cik=header.cik, filed=iso_date(header.filed), form=header.form
    )


def read_together(talks: Sequence[Conversation], reader: CompiledModel) -> int:
    """Give each comment and its answers the topics of their joint odds (in place); the
    number of conversations read. Asks and answer classes stay each item's own; the odds
    classify_letter kept are used where the reading has them."""
    for talk in talks:
        topics = joint_topics(
            talk.comment.topic_odds or comment_passage(talk.comment, talk.forms),
            [r.topic_odds or response_passage(r, forms) for r, forms in talk.answers],
            reader,
        )
        talk.comment.topics = list(topics)
        for response, _ in talk.answers:
            response.topics = list(topics)
    return len(talks)


def joint_topics(
    comment: Passage | TopicOdds, answers: Sequence[Passage | TopicOdds], reader: CompiledModel
) -> list[str]:
    """The topics of a comment read together with its answers (passages, or the odds already
    read of them): the comment's odds weigh COMMENT_WEIGHT, the answers share the rest."""
    odds = [
        said if isinstance(said, TopicOdds) else reader.odds(said) for said in (comment, *answers)
    ]
    share = (1.0 - COMMENT_WEIGHT) / len(answers)
    return reader.topics(TopicOdds.mean(odds, [COMMENT_WEIGHT] + [share] * len(answers)))

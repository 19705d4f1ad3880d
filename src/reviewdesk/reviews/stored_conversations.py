"""The record reads a staff comment and the answers linked to it together, as `reviewdesk
parse` does (reviews/conversations.py): once threading has linked each answer to the comment
it answers, the comment's and its answers' passages are rebuilt from the stored texts, read
together, and the joint topics become the machine's topic labels of the comment and of each
answer (people's labels stay and keep counting). A linked answer is read with the comment as
parse pairs them: same number, and nothing showing it answers another letter
(`conversations.read_with`). Scoped to what a threading run changed: the conversations with
an item of a letter it stored or re-read, or whose links it changed; an item that lost its
link, or is linked but not read with its comment, is read alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.letters.about.compiled import CompiledModel, TopicOdds
from reviewdesk.letters.about.features import Passage
from reviewdesk.letters.about.labels import comment_passage, response_passage
from reviewdesk.record import schema
from reviewdesk.record.batch import ItemOdds
from reviewdesk.record.labels import write_machine_topics
from reviewdesk.reviews.conversations import cites_another, joint_topics, read_with
from reviewdesk.reviews.rebuild import RebuildSummary
from reviewdesk.reviews.store_letters import chunks


@dataclass(frozen=True, slots=True)
class JointReading:
    """What a joint reading did: conversations read together, items read alone (link gone,
    or not read with the comment), and items whose machine topics changed."""

    conversations: int
    alone: int
    changed: int


def read_stored_together(
    session: Session,
    summary: RebuildSummary,
    letter_ids: Collection[int] | None,
    reader: CompiledModel,
    classifier: str,
    now: dt.datetime,
    known: ItemOdds | None = None,
) -> JointReading:
    """Read together each conversation a threading run (`summary`) changed or that has an item
    of `letter_ids` (the letters stored or re-read: their labels were read alone; None: every
    linked conversation), read alone each item that lost its link, and write the topics as
    the machine's (`classifier`). `known`: the odds the read stage gave items just stored,
    by (kind, letter id, position), used instead of reading their passages again (the
    stored passage is the one it read)."""
    known = known or {}
    answers: dict[int, list[int]] = defaultdict(list)
    for response_id, comment_id in sorted(summary.links):
        answers[comment_id].append(response_id)
    wanted = _wanted(session, summary, letter_ids, answers)
    lost_comments = {c for _, c in summary.links_before} - set(answers)
    lost_responses = {r for r, _ in summary.links_before} - {r for r, _ in summary.links}
    comments = _comments(session, wanted | lost_comments)
    responses = _responses(session, {r for c in wanted for r in answers[c]} | lost_responses)
    letters_read = {c.letter_id for c in comments.values()}
    letters_read |= {r.letter_id for r in responses.values()}
    forms = _forms(session, letters_read)
    dates = _dates(session, letters_read)
    twice = _numbers_printed_twice(session, {c.letter_id for c in comments.values()})
    comment_topics: dict[int, list[str]] = {}
    response_topics: dict[int, list[str]] = {}
    read = 0
    for comment_id in sorted(wanted & comments.keys()):
        comment = comments[comment_id]
        said = [
            responses[r]
            for r in answers[comment_id]
            if r in responses
            and (comment.letter_id, comment.number) not in twice
            and _read_with(comment, responses[r], dates)
        ]
        if not said:
            lost_comments.add(comment_id)
            continue
        topics = joint_topics(
            _comment_said(comment, forms, known),
            [_response_said(r, forms, known) for r in said],
            reader,
        )
        comment_topics[comment_id] = topics
        response_topics.update({r.id: list(topics) for r in said})
        read += 1
    unpaired = {r for c in wanted for r in answers[c]} - response_topics.keys()
    alone = lost_comments & comments.keys(), (lost_responses | unpaired) & responses.keys()
    for comment_id in alone[0]:
        comment = comments[comment_id]
        said_any = comment.text.strip() or (comment.heading or "").strip()
        comment_topics[comment_id] = _alone(_comment_said(comment, forms, known), reader, said_any)
    for response_id in alone[1]:
        response = responses[response_id]
        response_topics[response_id] = _alone(
            _response_said(response, forms, known), reader, response.response_text.strip()
        )
    changed = write_machine_topics(session, "comment", comment_topics, classifier, now)
    changed += write_machine_topics(session, "response", response_topics, classifier, now)
    session.flush()
    return JointReading(read, len(alone[0]) + len(alone[1]), changed)


def _wanted(
    session: Session,
    summary: RebuildSummary,
    letter_ids: Collection[int] | None,
    answers: dict[int, list[int]],
) -> set[int]:
    """The answered comments to read together: those with an item of `letter_ids` or whose
    answers the run linked or unlinked (every answered comment when `letter_ids` is None)."""
    if letter_ids is None:
        return set(answers)
    own_comments, own_responses = _items_of(session, letter_ids)
    wanted = {c for c in answers if c in own_comments}
    wanted |= {c for r, c in summary.links if r in own_responses}
    wanted |= {c for _, c in summary.links ^ summary.links_before if c in answers}
    return wanted


def _read_with(
    comment: schema.Comment,
    response: schema.Response,
    dates: dict[int, tuple[dt.date | None, str | None]],
) -> bool:
    """Whether a linked answer is read with the comment, as `reviewdesk parse` pairs them:
    the comment's number is the answer's, and `read_with` holds."""
    if comment.number is None or response.number != comment.number:
        return False
    staff_date, _ = dates.get(comment.letter_id, (None, None))
    _, in_reply_to = dates.get(response.letter_id, (None, None))
    return read_with(_comment(comment), _response(response), cites_another(in_reply_to, staff_date))


def _alone(said_as: Passage | TopicOdds, reader: CompiledModel, said: object) -> list[str]:
    """An item's topics read on its own (from its passage, or the odds read of it), as
    classify_letter reads them (none without text)."""
    if not said:
        return []
    return reader.topics(said_as if isinstance(said_as, TopicOdds) else reader.odds(said_as))


def _items_of(session: Session, letter_ids: Collection[int]) -> tuple[set[int], set[int]]:
    """The ids of the comments and of the responses of these letters."""
    comments: set[int] = set()
    responses: set[int] = set()
    for chunk in chunks(letter_ids):
        comments.update(
            session.scalars(select(schema.Comment.id).where(schema.Comment.letter_id.in_(chunk)))
        )
        responses.update(
            session.scalars(select(schema.Response.id).where(schema.Response.letter_id.in_(chunk)))
        )
    return comments, responses


def _comments(session: Session, ids: Collection[int]) -> dict[int, schema.Comment]:
    return {
        row.id: row
        for chunk in chunks(ids)
        for row in session.scalars(select(schema.Comment).where(schema.Comment.id.in_(chunk)))
    }


def _responses(session: Session, ids: Collection[int]) -> dict[int, schema.Response]:
    return {
        row.id: row
        for chunk in chunks(ids)
        for row in session.scalars(select(schema.Response).where(schema.Response.id.in_(chunk)))
    }


def _forms(session: Session, letter_ids: Collection[int]) -> dict[int, tuple[str, ...]]:
    """Each letter's filing forms, once each in Re: block order (as `letter_forms`)."""
    found: dict[int, dict[str, None]] = defaultdict(dict)
    filing = schema.LetterFiling
    for chunk in chunks(letter_ids):
        for letter_id, form in session.execute(
            select(filing.letter_id, filing.form)
            .where(filing.letter_id.in_(chunk), filing.form.is_not(None))
            .order_by(filing.letter_id, filing.position)
        ):
            if form:
                found[letter_id][form] = None
    return {letter_id: tuple(forms) for letter_id, forms in found.items()}


def _dates(
    session: Session, letter_ids: Collection[int]
) -> dict[int, tuple[dt.date | None, str | None]]:
    """Each letter's date and the date of the letter it says it replies to."""
    letter = schema.Letter
    return {
        row.id: (row.date, row.in_reply_to)
        for chunk in chunks(letter_ids)
        for row in session.execute(
            select(letter.id, letter.date, letter.in_reply_to).where(letter.id.in_(chunk))
        )
    }


def _numbers_printed_twice(
    session: Session, letter_ids: Collection[int]
) -> set[tuple[int, int | None]]:
    """(letter, number) of the comment numbers a staff letter prints twice: they pair with
    neither comment."""
    comment = schema.Comment
    return {
        (letter_id, number)
        for chunk in chunks(letter_ids)
        for letter_id, number in session.execute(
            select(comment.letter_id, comment.number)
            .where(comment.letter_id.in_(chunk), comment.number.is_not(None))
            .group_by(comment.letter_id, comment.number)
            .having(func.count() > 1)
        )
    }


def _comment(row: schema.Comment) -> letters.Comment:
    return letters.Comment(row.number, row.heading, row.page, row.text)


def _response(row: schema.Response) -> letters.Response:
    return letters.Response(row.number, row.comment_text, row.response_text, heading=row.heading)


def _comment_said(
    row: schema.Comment, forms: dict[int, tuple[str, ...]], known: ItemOdds
) -> Passage | TopicOdds:
    """The odds the read stage gave the stored comment, else its passage as its reading gave
    it to the reader."""
    odds = known.get(("comment", row.letter_id, row.position))
    return odds or comment_passage(_comment(row), forms.get(row.letter_id, ()))


def _response_said(
    row: schema.Response, forms: dict[int, tuple[str, ...]], known: ItemOdds
) -> Passage | TopicOdds:
    """The odds the read stage gave the stored answer, else its passage as its reading gave
    it to the reader."""
    odds = known.get(("response", row.letter_id, row.position))
    return odds or response_passage(_response(row), forms.get(row.letter_id, ()))

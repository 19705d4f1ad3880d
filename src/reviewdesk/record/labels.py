"""What each comment is about, asks and cites, and how each answer answers, as the record keeps
it: the machine's labels (classifier and version) rewritten at every reading, people's labels
(who, when) kept apart and never overwritten by one; the effective label is a person's where
one exists. A response linked to the comment it answers carries that comment's topics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, Select, and_, delete, exists, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from reviewdesk import letters
from reviewdesk.errors import Invalid
from reviewdesk.letters import vocabulary
from reviewdesk.letters.vocabulary import Facet
from reviewdesk.record import schema
from reviewdesk.record.trend_upkeep import refresh_trend_facts

Item = Literal["comment", "response"]
Source = Literal["machine", "person"]
MACHINE_FACETS: dict[Item, tuple[str, ...]] = {
    "comment": ("topic", "ask", "cite"),
    "response": ("topic", "answer", "cite"),
}
PERSON_FACETS: dict[Item, tuple[Facet, ...]] = {
    "comment": ("topic", "ask"),
    "response": ("answer",),
}
"""What the machine reads for each kind of item, and what a person may correct."""


class LabelError(Invalid, ValueError):
    """A correction the vocabulary refuses; the message says which codes and what to send."""


@dataclass(frozen=True, slots=True)
class PersonLabel:
    """A person's codes for one facet of one item, and who set them when."""

    codes: list[str]
    by: str
    at: dt.datetime


@dataclass(slots=True)
class ItemLabels:
    """Everything the record says one comment or response is about: effective codes, the
    machine's codes (with the classifier that read them) and people's codes per facet."""

    topics: list[str] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    machine: dict[str, list[str]] = field(default_factory=dict)
    classifier: str | None = None
    people: dict[str, PersonLabel] = field(default_factory=dict)

    def effective(self, facet: str) -> list[str]:
        """The codes that count for `facet`."""
        return {"topic": self.topics, "ask": self.asks, "answer": self.answer, "cite": self.cites}[
            facet
        ]


def _wanted_comment(comment: letters.Comment) -> dict[str, list[str]]:
    return {"topic": comment.topics, "ask": comment.asks, "cite": comment.cites}


def _wanted_response(response: letters.Response) -> dict[str, list[str]]:
    return {"topic": response.topics, "answer": response.answer, "cite": response.cites}


def _item_column(item: Item) -> InstrumentedAttribute[int | None]:
    return schema.Label.comment_id if item == "comment" else schema.Label.response_id


def write_machine_labels(
    session: Session,
    row: schema.Letter,
    reading: letters.Letter,
    classifier: str | None,
    now: dt.datetime,
) -> None:
    """Replace the machine's labels of the letter's comments and responses with those of
    `reading` (rows already synced to it, in order); people's labels stay as they are and keep
    counting. Rows whose codes did not change are left alone."""
    session.flush()
    name, version = _split(classifier)
    _write_machine(
        session,
        "comment",
        [c.id for c in row.comments],
        [_wanted_comment(c) for c in reading.comments],
        name,
        version,
        now,
    )
    _write_machine(
        session,
        "response",
        [r.id for r in row.responses],
        [_wanted_response(r) for r in reading.responses],
        name,
        version,
        now,
    )


def new_machine_label_rows(
    items: Iterable[tuple[int, letters.Comment | letters.Response]],
    classifier: str | None,
    now: dt.datetime,
) -> list[dict[str, object]]:
    """The label rows `write_machine_labels` gives comments and responses that have no
    labels yet ((id, item) pairs, in the order their rows are to be written), as column
    values for one insert of a whole group of new letters."""
    name, version = _split(classifier)
    rows: list[dict[str, object]] = []
    for item_id, item in items:
        kind: Item = "comment" if isinstance(item, letters.Comment) else "response"
        wanted = (
            _wanted_comment(item) if isinstance(item, letters.Comment) else _wanted_response(item)
        )
        for facet, codes in wanted.items():
            rows.extend(
                {
                    "comment_id": item_id if kind == "comment" else None,
                    "response_id": item_id if kind == "response" else None,
                    "facet": facet,
                    "code": code,
                    "rank": rank,
                    "source": "machine",
                    "producer": name,
                    "version": version,
                    "labelled_at": now,
                    "effective": True,
                }
                for rank, code in enumerate(dict.fromkeys(codes))
            )
    return rows


def write_machine_topics(
    session: Session,
    item: Item,
    topics: dict[int, list[str]],
    classifier: str | None,
    now: dt.datetime,
) -> int:
    """Replace the machine's topic labels of these comments or responses (id -> codes, main
    first), as reading a comment with its answers gives them; people's labels stay and keep
    counting, the other facets stay as read. How many items' machine topics changed."""
    name, version = _split(classifier)
    ids = sorted(topics)
    stored: dict[int, list[schema.Label]] = {}
    for start in range(0, len(ids), 500):
        stored.update(_stored(session, item, ids[start : start + 500]))
    changed = 0
    for item_id in ids:
        labels = stored.get(item_id, [])
        before = [x.code for x in labels if x.source == "machine" and x.facet == "topic"]
        _replace_machine(
            session, item, item_id, {"topic": topics[item_id]}, labels, name, version, now
        )
        changed += before != list(dict.fromkeys(topics[item_id]))
    return changed


def _write_machine(
    session: Session,
    item: Item,
    ids: list[int],
    wanted: list[dict[str, list[str]]],
    name: str,
    version: str | None,
    now: dt.datetime,
) -> None:
    if not ids:
        return
    stored = _stored(session, item, ids)
    for item_id, codes in zip(ids, wanted, strict=True):
        _replace_machine(session, item, item_id, codes, stored.get(item_id, []), name, version, now)


def read_by_another_classifier(classifier: str | None) -> ColumnElement[bool]:
    """A condition on letters: some machine label of one of its comments or responses was
    written by a classifier other than `classifier` (another name or version), so the letter's
    labels are stale and a `reparse --stale-only` reads it again."""
    name, version = _split(classifier)
    other = and_(
        schema.Label.source == "machine",
        or_(schema.Label.producer != name, schema.Label.version.is_distinct_from(version)),
    )
    by_comment = (
        select(schema.Label.id)
        .join(schema.Comment, schema.Comment.id == schema.Label.comment_id)
        .where(schema.Comment.letter_id == schema.Letter.id, other)
    )
    by_response = (
        select(schema.Label.id)
        .join(schema.Response, schema.Response.id == schema.Label.response_id)
        .where(schema.Response.letter_id == schema.Letter.id, other)
    )
    return or_(exists(by_comment), exists(by_response))


def _split(classifier: str | None) -> tuple[str, str | None]:
    """'topics-linear 3' -> ('topics-linear', '3'): the classifier's name and version."""
    if not classifier:
        return "unknown", None
    name, _, version = classifier.strip().rpartition(" ")
    return (name, version) if name else (version, None)


def _stored(session: Session, item: Item, ids: Sequence[int]) -> dict[int, list[schema.Label]]:
    column = _item_column(item)
    out: dict[int, list[schema.Label]] = {}
    for label in session.scalars(
        select(schema.Label).where(column.in_(ids)).order_by(schema.Label.rank)
    ):
        key = label.comment_id if item == "comment" else label.response_id
        assert key is not None
        out.setdefault(key, []).append(label)
    return out


def _replace_machine(
    session: Session,
    item: Item,
    item_id: int,
    wanted: dict[str, list[str]],
    stored: list[schema.Label],
    name: str,
    version: str | None,
    now: dt.datetime,
) -> None:
    person_facets = {label.facet for label in stored if label.source == "person"}
    for facet, codes in wanted.items():
        codes = list(dict.fromkeys(codes))
        machine = [x for x in stored if x.source == "machine" and x.facet == facet]
        same = [x.code for x in machine] == codes and all(
            x.producer == name and x.version == version for x in machine
        )
        if same:
            continue
        for old in machine:
            session.delete(old)
        session.add_all(
            _rows(
                item,
                item_id,
                facet,
                codes,
                "machine",
                name,
                version,
                now,
                facet not in person_facets,
            )
        )


def _rows(
    item: Item,
    item_id: int,
    facet: str,
    codes: list[str],
    source: Source,
    producer: str,
    version: str | None,
    at: dt.datetime,
    effective: bool,
) -> list[schema.Label]:
    """One label row per code, ranked in the order given (the main topic first)."""
    return [
        schema.Label(
            comment_id=item_id if item == "comment" else None,
            response_id=item_id if item == "response" else None,
            facet=facet,
            code=code,
            rank=rank,
            source=source,
            producer=producer,
            version=version,
            labelled_at=at,
            effective=effective,
        )
        for rank, code in enumerate(codes)
    ]


def set_person_labels(
    session: Session, item: Item, item_id: int, facet: Facet, codes: list[str], by: str
) -> tuple[list[str], list[str]]:
    """A person's codes for one facet of a comment or response, replacing that facet's earlier
    person label (an empty list hands the facet back to the machine). Returns the effective
    codes before and after. Raises LabelError for codes or facets the vocabulary refuses."""
    codes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    _check(item, facet, codes)
    before = effective_codes(session, item, item_id, facet)
    column = _item_column(item)
    session.execute(
        delete(schema.Label).where(
            column == item_id, schema.Label.facet == facet, schema.Label.source == "person"
        )
    )
    now = dt.datetime.now(dt.UTC)
    session.add_all(_rows(item, item_id, facet, codes, "person", by, None, now, True))
    session.execute(
        update(schema.Label)
        .where(column == item_id, schema.Label.facet == facet, schema.Label.source == "machine")
        .values(effective=not codes)
    )
    session.flush()
    refresh_trend_facts(session, _companies_counting(session, item, item_id))
    return before, effective_codes(session, item, item_id, facet)


def _companies_counting(session: Session, item: Item, item_id: int) -> set[int | None]:
    """The companies whose trend facts count an item's labels: its letter's, and for an
    answer also the answered comment's letter's (answers count under the comment)."""
    Comment, Letter, Response = schema.Comment, schema.Letter, schema.Response
    if item == "comment":
        return set(
            session.scalars(
                select(Letter.company_id)
                .join(Comment, Comment.letter_id == Letter.id)
                .where(Comment.id == item_id)
            )
        )
    own = select(Letter.company_id).join(Response, Response.letter_id == Letter.id)
    answered = (
        select(Letter.company_id)
        .join(Comment, Comment.letter_id == Letter.id)
        .join(Response, Response.comment_id == Comment.id)
    )
    return set(session.scalars(own.where(Response.id == item_id))) | set(
        session.scalars(answered.where(Response.id == item_id))
    )


def _check(item: Item, facet: Facet, codes: list[str]) -> None:
    allowed = PERSON_FACETS[item]
    if facet not in allowed:
        raise LabelError(
            f"a {item}'s {facet} cannot be corrected; a {item} takes {', '.join(allowed)}"
        )
    unknown = vocabulary.unknown_codes(facet, codes)
    if unknown:
        raise LabelError(
            f"unknown {facet} code(s) {', '.join(unknown)}; use codes of TOPICS.md: "
            + ", ".join(vocabulary.CODES[facet])
        )
    if len(codes) > vocabulary.MOST[facet]:
        raise LabelError(
            f"{len(codes)} {facet} codes given; at most {vocabulary.MOST[facet]}, the main first"
        )


def effective_codes(session: Session, item: Item, item_id: int, facet: str) -> list[str]:
    """The codes that count for one facet of one item, main first."""
    column = _item_column(item)
    return list(
        session.scalars(
            select(schema.Label.code)
            .where(column == item_id, schema.Label.facet == facet, schema.Label.effective)
            .order_by(schema.Label.rank)
        )
    )


def comment_labels(session: Session, comment_ids: Iterable[int]) -> dict[int, ItemLabels]:
    """Labels of the given comments, by id (every id present, empty when unlabelled)."""
    return _labels(session, "comment", list(comment_ids))


def response_labels(session: Session, response_ids: Iterable[int]) -> dict[int, ItemLabels]:
    """Labels of the given responses, by id; a response linked to the comment it answers
    takes that comment's effective topics."""
    ids = list(response_ids)
    out = _labels(session, "response", ids)
    links: dict[int, int | None] = {}
    for start in range(0, len(ids), 500):
        for response_id, comment_id in session.execute(
            select(schema.Response.id, schema.Response.comment_id).where(
                schema.Response.id.in_(ids[start : start + 500]),
                schema.Response.comment_id.is_not(None),
            )
        ):
            links[response_id] = comment_id
    answered = comment_labels(session, {c for c in links.values() if c is not None})
    for response_id, comment_id in links.items():
        if comment_id is not None:
            out[response_id].topics = list(answered[comment_id].topics)
    return out


def _labels(session: Session, item: Item, ids: list[int]) -> dict[int, ItemLabels]:
    out = {item_id: ItemLabels() for item_id in ids}
    if not ids:
        return out
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for label in _stored_rows(session, item, chunk):
            key = label.comment_id if item == "comment" else label.response_id
            assert key is not None
            _add(out[key], label)
    return out


def _stored_rows(session: Session, item: Item, ids: list[int]) -> Sequence[schema.Label]:
    return session.scalars(
        select(schema.Label)
        .where(_item_column(item).in_(ids))
        .order_by(schema.Label.source, schema.Label.rank, schema.Label.id)
    ).all()


_EFFECTIVE = {"topic": "topics", "ask": "asks", "answer": "answer", "cite": "cites"}


def _add(labels: ItemLabels, label: schema.Label) -> None:
    if label.effective:
        getattr(labels, _EFFECTIVE[label.facet]).append(label.code)
    if label.source == "machine":
        labels.machine.setdefault(label.facet, []).append(label.code)
        labels.classifier = " ".join(x for x in (label.producer, label.version) if x)
        return
    person = labels.people.get(label.facet)
    if person is None:
        labels.people[label.facet] = PersonLabel([label.code], label.producer, label.labelled_at)
    else:
        person.codes.append(label.code)


def effective_topics(
    session: Session, comment_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """Each comment's effective topics, main first (all labelled comments when no ids are
    given): the record's answer to "what is this comment about" for trends and precedents."""
    query = (
        select(schema.Label.comment_id, schema.Label.code)
        .where(
            schema.Label.facet == "topic",
            schema.Label.effective,
            schema.Label.comment_id.is_not(None),
        )
        .order_by(schema.Label.comment_id, schema.Label.rank)
    )
    out: dict[int, list[str]] = {}
    if comment_ids is None:
        rows = [(row[0], row[1]) for row in session.execute(query)]
    else:
        wanted = list(comment_ids)
        rows = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows.extend(
                (row[0], row[1])
                for row in session.execute(query.where(schema.Label.comment_id.in_(chunk)))
            )
    for comment_id, code in rows:
        assert comment_id is not None
        out.setdefault(comment_id, []).append(code)
    return out


def effective_label_rows(facet: str) -> Select[int | None, int | None, str, int]:
    """A SELECT of (comment_id, response_id, code, rank) of the effective codes of `facet`, to
    join in aggregate queries (trends); response topics come from the linked comment there."""
    return select(
        schema.Label.comment_id,
        schema.Label.response_id,
        schema.Label.code,
        schema.Label.rank,
    ).where(schema.Label.facet == facet, schema.Label.effective)

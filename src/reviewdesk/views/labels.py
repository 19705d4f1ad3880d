"""What the pages and the API show of a comment's or answer's labels: effective codes with
their readable names (topic chips carry their group), citations with the address of their
official text, the machine's reading and the classifier that made it, and each person's
correction with who and when; and the vocabulary a correction form offers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewdesk.letters import vocabulary
from reviewdesk.letters.cites import cite_url
from reviewdesk.letters.vocabulary import Facet
from reviewdesk.record.labels import Item, ItemLabels, comment_labels, response_labels
from reviewdesk.views.model import ReadModel


class Chip(ReadModel):
    """One code as shown: the code, its readable name, and (topics) its group."""

    code: str
    label: str
    group: str | None


class Cite(ReadModel):
    """A cited authority (normal form) and where its official text is, when it has one place."""

    cite: str
    url: str | None


class PersonLabels(ReadModel):
    """A person's codes for one facet, who set them and when (ISO time to the minute)."""

    codes: list[str]
    by: str
    at: str


class Labels(ReadModel):
    """A comment's or answer's labels: effective chips, cites, the machine's codes by facet
    with its classifier, and people's corrections by facet."""

    topics: list[Chip]
    asks: list[Chip]
    answer: list[Chip]
    cites: list[Cite]
    machine: dict[str, list[str]]
    classifier: str | None
    people: dict[str, PersonLabels]


class LabelledItem(Labels):
    """A comment's or answer's labels after a correction, with which item it is."""

    item: Item
    id: int


class Code(ReadModel):
    """A code and its readable name."""

    code: str
    label: str


class TopicGroup(ReadModel):
    """A topic group and its topics."""

    group: str
    topics: list[Code]


class Vocabulary(ReadModel):
    """The choices a correction form offers: topics by group, asks and answer classes."""

    groups: list[TopicGroup]
    asks: list[Code]
    answers: list[Code]


def chips(facet: Facet, codes: list[str]) -> list[Chip]:
    """One chip per code: the code, its readable name, and (topics) its group."""
    out = []
    for code in codes:
        topic = vocabulary.TOPICS.get(code) if facet == "topic" else None
        out.append(
            Chip(
                code=code,
                label=vocabulary.label(facet, code),
                group=topic.group if topic else None,
            )
        )
    return out


def label_view(labels: ItemLabels) -> Labels:
    """A comment's or answer's labels as shown."""
    return Labels(
        topics=chips("topic", labels.topics),
        asks=chips("ask", labels.asks),
        answer=chips("answer", labels.answer),
        cites=[Cite(cite=cite, url=cite_url(cite)) for cite in labels.cites],
        machine={facet: list(codes) for facet, codes in labels.machine.items()},
        classifier=labels.classifier,
        people={
            facet: PersonLabels(codes=list(p.codes), by=p.by, at=p.at.isoformat(timespec="minutes"))
            for facet, p in labels.people.items()
        },
    )


def comment_label_views(session: Session, ids: list[int]) -> dict[int, Labels]:
    """The labels of the given comments as shown, by id."""
    return {i: label_view(x) for i, x in comment_labels(session, ids).items()}


def response_label_views(session: Session, ids: list[int]) -> dict[int, Labels]:
    """The labels of the given responses as shown, by id."""
    return {i: label_view(x) for i, x in response_labels(session, ids).items()}


def item_labels(session: Session, item: Item, item_id: int) -> LabelledItem:
    """One comment's or answer's labels, with which item it is."""
    views = (comment_label_views if item == "comment" else response_label_views)(session, [item_id])
    return LabelledItem(item=item, id=item_id, **views[item_id].model_dump())


def vocabulary_view() -> Vocabulary:
    """The choices a correction form offers: topics by group, asks and answer classes."""
    return Vocabulary(
        groups=[
            TopicGroup(
                group=group,
                topics=[
                    Code(code=t.code, label=t.label)
                    for t in vocabulary.TOPICS.values()
                    if t.group == group
                ],
            )
            for group in vocabulary.GROUPS
        ],
        asks=[Code(code=c, label=name) for c, name in vocabulary.ASKS.items()],
        answers=[Code(code=c, label=name) for c, name in vocabulary.ANSWERS.items()],
    )

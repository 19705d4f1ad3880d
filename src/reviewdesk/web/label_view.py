"""What the pages and the API show of a comment's or answer's labels: effective codes with
their readable names (topic chips carry their group), citations with the address of their
official text, the machine's reading and the classifier that made it, and each person's
correction with who and when."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from reviewdesk.letters import vocabulary
from reviewdesk.letters.cites import cite_url
from reviewdesk.letters.vocabulary import Facet
from reviewdesk.record.labels import ItemLabels, comment_labels, response_labels
from reviewdesk.web.auth import csrf_token, principal

FACET_KEYS: dict[str, Facet] = {"topics": "topic", "asks": "ask", "answer": "answer"}
"""The body and form names of the correctable facets."""


def chips(facet: Facet, codes: list[str]) -> list[dict[str, str | None]]:
    """One chip per code: the code, its readable name, and (topics) its group."""
    out: list[dict[str, str | None]] = []
    for code in codes:
        topic = vocabulary.TOPICS.get(code) if facet == "topic" else None
        out.append(
            {
                "code": code,
                "label": vocabulary.label(facet, code),
                "group": topic.group if topic else None,
            }
        )
    return out


def label_view(labels: ItemLabels) -> dict[str, Any]:
    """A comment's or answer's labels as JSON-ready data."""
    return {
        "topics": chips("topic", labels.topics),
        "asks": chips("ask", labels.asks),
        "answer": chips("answer", labels.answer),
        "cites": [{"cite": cite, "url": cite_url(cite)} for cite in labels.cites],
        "machine": {facet: list(codes) for facet, codes in labels.machine.items()},
        "classifier": labels.classifier,
        "people": {
            facet: {"codes": list(p.codes), "by": p.by, "at": p.at.isoformat(timespec="minutes")}
            for facet, p in labels.people.items()
        },
    }


def comment_label_views(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The labels of the given comments as shown, by id."""
    return {i: label_view(x) for i, x in comment_labels(session, ids).items()}


def response_label_views(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The labels of the given responses as shown, by id."""
    return {i: label_view(x) for i, x in response_labels(session, ids).items()}


def vocabulary_view() -> dict[str, Any]:
    """The choices a correction form offers: topics by group, asks and answer classes."""
    return {
        "groups": [
            {
                "group": group,
                "topics": [
                    {"code": t.code, "label": t.label}
                    for t in vocabulary.TOPICS.values()
                    if t.group == group
                ],
            }
            for group in vocabulary.GROUPS
        ],
        "asks": [{"code": c, "label": name} for c, name in vocabulary.ASKS.items()],
        "answers": [{"code": c, "label": name} for c, name in vocabulary.ANSWERS.items()],
    }


def labelling_context(request: Request) -> dict[str, Any]:
    """What a page needs to offer corrections: whether the viewer may label, the CSRF token
    and the vocabulary (None for everyone but staff and analysts)."""
    who = principal(request)
    if who is None or not who.role.labels:
        return {"labelling": None}
    return {"labelling": {"csrf": csrf_token(request), "vocabulary": vocabulary_view()}}

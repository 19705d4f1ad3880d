"""Every label in the record written as topic label files (eval/TOPICS.md: one
<accession>.json per letter, as in shared/eval/dev-topics), each item with its text and with
who or which classifier gave each facet, each letter with the forms of its Re: block, so `reviewdesk topics train --labels DIR` can learn
from people's corrections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewdesk.record import schema
from reviewdesk.record.labels import ItemLabels, comment_labels, response_labels
from reviewdesk.record.store import Store

FACETS = {"topic": "topics", "ask": "asks", "answer": "answer"}


@dataclass
class LabelExport:
    """What an export wrote: files, items, and items carrying a person's label."""

    letters: int = 0
    items: int = 0
    by_people: int = 0


def export_labels(store: Store, folder: Path, *, people_only: bool = False) -> LabelExport:
    """Write one label file per staff or company letter that has labelled items into
    `folder` (created); with `people_only`, only the items a person labelled (for training)."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = LabelExport()
    with store.session() as session:
        ids = list(session.scalars(select(schema.Letter.id).order_by(schema.Letter.id)))
        for start in range(0, len(ids), 200):
            rows = session.scalars(
                select(schema.Letter)
                .where(schema.Letter.id.in_(ids[start : start + 200]))
                .options(
                    selectinload(schema.Letter.comments),
                    selectinload(schema.Letter.responses),
                    selectinload(schema.Letter.filings),
                )
                .order_by(schema.Letter.id)
            ).all()
            comments = comment_labels(session, [c.id for r in rows for c in r.comments])
            responses = response_labels(session, [x.id for r in rows for x in r.responses])
            for row in rows:
                document = _document(row, comments, responses, people_only)
                if document is None:
                    continue
                items = document["comments"] or document["responses"]
                summary.letters += 1
                summary.items += len(items)
                summary.by_people += sum(
                    any(w["source"] == "person" for w in item["labelled_by"].values())
                    for item in items
                )
                name = row.accession or f"letter-{row.id}"
                (folder / f"{name}.json").write_text(
                    json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                )
    return summary


def _document(
    row: schema.Letter,
    comments: dict[int, ItemLabels],
    responses: dict[int, ItemLabels],
    people_only: bool,
) -> dict[str, Any] | None:
    staff = [
        {
            "number": c.number,
            "topics": comments[c.id].topics,
            "asks": comments[c.id].asks,
            "cites": comments[c.id].cites,
            "note": None,
            "heading": c.heading,
            "text": c.text,
            "labelled_by": _whence(comments[c.id], ("topic", "ask")),
        }
        for c in row.comments
        if _wanted(comments[c.id], people_only)
    ]
    company = [
        {
            "number": r.number,
            "answer": responses[r.id].answer,
            "topics": responses[r.id].topics,
            "cites": responses[r.id].cites,
            "note": None,
            "heading": r.heading,
            "comment_text": r.comment_text,
            "response_text": r.response_text,
            "labelled_by": _whence(responses[r.id], ("answer",)),
        }
        for r in row.responses
        if _wanted(responses[r.id], people_only)
    ]
    if not staff and not company:
        return None
    role = "company" if company and not staff else "staff"
    return {
        "accession": row.accession,
        "role": role,
        "forms": list(dict.fromkeys(f.form for f in row.filings if f.form)),
        "comments": staff if role == "staff" else [],
        "responses": company if role == "company" else [],
    }


def _wanted(labels: ItemLabels, people_only: bool) -> bool:
    if people_only:
        return bool(labels.people)
    return bool(labels.topics or labels.asks or labels.answer or labels.people)


def _whence(labels: ItemLabels, facets: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per facet: a person's (who, when) or the machine's (which classifier)."""
    out: dict[str, dict[str, Any]] = {}
    for facet in facets:
        person = labels.people.get(facet)
        if person is not None:
            out[FACETS[facet]] = {
                "source": "person",
                "by": person.by,
                "at": person.at.isoformat(timespec="seconds"),
            }
        elif labels.machine.get(facet):
            out[FACETS[facet]] = {"source": "machine", "by": labels.classifier}
    return out

"""The checked-in topic labels of corpus comments, keyed by (accession, comment number), which
stay the same across databases where comment ids do not; written from the rules in topics.py."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewdesk.errors import Invalid
from reviewdesk.services.precedents.stored_comments import StoredComment
from reviewdesk.services.precedents.topics import topic_of

LABELS_FILE = Path(__file__).resolve().parent / "topic_labels.csv"
COLUMNS = ("accession", "number", "topic", "source", "matched")

CommentKey = tuple[str, int]
"""A comment by (accession of its staff letter, its printed number)."""


class LabelFileError(Invalid, ValueError):
    """The labels file cannot be read; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class LabelledComment:
    """One line of the labels file."""

    accession: str
    number: int
    topic: str
    source: str
    matched: str


def comment_keys(comments: Iterable[StoredComment]) -> dict[CommentKey, int]:
    """(accession, number) -> comment id, for the comments that key uniquely names."""
    counts: Counter[CommentKey] = Counter()
    ids: dict[CommentKey, int] = {}
    for comment in comments:
        if comment.accession is None or comment.number is None:
            continue
        key = (comment.accession, comment.number)
        counts[key] += 1
        ids[key] = comment.id
    return {key: ids[key] for key, count in counts.items() if count == 1}


def label_comments(comments: Mapping[int, StoredComment]) -> list[LabelledComment]:
    """Every uniquely keyed comment the topic rules label, in accession and number order."""
    out: list[LabelledComment] = []
    for (accession, number), comment_id in comment_keys(comments.values()).items():
        comment = comments[comment_id]
        label = topic_of(comment.heading, comment.text)
        if label is not None:
            out.append(LabelledComment(accession, number, label.topic, label.source, label.matched))
    return sorted(out, key=lambda x: (x.accession, x.number))


def write_labels(labels: Iterable[LabelledComment], path: Path = LABELS_FILE) -> int:
    """Write the labels file; returns the number of lines written."""
    rows = [(x.accession, x.number, x.topic, x.source, x.matched) for x in labels]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


def read_labels(path: Path = LABELS_FILE) -> list[LabelledComment]:
    """The labels file's lines; LabelFileError names the file and line of a bad one."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise LabelFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise LabelFileError(f"{path}: the header must be {','.join(COLUMNS)}")
        out: list[LabelledComment] = []
        for line, row in enumerate(reader, start=2):
            try:
                number = int(row["number"])
            except (TypeError, ValueError) as exc:
                raise LabelFileError(f"{path}, line {line}: number must be an integer") from exc
            out.append(
                LabelledComment(
                    row["accession"], number, row["topic"], row["source"], row["matched"]
                )
            )
    return out


def topics_by_comment_id(
    labels: Iterable[LabelledComment], comments: Mapping[int, StoredComment]
) -> dict[int, LabelledComment]:
    """The labels resolved to the comment ids of one database; keys not found are left out."""
    ids = comment_keys(comments.values())
    return {ids[(x.accession, x.number)]: x for x in labels if (x.accession, x.number) in ids}


def read_hand_labels(folder: Path) -> list[LabelledComment]:
    """The main topic of every numbered staff comment in a folder of topic label files
    (TOPICS.md JSON, e.g. shared/eval/dev-topics), as labels of source 'hand' (`matched`
    holds the codes a reader could fairly choose instead). LabelFileError names a bad file."""
    out: list[LabelledComment] = []
    for path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            if gold["role"] != "staff":
                continue
            for item in gold.get("comments") or []:
                if item.get("number") is None or not item.get("topics"):
                    continue
                also = ",".join(item.get("also") or [])
                out.append(
                    LabelledComment(
                        gold["accession"], int(item["number"]), item["topics"][0], "hand", also
                    )
                )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LabelFileError(f"{path}: not a topic label file ({exc})") from exc
    return out

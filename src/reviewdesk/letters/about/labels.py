"""Hand labels (TOPICS.md gold files, or people's corrections exported in the same form) joined
with the texts they label, read from the letters with this repo's parser."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reviewdesk.letters.about.features import Passage
from reviewdesk.letters.model import Comment, Letter, Response
from reviewdesk.letters.parse import parse_path

DOCUMENT_SUFFIXES = (".pdf", ".htm", ".html", ".txt", ".xml")


@dataclass(frozen=True, slots=True)
class LabelledItem:
    """One labelled comment or answer with its text and the company it belongs to."""

    accession: str
    group: str
    """The company (CIK from the manifest, else the accession): folds never split it."""
    role: Literal["staff", "company"]
    number: int | None
    passage: Passage
    topics: tuple[str, ...]
    also: tuple[str, ...]
    asks: tuple[str, ...]
    answer: tuple[str, ...]


def letter_forms(letter: Letter) -> tuple[str, ...]:
    """The form codes of the filings a letter is about, once each, in Re: block order."""
    return tuple(dict.fromkeys(f.form for f in letter.filings if f.form))


def comment_passage(comment: Comment, forms: tuple[str, ...] = ()) -> Passage:
    """What a staff comment gives to read: its caption and text, and the letter's forms."""
    return Passage(comment.heading, comment.text, forms=forms)


def response_passage(response: Response, forms: tuple[str, ...] = ()) -> Passage:
    """What an answer gives to read: the caption and the comment as restated (if they are),
    the answer, and the letter's forms."""
    return Passage(response.heading, response.comment_text or "", response.response_text, forms)


def companies(manifest: Path | None) -> dict[str, str]:
    """Accession -> CIK from a corpus manifest.csv (empty when there is none)."""
    if manifest is None or not manifest.exists():
        return {}
    with manifest.open(newline="") as handle:
        return {row["accession"]: row["cik"] for row in csv.DictReader(handle)}


def find_document(accession: str, docs: Iterable[Path]) -> Path | None:
    """The labelled letter's document: the first `accession.*` file of a known kind in `docs`."""
    for folder in docs:
        for suffix in DOCUMENT_SUFFIXES:
            path = folder / f"{accession}{suffix}"
            if path.exists():
                return path
    return None


def _pair(gold: list[dict[str, Any]], read: list[Any]) -> list[tuple[dict[str, Any], Any]]:
    """Gold items with their read twins: by number, un-numbered ones in document order (as
    score_topics.py pairs them)."""
    by_number = {it.number: it for it in read if it.number is not None}
    unnumbered = iter([it for it in read if it.number is None])
    out = []
    for g in gold:
        twin = by_number.get(g["number"]) if g.get("number") is not None else next(unnumbered, None)
        out.append((g, twin))
    return out


def _own_passage(role: str, item: dict[str, Any], forms: tuple[str, ...]) -> Passage | None:
    """A label that carries its own text (an export from the record) needs no document."""
    if role == "staff" and item.get("text"):
        return Passage(item.get("heading"), item["text"], forms=forms)
    if role == "company" and item.get("response_text"):
        return Passage(
            item.get("heading"), item.get("comment_text") or "", item["response_text"], forms
        )
    return None


def load_labelled(
    label_dirs: Iterable[Path], docs: Iterable[Path], manifest: Path | None = None
) -> tuple[list[LabelledItem], list[str]]:
    """Every labelled item with its text, and what could not be used (file and why). A later
    label directory's file for the same accession replaces an earlier one's."""
    docs = list(docs)
    cik = companies(manifest)
    files: dict[str, Path] = {}
    for folder in label_dirs:
        for path in sorted(folder.glob("*.json")):
            files[path.stem] = path
    items: list[LabelledItem] = []
    problems: list[str] = []
    for stem in sorted(files):
        path = files[stem]
        try:
            gold = json.loads(path.read_text())
            accession, role = gold["accession"], gold["role"]
        except (ValueError, KeyError, TypeError) as error:
            problems.append(f"{path}: not a topic label file ({error})")
            continue
        gold_items = list(gold.get("comments" if role == "staff" else "responses") or [])
        letter: Letter | None = None
        forms = tuple(str(f) for f in gold.get("forms") or ())
        if not all(_own_passage(role, g, forms) for g in gold_items):
            document = find_document(accession, docs)
            if document is None:
                problems.append(f"{path}: no document {accession}.* in {', '.join(map(str, docs))}")
                continue
            letter = parse_path(document)
            forms = forms or letter_forms(letter)
        read = (letter.comments if role == "staff" else letter.responses) if letter else []
        for g, twin in _pair(gold_items, read):
            passage = _own_passage(role, g, forms)
            if passage is None and twin is not None:
                passage = (
                    comment_passage(twin, forms)
                    if isinstance(twin, Comment)
                    else response_passage(twin, forms)
                )
            if passage is None:
                problems.append(f"{path}: item {g.get('number')} is not in the letter as read")
                continue
            items.append(
                LabelledItem(
                    accession=accession,
                    group=cik.get(accession, accession),
                    role=role,
                    number=g.get("number"),
                    passage=passage,
                    topics=tuple(g.get("topics") or ()),
                    also=tuple(g.get("also") or ()),
                    asks=tuple(g.get("asks") or ()),
                    answer=tuple(g.get("answer") or ()),
                )
            )
    return items, problems

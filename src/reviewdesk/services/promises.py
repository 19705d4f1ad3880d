"""Promised changes: answers that say the disclosure was revised somewhere ("we have revised
page 42", "see the revised disclosure under Risk Factors"), checked against the marked copy.

A promise names pages, section captions, or neither; with neither, the caption of the comment
it answers stands in. Pages are the pages of the new version as read (physical pages: PDF
pages, HTML page breaks, DOCX page breaks), which is where amendments' cross-references point
when the printed page numbers run from the first page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from reviewdesk.letters import Comment
from reviewdesk.services.redline import Entry, Redline

Status = Literal["found", "not_found", "unchecked"]

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(])")
_VERB = re.compile(
    r"\b(?:revised|revise|amended|amend|added|add|updated|update|expanded|expand|deleted|"
    r"removed|clarified|modified|supplemented|enhanced|inserted|replaced|moved|relocated)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|no|decline[sd]?|unnecessary)\b|n't\b", re.I)
_FUTURE_FILINGS = re.compile(r"\bfuture\s+(?:filings?|periodic\s+reports?|reports?)\b", re.I)
_PAGES = re.compile(
    r"\bpages?\s+(\d{1,4}(?:\s*(?:,\s*(?:and\s+)?|and|through|to|-|–|—)\s*\d{1,4})*)", re.I
)
_RANGE = re.compile(r"(\d{1,4})\s*(?:through|to|-|–|—)\s*(\d{1,4})")
_QUOTED = re.compile(
    r"\b(?:under|entitled|captioned|titled|heading|caption|section)\s*(?:the\s+)?(?:caption\s+|"
    r"heading\s+|section\s+)?[\"“]([^\"”]{3,160})[\"”]",
    re.I,
)
_APOSTROPHE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(slots=True)
class Promise:
    """One sentence of an answer that says the filing was revised, and where."""

    number: int | None
    sentence: str
    pages: list[int] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    """Quoted captions the answer names that no caption of the filing matches."""


@dataclass(slots=True)
class PromiseCheck:
    """A promise and whether the marked copy shows a change where it says."""

    promise: Promise
    status: Status
    evidence: list[str] = field(default_factory=list)
    reason: str = ""


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.translate(_APOSTROPHE).lower()).split())


def _captions(redline: Redline) -> list[str]:
    seen: dict[str, None] = {}
    for entry in redline.entries:
        for block in (entry.new, entry.old):
            if block is not None and block.kind == "heading":
                seen.setdefault(block.text, None)
    return sorted(seen, key=len, reverse=True)


def _pages(sentence: str) -> list[int]:
    pages: list[int] = []
    for match in _PAGES.finditer(sentence):
        listed = match.group(1)
        for start, end in _RANGE.findall(listed):
            if int(start) <= int(end) <= int(start) + 50:
                pages.extend(range(int(start), int(end) + 1))
        without_ranges = _RANGE.sub(" ", listed)
        pages.extend(int(n) for n in re.findall(r"\d{1,4}", without_ranges))
    return sorted(set(pages))


def _sections(sentence: str, captions: list[str]) -> tuple[list[str], list[str]]:
    """Captions of the filing the sentence names, and quoted names matching none of them."""
    text = f" {_words(sentence)} "
    found: list[str] = []
    for caption in captions:
        words = _words(caption)
        if not words:
            continue
        if len(words.split()) == 1:
            titled = caption[:1].upper() + caption[1:].lower()
            if not re.search(rf"\b{re.escape(titled)}\b", sentence.translate(_APOSTROPHE)):
                continue
        if f" {words} " in text and not any(words in _words(f) for f in found):
            found.append(caption)
    unmatched: list[str] = []
    for quoted in _QUOTED.findall(sentence):
        name = _words(quoted)
        match = next(
            (
                c
                for c in captions
                if _words(c) and (name.startswith(_words(c)) or _words(c).startswith(name))
            ),
            None,
        )
        if match is None:
            unmatched.append(quoted.strip())
        elif match not in found:
            found.append(match)
    return found, unmatched


def promises_in(number: int | None, answer: str, captions: list[str]) -> list[Promise]:
    """The sentences of an answer that promise a revision of the filing, with their places."""
    out: list[Promise] = []
    for sentence in _SENTENCE.split(" ".join(answer.split())):
        verb = _VERB.search(sentence)
        if verb is None or _FUTURE_FILINGS.search(sentence):
            continue
        if _NEGATION.search(sentence[: verb.start()]):
            continue
        sections, named = _sections(sentence, captions)
        out.append(Promise(number, sentence, _pages(sentence), sections, named))
    return out


def check_promises(
    answers: Mapping[int, str],
    redline: Redline,
    comments: Sequence[Comment] = (),
) -> list[PromiseCheck]:
    """Each promise in the answers, checked against the marked copy, in comment order.

    A promise is found when a change shows on one of the pages it names or under one of the
    captions it names; with no place named, under the caption of the comment it answers.
    """
    captions = _captions(redline)
    headings = {c.number: c.heading for c in comments if c.heading}
    changed = [entry for _, entry in redline.changed_entries()]
    checks: list[PromiseCheck] = []
    for number, answer in answers.items():
        for promise in promises_in(number, answer, captions):
            checks.append(_check(promise, changed, captions, headings.get(number)))
    return checks


def _check(
    promise: Promise, changed: list[Entry], captions: list[str], heading: str | None
) -> PromiseCheck:
    sections = list(promise.sections)
    if not promise.pages and not sections and not promise.named and heading:
        sections, _ = _sections(heading, captions)
        if not sections:
            sections = [c for c in captions if _words(c) and _words(c) in _words(heading)][:1]
    if not promise.pages and not sections and not promise.named:
        return PromiseCheck(promise, "unchecked", reason="the answer names no page or caption")
    evidence = [
        f"page {entry.page}, {entry.section or 'before the first caption'}: {entry.kind}"
        for entry in changed
        if entry.page in promise.pages or (entry.section is not None and entry.section in sections)
    ]
    if evidence:
        return PromiseCheck(promise, "found", evidence)
    places = [f"page {p}" for p in promise.pages] + [f"under {s}" for s in sections]
    places += [f'under "{n}" (no such caption in the filing)' for n in promise.named]
    return PromiseCheck(promise, "not_found", reason="no change " + "; ".join(places))


def not_found(checks: Sequence[PromiseCheck]) -> list[PromiseCheck]:
    """The promises the marked copy does not bear out."""
    return [check for check in checks if check.status == "not_found"]

"""Answers kept with their history: each save that changes the words is a new version with
who, when and what changed. Shared by answers to authored comments and to EDGAR letters."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session


class VersionedAnswer(Protocol):
    """What an answer row offers: its text, version and who last changed it when."""

    id: int
    text: str
    version: int
    updated_by: str
    updated_at: dt.datetime


def tidy_answer(text: str) -> str:
    """Paragraphs kept, whitespace inside each folded: how answers are stored."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())


def describe_change(before: str, after: str) -> str:
    """What an edit changed, in words: '+12 words, -3 words' (or 'first draft')."""
    if not before:
        return f"first draft ({len(after.split())} words)"
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=before.split(), b=after.split(), autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed += a2 - a1
        if op in ("replace", "insert"):
            added += b2 - b1
    return f"+{added} words, -{removed} words" if added or removed else "no change in words"


def revise(
    session: Session,
    answer: VersionedAnswer,
    body: str,
    username: str,
    at: dt.datetime,
    revision: Callable[..., object],
) -> str | None:
    """Make `body` the answer's new version and keep a revision row; None if nothing changed,
    else the description of the change."""
    if body == answer.text:
        return None
    change = describe_change(answer.text, body)
    answer.version += 1
    answer.text, answer.updated_by, answer.updated_at = body, username, at
    session.add(
        revision(
            answer_id=answer.id,
            version=answer.version,
            text=body,
            change=change,
            saved_by=username,
            saved_at=at,
        )
    )
    return change

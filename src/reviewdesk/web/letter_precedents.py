"""Precedents on a staff letter's page: for each comment, the most similar comments from other
companies' letters with the answer each gave and how its thread ended. Each is found through
the record's search index (services/search/similar.py), reading only the comment and its
candidates. A process keeps the precedents it found for at most KEPT comments under the
record's version, read from the database on every request (the newest audit entry that can
change letters or labels, and the newest comment id), so a kept answer is never stale: any
ingest, reparse, threading run or label correction makes a new version and starts afresh."""

from __future__ import annotations

from threading import Lock

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.services.precedents import UnknownComment, find_precedents
from reviewdesk.views.precedents import EXCERPT_CHARS, PrecedentView, precedent_view

PAGE_PRECEDENTS = 3
"""Precedents shown under each comment of a letter page."""
KEPT = 4096
"""Comments whose precedents a process keeps for the record's current version (a few MB)."""
DESK_ACTIONS = ("workflow.%", "answers.%")
"""Audit entries of the desk's own work, which leave letters and labels as they were."""
_LOCK = Lock()

Key = tuple[int, int, int | None]
"""A comment id, how many precedents, and the excerpt length."""


def record_version(session: Session) -> tuple[int, int]:
    """The newest audit entry that may have changed the record's letters or labels (ingest,
    reparse, threading, label corrections; not the desk's workflow or answer drafts), and the
    newest comment id: both read from an index's end."""
    entry = schema.AuditEntry
    newest = session.scalar(
        select(entry.id)
        .where(*(entry.action.not_like(pattern) for pattern in DESK_ACTIONS))
        .order_by(entry.id.desc())
        .limit(1)
    )
    return newest or 0, session.scalar(select(func.max(schema.Comment.id))) or 0


def _kept(request: Request, version: tuple[int, int]) -> dict[Key, list[PrecedentView]]:
    """This app's precedents kept for `version`, emptied when the version moved or it is full."""
    with _LOCK:
        kept: tuple[tuple[int, int], dict[Key, list[PrecedentView]]] | None = getattr(
            request.app.state, "precedents_kept", None
        )
        if kept is None or kept[0] != version or len(kept[1]) >= KEPT:
            kept = (version, {})
            request.app.state.precedents_kept = kept
        return kept[1]


def precedents_by_comment(
    request: Request,
    session: Session,
    comment_ids: list[int],
    k: int = PAGE_PRECEDENTS,
    limit: int | None = EXCERPT_CHARS,
) -> dict[int, list[PrecedentView]]:
    """The top `k` precedents of each comment (none for a comment without text)."""
    kept = _kept(request, record_version(session))
    out: dict[int, list[PrecedentView]] = {}
    for comment_id in comment_ids:
        views = kept.get((comment_id, k, limit))
        if views is None:
            try:
                found = find_precedents(session, comment_id, k)
            except UnknownComment:
                found = []
            views = [precedent_view(p, limit) for p in found]
            kept[(comment_id, k, limit)] = views
        out[comment_id] = views
    return out

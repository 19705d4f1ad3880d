"""Precedents on a staff letter's page: for each comment, the most similar comments from other
companies' letters with the answer each gave and how its thread ended. The index over the
record's comments is built once and kept while the record's letters are unchanged (every
ingest, reparse or threading run adds an audit entry, which is the key of the kept index)."""

from __future__ import annotations

from threading import Lock

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.services.precedents import PrecedentSearch, UnknownComment
from reviewdesk.views.precedents import EXCERPT_CHARS, PrecedentView, precedent_view

PAGE_PRECEDENTS = 3
"""Precedents shown under each comment of a letter page."""
_LOCK = Lock()


DESK_ACTIONS = ("workflow.%", "answers.%")
"""Audit entries of the desk's own work, which leave the record's letters as they were."""


def _record_version(session: Session) -> tuple[int, int]:
    """The newest audit entry that may have changed the record's letters (ingest, reparse,
    threading; not the desk's workflow or answer drafts), and the newest comment id: both read
    from an index's end, not a count over every comment on each letter page."""
    entry = schema.AuditEntry
    newest = session.scalar(
        select(entry.id)
        .where(*(entry.action.not_like(pattern) for pattern in DESK_ACTIONS))
        .order_by(entry.id.desc())
        .limit(1)
    )
    return newest or 0, session.scalar(select(func.max(schema.Comment.id))) or 0


def precedent_index(request: Request, session: Session) -> PrecedentSearch:
    """The app's precedent index over the record as it is now (rebuilt when it changed)."""
    version = _record_version(session)
    with _LOCK:
        kept: tuple[tuple[int, int], PrecedentSearch] | None = getattr(
            request.app.state, "precedent_index", None
        )
        if kept is not None and kept[0] == version:
            return kept[1]
        index = PrecedentSearch.of_session(session)
        request.app.state.precedent_index = (version, index)
        return index


def precedents_by_comment(
    request: Request,
    session: Session,
    comment_ids: list[int],
    k: int = PAGE_PRECEDENTS,
    limit: int | None = EXCERPT_CHARS,
) -> dict[int, list[PrecedentView]]:
    """The top `k` precedents of each comment (none for a comment without text)."""
    index = precedent_index(request, session)
    out: dict[int, list[PrecedentView]] = {}
    for comment_id in comment_ids:
        try:
            out[comment_id] = [precedent_view(p, limit) for p in index.find(comment_id, k)]
        except UnknownComment:
            out[comment_id] = []
    return out

"""Precedents on a staff letter's page: for each comment, the most similar comments from other
companies' letters with the answer each gave and how its thread ended. Each is found through
the record's search index on each request (services/search/similar.py), reading only the
comment and its candidates, so no process keeps an index that could go stale."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from reviewdesk.services.precedents import UnknownComment, find_precedents
from reviewdesk.views.precedents import EXCERPT_CHARS, PrecedentView, precedent_view

PAGE_PRECEDENTS = 3
"""Precedents shown under each comment of a letter page."""


def precedents_by_comment(
    request: Request,
    session: Session,
    comment_ids: list[int],
    k: int = PAGE_PRECEDENTS,
    limit: int | None = EXCERPT_CHARS,
) -> dict[int, list[PrecedentView]]:
    """The top `k` precedents of each comment (none for a comment without text)."""
    out: dict[int, list[PrecedentView]] = {}
    for comment_id in comment_ids:
        try:
            found = find_precedents(session, comment_id, k)
        except UnknownComment:
            found = []
        out[comment_id] = [precedent_view(p, limit) for p in found]
    return out

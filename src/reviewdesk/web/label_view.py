"""What a page needs to offer label corrections: the viewer's right to label, the CSRF token
and the vocabulary (the labels themselves are read models in reviewdesk.views.labels)."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from reviewdesk.letters.vocabulary import Facet
from reviewdesk.views.labels import vocabulary_view
from reviewdesk.web.auth import csrf_token, principal

FACET_KEYS: dict[str, Facet] = {"topics": "topic", "asks": "ask", "answer": "answer"}
"""The body and form names of the correctable facets."""


def labelling_context(request: Request) -> dict[str, Any]:
    """What a page needs to offer corrections: whether the viewer may label, the CSRF token
    and the vocabulary (None for everyone but staff and analysts)."""
    who = principal(request)
    if who is None or not who.role.labels:
        return {"labelling": None}
    return {"labelling": {"csrf": csrf_token(request), "vocabulary": vocabulary_view()}}

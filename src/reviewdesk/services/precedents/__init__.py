"""Precedents: for a staff comment, the most similar comments in other companies' letters,
with the answer each company gave and how its thread ended; BM25 or sentence embeddings."""

from reviewdesk.services.precedents.embedding import EmbeddingUnavailable
from reviewdesk.services.precedents.finder import (
    DEFAULT_METHOD,
    Precedent,
    PrecedentMethod,
    PrecedentSearch,
    UnknownComment,
    find_precedents,
)
from reviewdesk.services.precedents.outcome import Outcome
from reviewdesk.services.precedents.stored_comments import Answer, StoredComment

__all__ = [
    "DEFAULT_METHOD",
    "Answer",
    "EmbeddingUnavailable",
    "Outcome",
    "Precedent",
    "PrecedentMethod",
    "PrecedentSearch",
    "StoredComment",
    "UnknownComment",
    "find_precedents",
]

"""Precedents for a comment: the most similar comments in other companies' letters, each
with the answer that company gave and how its thread ended."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from reviewdesk.services.precedents.bm25 import BM25Index
from reviewdesk.services.precedents.embedding import EmbeddingIndex, Encoder
from reviewdesk.services.precedents.outcome import Outcome
from reviewdesk.services.precedents.stored_comments import Answer, StoredComment, stored_comments


class PrecedentMethod(StrEnum):
    """How comments are compared: BM25 over words, or all-MiniLM-L6-v2 sentence vectors."""

    bm25 = "bm25"
    embedding = "embedding"


DEFAULT_METHOD = PrecedentMethod.bm25
"""The method that measured better on the corpus (see `reviewdesk precedents-eval`)."""


class UnknownComment(LookupError):
    """The comment id is not in the record (or its text is empty)."""


@dataclass(frozen=True, slots=True)
class Precedent:
    """A similar comment from another company, its similarity score, answer and outcome."""

    comment: StoredComment
    score: float

    @property
    def answer(self) -> Answer | None:
        """The answer the other company gave, when the record has it."""
        return self.comment.answer

    @property
    def outcome(self) -> Outcome:
        """How the other company's thread on this comment ended."""
        return self.comment.outcome


class PrecedentSearch:
    """An index over the record's comments, built once and queried many times."""

    def __init__(
        self,
        comments: Mapping[int, StoredComment],
        method: PrecedentMethod = DEFAULT_METHOD,
        *,
        encoder: Encoder | None = None,
    ) -> None:
        self.comments = dict(comments)
        self.method = PrecedentMethod(method)
        texts = {key: comment.search_text for key, comment in self.comments.items()}
        self.bm25: BM25Index | None = None
        self.embedding: EmbeddingIndex | None = None
        if self.method is PrecedentMethod.bm25:
            self.bm25 = BM25Index(texts)
        else:
            self.embedding = EmbeddingIndex(texts, encoder=encoder)

    @classmethod
    def of_session(
        cls, session: Session, method: PrecedentMethod = DEFAULT_METHOD
    ) -> PrecedentSearch:
        """An index over every comment stored in the record `session` reads."""
        return cls(stored_comments(session), method)

    def comment(self, comment_id: int) -> StoredComment:
        """A stored comment by id, or UnknownComment naming the id."""
        found = self.comments.get(comment_id)
        if found is None:
            raise UnknownComment(
                f"comment {comment_id} is not in the record (or has no text); "
                "`reviewdesk review REVIEW_ID` shows each comment with its id "
                "(`reviewdesk reviews` lists the reviews)"
            )
        return found

    def rank(
        self, comment_id: int, among: Iterable[int], k: int | None = None
    ) -> list[tuple[int, float]]:
        """The comments `among` the given ids ranked by similarity to a stored comment."""
        query = self.comment(comment_id)
        candidates = [key for key in among if key != comment_id]
        if self.embedding is not None:
            vector = self.embedding.vector(comment_id)
            return self.embedding.rank_vector(vector, among=candidates, k=k)
        assert self.bm25 is not None
        return self.bm25.rank(query.search_text, among=candidates, k=k)

    def find(self, comment_id: int, k: int = 5) -> list[Precedent]:
        """The `k` most similar comments from companies other than the comment's own."""
        own = self.comment(comment_id).company_key
        others = [key for key, c in self.comments.items() if c.company_key != own]
        return [
            Precedent(self.comments[key], score) for key, score in self.rank(comment_id, others, k)
        ]


def find_precedents(
    session: Session,
    comment_id: int,
    k: int = 5,
    method: PrecedentMethod = DEFAULT_METHOD,
) -> list[Precedent]:
    """The `k` comments most like comment `comment_id` from other companies' letters in the
    record, best first, each with the answer given and how the thread ended."""
    return PrecedentSearch.of_session(session, method).find(comment_id, k)

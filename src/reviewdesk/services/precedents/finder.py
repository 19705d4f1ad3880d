"""Precedents for a comment: the most similar comments in other companies' letters, each
with the answer that company gave and how its thread ended."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from reviewdesk.errors import NotFound
from reviewdesk.services.precedents.bm25 import BM25Index
from reviewdesk.services.precedents.embedding import EmbeddingIndex, Encoder
from reviewdesk.services.precedents.outcome import Outcome
from reviewdesk.services.precedents.stored_comments import (
    Answer,
    StoredComment,
    comments_by_id,
    company_id,
    stored_comments,
)
from reviewdesk.services.precedents.tokens import content_words
from reviewdesk.services.search.similar import similar_comments


class PrecedentMethod(StrEnum):
    """How comments are compared: BM25 over words, or all-MiniLM-L6-v2 sentence vectors."""

    bm25 = "bm25"
    embedding = "embedding"


DEFAULT_METHOD = PrecedentMethod.bm25
"""The method that measured better on the corpus (see `reviewdesk precedents-eval`)."""


SAME_MAIN_TOPIC = 1.5
SHARED_TOPIC = 1.25
TOPIC_POOL = 50
"""Precedents prefer the same topic: among the 50 most similar candidates, a score is
multiplied by 1.5 when the candidate's main topic is the comment's, by 1.25 when they share
another topic (effective topics of the record; nothing changes for unlabelled comments)."""


def topic_weight(query: tuple[str, ...], candidate: tuple[str, ...]) -> float:
    """How much a candidate's topics raise its similarity score to a comment with `query`."""
    if not query or not candidate:
        return 1.0
    if candidate[0] == query[0]:
        return SAME_MAIN_TOPIC
    return SHARED_TOPIC if set(query) & set(candidate) else 1.0


def _weighted(score: float, weight: float) -> float:
    """A similarity raised by `weight` (a negative one moves towards zero)."""
    return score * weight if score >= 0 else score / weight


class UnknownComment(NotFound, LookupError):
    """The comment id is not in the record (or its text is empty)."""


def unknown_comment(comment_id: int) -> UnknownComment:
    """The error for a comment id the record does not hold, saying where ids are listed."""
    return UnknownComment(
        f"comment {comment_id} is not in the record (or has no text); "
        "`reviewdesk review REVIEW_ID` shows each comment with its id "
        "(`reviewdesk reviews` lists the reviews)"
    )


def preferring_topic(
    topics: tuple[str, ...],
    ranked: list[tuple[int, float]],
    topics_of: Callable[[int], tuple[str, ...]],
    k: int | None,
) -> list[tuple[int, float]]:
    """The ranked candidates re-weighted by their topics against a comment's (`topic_weight`),
    best first (stable: equal scores keep their order), cut to `k`."""
    weighted = [
        (key, _weighted(score, topic_weight(topics, topics_of(key)))) for key, score in ranked
    ]
    weighted.sort(key=lambda pair: -pair[1])
    return weighted[:k] if k is not None else weighted


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
        prefer_topic: bool = True,
    ) -> None:
        self.comments = dict(comments)
        self.method = PrecedentMethod(method)
        self.prefer_topic = prefer_topic
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

    @property
    def label(self) -> str:
        """The method's name in measurements."""
        return self.method.value

    def comment(self, comment_id: int) -> StoredComment:
        """A stored comment by id, or UnknownComment naming the id."""
        found = self.comments.get(comment_id)
        if found is None:
            raise unknown_comment(comment_id)
        return found

    def rank(
        self, comment_id: int, among: Iterable[int], k: int | None = None
    ) -> list[tuple[int, float]]:
        """The comments `among` the given ids ranked by similarity to a stored comment."""
        query = self.comment(comment_id)
        candidates = [key for key in among if key != comment_id]
        preferring = self.prefer_topic and bool(query.topics)
        depth = None if k is None or not preferring else max(k, TOPIC_POOL)
        if self.embedding is not None:
            vector = self.embedding.vector(comment_id)
            ranked = self.embedding.rank_vector(vector, among=candidates, k=depth or k)
        else:
            assert self.bm25 is not None
            ranked = self.bm25.rank(query.search_text, among=candidates, k=depth or k)
        if not preferring:
            return ranked
        return preferring_topic(query.topics, ranked, lambda key: self.comments[key].topics, k)

    def find(self, comment_id: int, k: int = 5) -> list[Precedent]:
        """The `k` most similar comments from companies other than the comment's own."""
        own = self.comment(comment_id).company_key
        others = [key for key, c in self.comments.items() if c.company_key != own]
        return [
            Precedent(self.comments[key], score) for key, score in self.rank(comment_id, others, k)
        ]


def stored_comment(session: Session, comment_id: int) -> StoredComment:
    """One stored comment by id, read alone, or UnknownComment naming the id."""
    found = comments_by_id(session, [comment_id]).get(comment_id)
    if found is None:
        raise unknown_comment(comment_id)
    return found


def indexed_rank(
    session: Session,
    query: StoredComment,
    k: int | None,
    read: Callable[[list[int]], Mapping[int, StoredComment]],
    *,
    prefer_topic: bool = True,
    among: Sequence[int] | None = None,
) -> list[tuple[int, float]]:
    """Comments ranked by similarity to `query` through the record's search index
    (services/search/similar.py): other companies' comments, or only those `among` the given
    ids; the best TOPIC_POOL re-weighted by topic when the comment has topics, then cut to
    `k`. `read` gives the candidates' stored comments (their company and topics)."""
    preferring = prefer_topic and bool(query.topics)
    wanted = len(among) if among is not None else (k or TOPIC_POOL)
    pool = max(wanted, TOPIC_POOL) if preferring else wanted
    own = None if among is not None else company_id(query.company_key)
    words = content_words(query.search_text)
    found = similar_comments(session, words, own, pool, among)
    candidates = read([key for key, _ in found])
    ranked = [
        (key, score)
        for key, score in found
        if key in candidates
        and key != query.id
        and (among is not None or candidates[key].company_key != query.company_key)
    ]
    if not preferring:
        return ranked[:k] if k is not None else ranked
    return preferring_topic(query.topics, ranked, lambda key: candidates[key].topics, k)


def indexed_precedents(session: Session, comment_id: int, k: int = 5) -> list[Precedent]:
    """The `k` most similar comments from companies other than the comment's own, found
    through the record's search index; only the comment and its candidates are read."""
    query = stored_comment(session, comment_id)
    candidates: dict[int, StoredComment] = {}

    def read(ids: list[int]) -> Mapping[int, StoredComment]:
        candidates.update(comments_by_id(session, ids))
        return candidates

    ranked = indexed_rank(session, query, k, read)
    return [Precedent(candidates[key], score) for key, score in ranked]


def find_precedents(
    session: Session,
    comment_id: int,
    k: int = 5,
    method: PrecedentMethod = DEFAULT_METHOD,
) -> list[Precedent]:
    """The `k` comments most like comment `comment_id` from other companies' letters in the
    record, best first, each with the answer given and how the thread ended: BM25 through the
    record's search index, reading only the comment and its candidates; the embedding method
    compares the vectors of every stored comment in memory (an opt-in method)."""
    if PrecedentMethod(method) is PrecedentMethod.embedding:
        return PrecedentSearch.of_session(session, method).find(comment_id, k)
    return indexed_precedents(session, comment_id, k)

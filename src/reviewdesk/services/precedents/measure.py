"""How well each method finds precedents, measured two ways on the record.

Topic: for each labelled comment, the share of its top-5 precedents (other companies only)
that carry the same (main) topic label. Labels are the hand labels of shared/eval/dev-topics
(source 'hand') or the keyword rules' (topic_labels.csv). Two settings: 'record' ranks on
caption and text, as the product does; 'blind' ranks on the comment text alone and, with
keyword labels, judges only by labels taken from captions, so the label's words are never
the words the ranker saw (hand labels are judged in both). When the record carries topics,
each method is measured with and without preferring the same topic ('+ topic').

Follow-up: for each follow-up comment the reviews layer linked to an earlier comment, rank
the same company's comments in earlier letters and see whether the earlier comment is among
the top 5 (same two settings: with and without captions)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from reviewdesk.services.precedents.embedding import Encoder
from reviewdesk.services.precedents.finder import PrecedentMethod, PrecedentSearch, indexed_rank
from reviewdesk.services.precedents.labels import LabelledComment, topics_by_comment_id
from reviewdesk.services.precedents.stored_comments import StoredComment

K = 5
SETTINGS = ("record", "blind")


@dataclass(frozen=True, slots=True)
class TopicMeasure:
    """Topic agreement of one method's top-5 precedents in one setting."""

    method: str
    setting: str
    queries: int
    precision_at_1: float
    precision_at_5: float
    any_at_5: float
    chance: float


@dataclass(frozen=True, slots=True)
class FollowUpMeasure:
    """How often one method finds the comment a follow-up follows up, in one setting."""

    method: str
    setting: str
    pairs: int
    hit_at_1: float
    hit_at_5: float
    mrr: float
    mean_candidates: float
    chance_at_5: float


@dataclass(frozen=True, slots=True)
class Measurement:
    """Both measures for every method, and how many labels this database resolved."""

    topic: list[TopicMeasure]
    follow_up: list[FollowUpMeasure]
    labels_resolved: int
    labels_total: int


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _captionless(comments: Mapping[int, StoredComment]) -> dict[int, StoredComment]:
    return {key: dataclasses.replace(c, heading=None) for key, c in comments.items()}


def topic_measure(search: Ranker, topics: Mapping[int, str], setting: str) -> TopicMeasure:
    """Topic agreement of the top-5 other-company precedents of every labelled comment; in
    the blind setting only labelled comments are candidates (every precedent is judged)."""
    pool = list(search.comments) if setting == "record" else sorted(topics)
    p1: list[float] = []
    p5: list[float] = []
    any5: list[float] = []
    chance: list[float] = []
    for comment_id, topic in sorted(topics.items()):
        own = search.comments[comment_id].company_key
        others = [key for key in pool if search.comments[key].company_key != own]
        if not others:
            continue
        ranked = [key for key, _ in search.rank(comment_id, others, K)]
        same = [topics.get(key) == topic for key in ranked]
        p1.append(float(bool(same) and same[0]))
        p5.append(sum(same) / K)
        any5.append(float(any(same)))
        chance.append(sum(topics.get(key) == topic for key in others) / len(others))
    return TopicMeasure(
        _name(search), setting, len(p1), _mean(p1), _mean(p5), _mean(any5), _mean(chance)
    )


class Ranker(Protocol):
    """A precedent method as measured: the comments it ranks and how it ranks them."""

    @property
    def comments(self) -> Mapping[int, StoredComment]: ...

    @property
    def prefer_topic(self) -> bool: ...

    @property
    def label(self) -> str: ...

    def rank(
        self, comment_id: int, among: Iterable[int], k: int | None = None
    ) -> list[tuple[int, float]]: ...


def _name(search: Ranker) -> str:
    """The method as measured: '+ topic' when it prefers the record's topics."""
    return search.label + (" + topic" if search.prefer_topic else "")


INDEXED = "bm25 index"
"""The product's method as measured: BM25 through the record's search index (what
find_precedents and the letter pages use), as against `bm25`, the same ranking in memory."""


@dataclass(slots=True)
class IndexedSearch:
    """The record's search index ranking the stored comments (services/search/similar.py):
    the bounded more-like-this query, each ranking asked of the record with the candidates
    as an id list."""

    session: Session
    comments: Mapping[int, StoredComment]
    prefer_topic: bool

    @property
    def label(self) -> str:
        return INDEXED

    def rank(
        self, comment_id: int, among: Iterable[int], k: int | None = None
    ) -> list[tuple[int, float]]:
        """The comments `among` the given ids ranked by similarity to a stored comment."""
        candidates = [key for key in among if key != comment_id]
        if not candidates:
            return []
        return indexed_rank(
            self.session,
            self.comments[comment_id],
            k,
            lambda _ids: self.comments,
            prefer_topic=self.prefer_topic,
            among=candidates,
        )


def indexed_measure(
    session: Session, comments: Mapping[int, StoredComment], labels: list[LabelledComment]
) -> Measurement:
    """Both measures of the index-backed method in the 'record' setting (the index holds
    captions, so it has no blind setting), with and without preferring the topic."""
    resolved = topics_by_comment_id(labels, comments)
    wanted = {key: label.topic for key, label in resolved.items()}
    pairs = follow_up_pairs(comments)
    preferences = (False, True) if any(c.topics for c in comments.values()) else (False,)
    topic: list[TopicMeasure] = []
    follow_up: list[FollowUpMeasure] = []
    for prefer in preferences:
        search = IndexedSearch(session, comments, prefer)
        topic.append(topic_measure(search, wanted, "record"))
        follow_up.append(follow_up_measure(search, pairs, "record"))
    return Measurement(topic, follow_up, len(resolved), len(labels))


def follow_up_pairs(comments: Mapping[int, StoredComment]) -> list[tuple[int, int, list[int]]]:
    """(follow-up, the comment it follows up, the same company's comments in earlier letters)
    for every follow-up whose earlier comment is among those candidates."""
    out: list[tuple[int, int, list[int]]] = []
    for comment in comments.values():
        earlier_id = comment.follow_up_of_id
        if earlier_id not in comments or comment.letter_date is None:
            continue
        when = comment.letter_date
        candidates = [
            other.id
            for other in comments.values()
            if other.company_key == comment.company_key
            and other.letter_id != comment.letter_id
            and other.letter_date is not None
            and other.letter_date < when
        ]
        if earlier_id in candidates:
            out.append((comment.id, earlier_id, candidates))
    return out


def follow_up_measure(
    search: Ranker, pairs: Iterable[tuple[int, int, list[int]]], setting: str
) -> FollowUpMeasure:
    """Rank of each follow-up's earlier comment among the company's earlier comments."""
    hit1: list[float] = []
    hit5: list[float] = []
    reciprocal: list[float] = []
    sizes: list[float] = []
    chance: list[float] = []
    for comment_id, earlier_id, candidates in pairs:
        ranked = [key for key, _ in search.rank(comment_id, candidates)]
        rank = ranked.index(earlier_id) + 1 if earlier_id in ranked else None
        hit1.append(float(rank == 1))
        hit5.append(float(rank is not None and rank <= K))
        reciprocal.append(1.0 / rank if rank else 0.0)
        sizes.append(float(len(candidates)))
        chance.append(min(K, len(candidates)) / len(candidates))
    return FollowUpMeasure(
        _name(search),
        setting,
        len(hit1),
        _mean(hit1),
        _mean(hit5),
        _mean(reciprocal),
        _mean(sizes),
        _mean(chance),
    )


def measure(
    comments: Mapping[int, StoredComment],
    labels: list[LabelledComment],
    methods: Iterable[PrecedentMethod] = tuple(PrecedentMethod),
    *,
    encoder: Encoder | None = None,
) -> Measurement:
    """Both measures, both settings, for each method, on the comments of one record."""
    resolved = topics_by_comment_id(labels, comments)
    record_topics = {key: label.topic for key, label in resolved.items()}
    blind_topics = {key: x.topic for key, x in resolved.items() if x.source in ("heading", "hand")}
    variants = {"record": dict(comments), "blind": _captionless(comments)}
    pairs = follow_up_pairs(comments)
    topic: list[TopicMeasure] = []
    follow_up: list[FollowUpMeasure] = []
    preferences = (False, True) if any(c.topics for c in comments.values()) else (False,)
    for method in methods:
        for prefer in preferences:
            for setting in SETTINGS:
                search = PrecedentSearch(
                    variants[setting], method, encoder=encoder, prefer_topic=prefer
                )
                wanted = record_topics if setting == "record" else blind_topics
                topic.append(topic_measure(search, wanted, setting))
                follow_up.append(follow_up_measure(search, pairs, setting))
    return Measurement(topic, follow_up, len(resolved), len(labels))

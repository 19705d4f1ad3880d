"""The search contract on a table's engine index: one query made of the words (each term in
the item's text, weighted as FTS5's columns) and the filters' key clauses (scored 0, like
FTS5's keys column); the newest window of matches by id, then bm25 within exactly that window
(the window is every match from its oldest id up, so an id range bounds the second pass)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import Any

import tantivy

from reviewdesk.services.search.backends import FIRST_SPAN, SPAN_MARGIN
from reviewdesk.services.search.engine_index.schema import analyzer
from reviewdesk.services.search.words import Term, Words


class TableQuery:
    """The words and key clauses of one search as a query on one table's index."""

    def __init__(self, index: Any, words: Words, clauses: Sequence[Sequence[str]]) -> None:
        self.schema = index.schema
        self.analyzer = analyzer()
        groups = [
            tantivy.Query.boolean_query([(tantivy.Occur.Must, self._term(t)) for t in group])
            for group in words.groups
        ]
        some = tantivy.Query.boolean_query([(tantivy.Occur.Should, g) for g in groups])
        every = [(tantivy.Occur.Must, some)]
        every += [(tantivy.Occur.Must, self._keys(c)) for c in clauses]
        every += [(tantivy.Occur.MustNot, self._term(t)) for t in words.excluded]
        self.query = tantivy.Query.boolean_query(every)

    def _term(self, term: Term) -> Any:
        """A word or phrase in the item's text (`body`); a prefix term as a phrase whose
        last word is a prefix of an indexed term."""
        if term.prefix:
            return tantivy.Query.phrase_prefix_query(self.schema, "body", list(term.words))
        tokens = [t for w in term.words for t in self.analyzer.analyze(w)]
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, "body", tokens[0])
        return tantivy.Query.phrase_query(self.schema, "body", tokens)

    def _keys(self, clause: Sequence[str]) -> Any:
        """A key clause (an item must carry one of its keys; none: nothing matches), scored
        0."""
        if not clause:
            return tantivy.Query.empty_query()
        keys = [tantivy.Query.term_query(self.schema, "keys", k.lower()) for k in clause]
        some = tantivy.Query.boolean_query([(tantivy.Occur.Should, k) for k in keys])
        return tantivy.Query.const_score_query(some, 0.0)

    def since(self, lowest: int) -> Any:
        """The query on the items whose id is at least `lowest` (the id's fast field). The
        range is scored 0: left to itself it adds 1.0 to the score in a segment it cuts and
        nothing in one it holds whole, which ranked a segment's items above another's."""
        floor = tantivy.Query.range_query(
            self.schema, "id", tantivy.FieldType.Unsigned, lower_bound=lowest
        )
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, self.query),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(floor, 0.0)),
            ]
        )


def _oldest(searcher: Any, query: Any, window: int) -> tuple[int | None, int]:
    """The id of the `window`-th newest match of `query` (None when fewer match) and how many
    match: tantivy keeps the newest `window` ids of the matches in its collector and hands
    over only that one."""
    found = searcher.search(
        query, limit=1, offset=window - 1, count=True, order_by_field="id", order=tantivy.Order.Desc
    )
    return (int(found.hits[0][0]) if found.hits else None), int(found.count)


def newest_bound(searcher: Any, query: TableQuery, window: int, top: int) -> tuple[int | None, int]:
    """The lowest id of the newest `window` matches (None when fewer match) and the matches
    counted up to the window. As backends.newest_window on PostgreSQL, the newest ids are
    probed first: a range of FIRST_SPAN windows of ids below `top` (the table's newest id,
    an index probe in the database; tantivy would read every id for it), then, with too few
    matches, a range sized to the density seen (times SPAN_MARGIN), then every id; so a
    common word or phrase visits the matches of a few ranges, not all of them."""
    span = FIRST_SPAN * window
    for _probe in range(2):
        if span >= top:
            break
        oldest, count = _oldest(searcher, query.since(top - span), window)
        if oldest is not None:
            return oldest, window
        if not count:
            break
        span = math.ceil(span * window / count * SPAN_MARGIN)
    oldest, count = _oldest(searcher, query.query, window)
    return oldest, min(count, window)


def ranked(
    searcher: Any, query: TableQuery, window: int, top: int, limit: int
) -> tuple[list[tuple[int, float]], int]:
    """The `limit` best (id, bm25) pairs within the newest `window` matches and the count up
    to the window. The whole window is scored and ordered here, as the record does, so equal
    scores go newest first: tantivy's own top `limit` would break ties by its document
    order."""
    oldest, counted = newest_bound(searcher, query, window, top)
    if not counted:
        return [], 0
    scope = query.query if oldest is None else query.since(oldest)
    every = searcher.search(scope, limit=window, count=False).hits
    ids = searcher.fast_field_values("id", [address for _, address in every])
    best = heapq.nlargest(limit, zip((s for s, _ in every), ids, strict=True))
    return [(int(i), float(score)) for score, i in best], counted


def total(searcher: Any, query: TableQuery) -> int:
    """Every match of the query (what the index counts beyond the window)."""
    return int(searcher.search(query.query, limit=1, count=True).count)

"""More like this: the stored comments most like a text, found through the record's search
index (SQLite FTS5, the engine index, or PostgreSQL full text) by a bounded query, as Lucene's
MoreLikeThis finds them: the text's distinct words, at most MAX_QUERY_TERMS of them chosen by
tf x idf (document frequencies from the index), joined by OR and ranked by the index, the
company's own comments left out inside the index. Nothing is loaded or kept per process: a
query reads the few document frequencies and the best `pool` ids."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import tantivy
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from reviewdesk.record import search_keys
from reviewdesk.record.fulltext import TOKENIZE, index_shape
from reviewdesk.services.search.backends import PROBE_MEMORY, SOURCES, SqliteBackend
from reviewdesk.services.search.engine_index import configured
from reviewdesk.services.search.engine_index.query import TableQuery
from reviewdesk.services.search.engine_index.schema import analyzer
from reviewdesk.services.search.words import Term, Words, tsquery_source

MAX_QUERY_TERMS = 25
"""The most words a query asks for (Lucene's MoreLikeThis default): enough to say what a
comment is about, few enough that the index visits only the postings of the words that
matter (the chosen ones are the rarest the comment repeats, never `company` or `financial`)."""

COMMENTS = SOURCES["comments"]

Ranked = list[tuple[int, float]]
"""Comment ids and scores, best first (higher is better)."""


def counted_words(
    words: Sequence[tuple[str, str]],
) -> list[tuple[str, int]]:
    """Each distinct word (by stem) of (stem, word) pairs and how often the text uses it, the
    word as the text writes it most often (first on ties), in first-use order."""
    uses: dict[str, Counter[str]] = {}
    for stemmed, word in words:
        uses.setdefault(stemmed, Counter())[word] += 1
    return [(forms.most_common(1)[0][0], forms.total()) for forms in uses.values()]


def idf(frequency: float, documents: int) -> float:
    """BM25's smoothed inverse document frequency (never negative)."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def chosen(
    counted: Sequence[tuple[str, int]],
    frequencies: Mapping[str, float],
    documents: int,
    limit: int = MAX_QUERY_TERMS,
) -> list[str]:
    """The `limit` words with the highest tf x idf (ties: the earlier word); a word the index
    does not hold (not in `frequencies`: its analyzer drops it) is left out."""
    scored = [
        (-tf * idf(frequencies[word], documents), n, word)
        for n, (word, tf) in enumerate(counted)
        if word in frequencies
    ]
    return [word for _, _, word in sorted(scored)[:limit]]


def as_words(chosen_words: Sequence[str]) -> Words:
    """The words as search words, any of them (each its own group; a hyphenated word is the
    phrase of its parts, as search reads it)."""
    terms = [tuple(part for part in word.split("-") if part) for word in chosen_words]
    return Words(groups=[[Term(parts)] for parts in terms if parts])


class SimilarIndex(Protocol):
    """What more-like-this needs from a search index."""

    def frequencies(self, session: Session, words: Sequence[str]) -> tuple[dict[str, float], int]:
        """Each word's document frequency (left out: not indexed) and the documents."""
        ...

    def ranked(
        self,
        session: Session,
        words: Words,
        company_id: int | None,
        pool: int,
        among: Sequence[int] | None = None,
    ) -> Ranked:
        """The best `pool` comments matching any word, not of company `company_id`."""
        ...


class SqliteSimilar:
    """FTS5: document frequencies from an fts5vocab table of the comments' index (the words
    stemmed by the index's own tokenizer, through a scratch FTS5 table in the connection's
    temp schema), bm25 with the search's column weights."""

    SETUP = (
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_words USING fts5(word, "
        f"tokenize='{TOKENIZE}')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_word_terms "
        "USING fts5vocab(temp, similar_words, instance)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_vocabulary "
        f"USING fts5vocab(main, {COMMENTS.fts}, row)",
    )

    def frequencies(self, session: Session, words: Sequence[str]) -> tuple[dict[str, float], int]:
        """Each word's document frequency (a hyphenated word: its rarest part's)."""
        for statement in self.SETUP:
            session.execute(text(statement))
        session.execute(text("DELETE FROM temp.similar_words"))
        session.execute(
            text("INSERT INTO temp.similar_words(rowid, word) VALUES (:n, :word)"),
            [{"n": n, "word": word} for n, word in enumerate(words)],
        )
        rows = session.execute(
            text(
                "SELECT w.doc, min(coalesce(v.doc, 0)) FROM temp.similar_word_terms w "
                "LEFT JOIN temp.similar_vocabulary v ON v.term = w.term GROUP BY w.doc"
            )
        ).all()
        top = session.execute(text(f"SELECT max(id) FROM {COMMENTS.table}")).scalar()
        return {words[int(n)]: float(df) for n, df in rows}, int(top or 0)

    def ranked(
        self,
        session: Session,
        words: Words,
        company_id: int | None,
        pool: int,
        among: Sequence[int] | None = None,
    ) -> Ranked:
        """The best `pool` by bm25 over caption and text (score = -bm25)."""
        match = f"({SqliteBackend(words).in_text(COMMENTS)})"
        if company_id is not None:
            match += f' NOT (keys : "{search_keys.company_key(company_id)}")'
        # rowid + 0: checked on the matches, not handed to FTS5 (which would run the MATCH
        # once per listed id: 3 s for 950 ids)
        within = " AND f.rowid + 0 IN :among" if among is not None else ""
        query = text(
            f"SELECT f.rowid, bm25({COMMENTS.fts}, {COMMENTS.weights}, 0.0) AS s "
            f"FROM {COMMENTS.fts} f WHERE {COMMENTS.fts} MATCH :q{within} "
            "ORDER BY s, f.rowid LIMIT :pool"
        )
        values: dict[str, Any] = {"q": match, "pool": pool}
        if among is not None:
            query = query.bindparams(bindparam("among", expanding=True))
            values["among"] = list(among)
        return [(int(i), -float(s)) for i, s in session.execute(query, values)]


MATCHING_TERMS = 10
"""PostgreSQL: a candidate must hold at least two of the query's this many rarest words, as
a minimum-should-match: the GIN index reads those words' postings once
and only the comments meeting two of them are fetched and scored (plain OR fetched a third of
the record's comments for a typical comment, 0.6 s at 171,000 comments)."""

CANDIDATE_WINDOW = 5_000
"""PostgreSQL: the candidates scored are at most this many comments (the first the index
gives when more match), so a comment costs at most a window of rows whatever the record's
size."""

COMMON_SHARE = 0.05
"""PostgreSQL: a word in more than this share of the comments (`revenue`, `amount`) still
scores but does not select candidates (unless fewer than two words are rarer)."""

K1 = 1.2
B = 0.75
"""BM25's constants, for PostgreSQL's approximation of it (ts_rank has no idf)."""


class PostgresSimilar:
    """PostgreSQL full text: document frequencies from the planner's statistics of the
    search vectors (the most common lexemes and their shares; a word not among them is rarer
    than the rarest listed, and counted at half its share). Candidates hold two of the best
    words (MATCHING_TERMS), scored by BM25 with each word counted once (the sum of the idf of
    the words a comment holds, normalised by its distinct lexemes against the candidates')."""

    def __init__(self) -> None:
        self.idf: dict[str, float] = {}
        self.common = 0.0

    def frequencies(self, session: Session, words: Sequence[str]) -> tuple[dict[str, float], int]:
        """Each word's estimated document frequency (a hyphenated word: its rarest part's;
        a word the English configuration drops is left out)."""
        lexemes = session.execute(
            text(
                "SELECT u.word, tsvector_to_array(to_tsvector('english', u.word)) "
                "FROM unnest(CAST(:words AS text[])) u(word)"
            ),
            {"words": list(words)},
        ).all()
        stats = session.execute(
            text(
                "SELECT CAST(CAST(most_common_elems AS text) AS text[]), most_common_elem_freqs "
                "FROM pg_stats WHERE schemaname = current_schema() AND tablename = :table "
                "AND attname = 'search_vector'"
            ),
            {"table": COMMENTS.table},
        ).first()
        documents = session.execute(
            text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = CAST(:t AS regclass)"),
            {"t": COMMENTS.table},
        ).scalar()
        total = max(int(documents or 0), 1)
        share: dict[str, float] = {}
        if stats is not None and stats[0]:
            share = dict(zip(stats[0], stats[1], strict=False))
        rarest = min(share.values(), default=1.0 / total)
        out: dict[str, float] = {}
        for word, found in lexemes:
            if found:
                out[word] = min(share.get(lexeme, rarest / 2) for lexeme in found) * total
        self.idf = {word: idf(df, total) for word, df in out.items()}
        self.common = idf(COMMON_SHARE * total, total)
        return out, total

    def ranked(
        self,
        session: Session,
        words: Words,
        company_id: int | None,
        pool: int,
        among: Sequence[int] | None = None,
    ) -> Ranked:
        """The best `pool` by the BM25 approximation, ties to the smaller id."""
        terms = [Words(groups=[group]) for group in words.groups]
        conditions = ""
        values: dict[str, Any] = {"window": CANDIDATE_WINDOW}
        if company_id is not None:
            if index_shape(session.connection(), COMMENTS.table).keys:
                conditions += " AND NOT s.search_keys @> CAST(:own AS text[])"
                values["own"] = [search_keys.company_key(company_id)]
            else:
                conditions += (
                    " AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.id = s.letter_id "
                    "AND l.company_id = :company)"
                )
                values["company"] = company_id
        if among is not None:
            conditions += " AND s.id = ANY(:among)"
            values["among"] = list(among)
        session.execute(
            text("SELECT set_config('jit', 'off', true), set_config('work_mem', :memory, true)"),
            {"memory": PROBE_MEMORY},
        )
        matching = text(
            f"SELECT s.id FROM {COMMENTS.table} s WHERE s.search_vector @@ "
            f"to_tsquery('english', :q){conditions} LIMIT :window"
        )
        rarest = sorted(
            (group[0] for group in words.groups),
            key=lambda term: -self.idf.get("-".join(term.words), 0.0),
        )
        selective = [t for t in rarest if self.idf.get("-".join(t.words), 0.0) >= self.common]
        best = (selective if len(selective) >= 2 else rarest)[:MATCHING_TERMS]
        pairs = [[a, b] for n, a in enumerate(best) for b in best[n + 1 :]]
        ids: list[int] = []
        if pairs:
            found = session.execute(
                matching, {**values, "q": tsquery_source(Words(groups=pairs))}
            ).scalars()
            ids = [int(i) for i in found]
        if len(ids) < pool:
            # Too few hold two of the best words: those holding any of them (rare words,
            # so few rows either way).
            found = session.execute(matching, {**values, "q": tsquery_source(words)}).scalars()
            ids = list(dict.fromkeys([*ids, *(int(i) for i in found)]))[:CANDIDATE_WINDOW]
        if not ids:
            return []
        scored: dict[str, Any] = {"ids": ids, "pool": pool}
        holds = []
        for n, term in enumerate(terms):
            word = "-".join(term.groups[0][0].words)
            scored[f"w{n}"] = tsquery_source(term)
            scored[f"i{n}"] = self.idf.get(word, 0.0)
            holds.append(f"CASE WHEN m.v @@ to_tsquery('english', :w{n}) THEN :i{n} ELSE 0 END")
        score = (
            f"({' + '.join(holds) or '0'}) * {K1 + 1} / (1 + {K1} * "
            f"({1 - B} + {B} * length(m.v) / greatest(avg(length(m.v)) OVER (), 1)))"
        )
        rows = session.execute(
            text(
                f"WITH m AS (SELECT s.id, s.search_vector AS v FROM {COMMENTS.table} s "
                "WHERE s.id = ANY(:ids)) "
                f"SELECT m.id, {score} AS r FROM m ORDER BY r DESC, m.id LIMIT :pool"
            ),
            scored,
        ).all()
        return [(int(i), float(r)) for i, r in rows]


class EngineSimilar:
    """The engine index (tantivy): document frequencies from its term dictionary, bm25 top-k
    of a boolean query of SHOULD terms (tantivy skips blocks that cannot enter the top k), the
    company's key a MUST_NOT clause."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.analyzer = analyzer()

    def frequencies(self, session: Session, words: Sequence[str]) -> tuple[dict[str, float], int]:
        """Each word's document frequency in the comments' index."""
        searcher = self.index.searcher()
        out: dict[str, float] = {}
        for word in words:
            stems = [t for part in word.split("-") for t in self.analyzer.analyze(part)]
            if stems:
                out[word] = float(min(searcher.doc_freq("body", s) for s in stems))
        return out, int(searcher.num_docs)

    def ranked(
        self,
        session: Session,
        words: Words,
        company_id: int | None,
        pool: int,
        among: Sequence[int] | None = None,
    ) -> Ranked:
        """The best `pool` by bm25 (ties: the smaller id)."""
        schema = self.index.schema
        clauses = [(tantivy.Occur.Must, TableQuery(self.index, words, []).query)]
        if company_id is not None:
            own = tantivy.Query.term_query(schema, "keys", search_keys.company_key(company_id))
            clauses.append((tantivy.Occur.MustNot, own))
        if among is not None:
            wanted = tantivy.Query.term_set_query(schema, "id", [int(i) for i in among])
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(wanted, 0.0)))
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.boolean_query(clauses), limit=pool).hits
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        found = [(int(i), float(score)) for (score, _), i in zip(hits, ids, strict=True)]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def similar_index(session: Session) -> SimilarIndex:
    """The comments' search index of the session's record: FTS5 on SQLite; on PostgreSQL the
    engine index when one is configured and current, else PostgreSQL's full text."""
    if session.get_bind().dialect.name != "postgresql":
        return SqliteSimilar()
    where = configured()
    if where is not None:
        from reviewdesk.services.search.engine_index.backend import fresh_tables

        tables = fresh_tables(session, where)
        if tables is not None:
            return EngineSimilar(tables[COMMENTS.table])
    return PostgresSimilar()


def similar_comments(
    session: Session,
    words: Sequence[tuple[str, str]],
    company_id: int | None,
    pool: int,
    among: Sequence[int] | None = None,
    index: Callable[[Session], SimilarIndex] = similar_index,
) -> Ranked:
    """The `pool` comments most like a text given as its (stem, word) pairs, best first: none
    of company `company_id`'s, only those `among` the given ids when given."""
    counted = counted_words(words)
    if not counted:
        return []
    found = index(session)
    frequencies, documents = found.frequencies(session, [word for word, _ in counted])
    query = chosen(counted, frequencies, documents)
    if not query:
        return []
    return found.ranked(session, as_words(query), company_id, pool, among)

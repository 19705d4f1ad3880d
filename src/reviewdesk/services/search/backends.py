"""The two full-text backends: SQLite FTS5 (bm25, snippet) and PostgreSQL (tsvector + GIN,
ts_rank_cd, ts_headline). Each ranks item ids (higher score is better), counts matches up to
a cap, and makes highlighted snippets for the few ids of one page."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from reviewdesk.record import search_keys
from reviewdesk.record.fulltext import (
    OFFICES,
    SQLITE_TABLES,
    IndexShape,
    index_shape,
    tier_boundaries,
)
from reviewdesk.services.search.filters import FilterSql, filter_sql, like_pattern
from reviewdesk.services.search.keyed import KEYED_FIELDS, filter_keys, keyed
from reviewdesk.services.search.model import (
    COUNT_CAP,
    FILTERED_WINDOW,
    MARK_END,
    MARK_START,
    RANK_WINDOW,
    SearchFilters,
)
from reviewdesk.services.search.words import Words, fts5_match, tsquery_source

SNIPPET_TOKENS = 32


@dataclass(frozen=True, slots=True)
class Source:
    """One searchable table: its name, the kind of item, and (SQLite) its FTS5 table, whose
    tiers of newest items (record/fulltext.TIERS) are named after it."""

    table: str
    kind: str
    fts: str
    weights: str
    headline_column: str


SOURCES = {
    "comments": Source("comments", "comment", "comments_fts", "2.0, 1.0", "text"),
    "responses": Source("responses", "response", "responses_fts", "1.0", "response_text"),
}


Ranked = tuple[list[tuple[int, float]], int, bool]
"""The best (id, score) pairs, best first; the matches counted; whether counting stopped at
a cap (so there are more)."""


class Backend(Protocol):
    """What the search engine needs from a database."""

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> Ranked: ...

    def dated(
        self, session: Session, source: Source, filters: SearchFilters, limit: int, newest: bool
    ) -> Ranked: ...

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]: ...


UNDATED = -1e9
"""The score of an undated letter's item when sorting by date: after every dated one."""


def by_date(
    session: Session,
    source: Source,
    filters: SearchFilters,
    limit: int,
    newest: bool,
    matches: tuple[str, str, dict[str, Any]],
) -> Ranked:
    """The first `limit` matching ids by their letter's date (newest or oldest first, undated
    last), over every match rather than a window of the newest rows, and the count up to
    COUNT_CAP. `matches` is the FROM clause (item alias `x`), the match condition and its
    parameters. The score is the date's day number (negated when oldest come first), so
    merging comments and responses by score keeps the order."""
    dialect = session.get_bind().dialect.name
    sql = filter_sql(filters, source.table, "x.id", dialect, item="x", letter_joined=True)
    tables, condition, params = matches
    body = (
        f"FROM {tables} JOIN letters l ON l.id = x.letter_id{sql.joins} "
        f"WHERE {condition}{sql.where}"
    )
    day = "coalesce(l.date, l.filing_date)"
    way = "DESC" if newest else "ASC"
    values = {**params, **sql.params}
    rows = session.execute(
        text(
            f"SELECT x.id, {day} {body} ORDER BY ({day} IS NULL), {day} {way}, x.id {way} "
            "LIMIT :limit"
        ),
        {**values, "limit": limit},
    ).all()
    counted = int(
        session.execute(
            text(f"SELECT count(*) FROM (SELECT 1 {body} LIMIT :cap) n"),
            {**values, "cap": COUNT_CAP},
        ).scalar_one()
    )
    sign = 1 if newest else -1
    return (
        [(int(i), UNDATED if d is None else sign * _day_number(d)) for i, d in rows],
        counted,
        counted >= COUNT_CAP,
    )


def _day_number(value: object) -> float:
    """A stored date (DATE in PostgreSQL, ISO text in SQLite) as its day number."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return float(day.toordinal())


DENSE_KEY = 0.2
"""A key clause that at least this share of the newest items meet (10-K is on 58% of them) is
checked on the rows instead of in the MATCH when ranking: bm25 reads the whole doclist of
every phrase of the MATCH before its first row (FTS5's document frequency), which for such a
key grows with the record, while the rows of a word's newest matches meet it so often that
the window fills after few checks."""

DENSITY_ROWS = 2_000
"""The newest rows whose share meeting a key clause decides whether it is dense."""


@dataclass(slots=True)
class KeyMatch:
    """SQLite: the filters' keys as FTS5 clauses (each `keys : (...)`), with the filter fields
    each stands for."""

    clauses: list[str]
    fields: list[tuple[str, ...]]

    def expression(self, skip: set[int] | None = None) -> str | None:
        """The clauses (but those numbered in `skip`) joined by AND, or None if none."""
        kept = [c for n, c in enumerate(self.clauses) if n not in (skip or set())]
        return " AND ".join(kept) if kept else None


def key_match(session: Session, filters: SearchFilters) -> KeyMatch:
    """SQLite: the FTS5 clauses the filters' keys must meet (record/search_keys.py). The
    office filter matches inside office names, so its keys are those of the offices (listed
    in search_offices) that contain its text; with none, a token no item carries (a prefix
    alone)."""
    wanted = filter_keys(filters)
    clauses, fields = list(wanted.clauses), list(wanted.fields)
    if wanted.offices is not None:
        found = session.execute(
            text(f"SELECT office FROM {OFFICES} WHERE lower(office) LIKE :p ESCAPE '!'"),
            {"p": f"%{like_pattern(wanted.offices)}%"},
        ).scalars()
        clauses.append([search_keys.office_key(o) for o in found] or [search_keys.OFFICE])
        fields.append(("office",))
    return KeyMatch(
        ["keys : (" + " OR ".join(f'"{token}"' for token in clause) + ")" for clause in clauses],
        fields,
    )


def dense_clauses(session: Session, source: Source, keys: KeyMatch) -> set[int]:
    """The numbers of the key clauses that at least DENSE_KEY of the newest DENSITY_ROWS
    items meet (FTS5 seeks to the range, so each probe reads at most that many postings)."""
    top = session.execute(text(f"SELECT max(id) FROM {source.table}")).scalar()
    if top is None:
        return set()
    dense = set()
    for n, clause in enumerate(keys.clauses):
        met = session.execute(
            text(
                f"SELECT count(*) FROM (SELECT 1 FROM {source.fts} WHERE {source.fts} MATCH :k "
                "AND rowid > :floor)"
            ),
            {"k": clause, "floor": int(top) - DENSITY_ROWS},
        ).scalar_one()
        if met >= DENSE_KEY * DENSITY_ROWS:
            dense.add(n)
    return dense


def unkeyed_sql(
    filters: SearchFilters, table: str, item_id: str, checked: tuple[str, ...] = ()
) -> tuple[FilterSql, int]:
    """SQLite: the conditions of the filters without keys and of the keyed ones in `checked`
    (the others are met exactly by their keys inside the index) and the window the whole
    filter set ranks (FILTERED_WINDOW when it has letter conditions, as without keys)."""
    whole = filter_sql(filters, table, item_id, "sqlite")
    dropped = dict.fromkeys(f for f in KEYED_FIELDS if f not in checked)
    rest = filter_sql(replace(filters, **dropped), table, item_id, "sqlite")
    return rest, FILTERED_WINDOW if whole.joins else RANK_WINDOW


class SqliteBackend:
    """FTS5: one pass over at most a window of the newest matches (FTS5 walks its doclists
    newest first) gives both the bm25 ranking and the count, so a common word costs no more
    than a rare one; snippets are made only for a page's ids. Filters with keys
    (record/search_keys.py) are also FTS5 terms on the `keys` column, so FTS5 skips to the
    items that carry them; a key stands for exactly one value (record/search_keys.py), so
    only the filters without keys are checked on joined rows."""

    def __init__(self, words: Words) -> None:
        self.expression = fts5_match(words)

    def in_text(self, source: Source) -> str:
        """The words, only in the source's text columns (never in its keys)."""
        columns = " ".join(SQLITE_TABLES[source.fts][1])
        return f"{{{columns}}} : ({self.expression})"

    def _match(self, keys: str | None, source: Source) -> str:
        """The words and the key clauses, as one FTS5 expression."""
        return self.in_text(source) + (f" AND {keys}" if keys else "")

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> Ranked:
        """The `limit` best ids by bm25 (score = -bm25, higher is better) and the count; the
        keys column weighs nothing in the score. Dense key clauses are checked on the rows
        instead (DENSE_KEY). The window is ranked in the smallest index that holds it: each
        tier (record/fulltext.TIERS) holds every item above its boundary, so a window it fills
        is the window the whole index gives (ranked by bm25 with that tier's statistics). The
        recent index is ranked in at once (a common word's window is there); each larger tier
        is first asked for the window's ids alone, which costs no bm25 pass, and ranked in only
        when it fills it; else the whole index answers, unless a tier asked holds every item
        (boundary 0)."""
        keys = key_match(session, filters)
        dense = dense_clauses(session, source, keys)
        checked = tuple(f for n in dense for f in keys.fields[n])
        sql, window = unkeyed_sql(filters, source.table, "f.rowid", checked)
        match = self._match(keys.expression(dense), source)
        values = {"q": match, "window": window, "limit": limit, **sql.params}

        def newest(index: str, columns: str) -> str:
            """The index's newest window of matches, as `columns` of them."""
            return (
                f"SELECT {columns} FROM {index} f{sql.joins} WHERE {index} MATCH :q{sql.where} "
                "ORDER BY f.rowid DESC LIMIT :window"
            )

        def filled(index: str) -> bool:
            """Whether the index holds a whole window of matches (their ids alone: no bm25)."""
            found = f"SELECT count(*) FROM ({newest(index, 'f.rowid')})"
            return int(session.execute(text(found), values).scalar_one()) >= window

        def best(index: str) -> tuple[list[tuple[int, float]], int]:
            """The `limit` best of the index's window by bm25, and the window's count, ranked
            in SQL: only a page's rows come back from the window's thousands."""
            scored = newest(index, f"f.rowid AS id, bm25({index}, {source.weights}, 0.0) AS s")
            rows = session.execute(
                text(
                    f"SELECT id, s, count(*) OVER () FROM ({scored}) ORDER BY s, id DESC "
                    "LIMIT :limit"
                ),
                values,
            ).all()
            return [(int(i), -float(score)) for i, score, _n in rows], int(
                rows[0][2] if rows else 0
            )

        tiers = tier_boundaries(session.connection(), source.table)
        for n, (tier, boundary) in enumerate(tiers):
            index = tier.index(source.fts)
            if n and boundary and not filled(index):
                continue
            ranked, counted = best(index)
            if counted >= window or not boundary:
                break
        else:
            ranked, counted = best(source.fts)
        return ranked, counted, counted >= window

    def dated(
        self, session: Session, source: Source, filters: SearchFilters, limit: int, newest: bool
    ) -> Ranked:
        """The matches by their letter's date."""
        tables = f"{source.fts} f JOIN {source.table} x ON x.id = f.rowid"
        match = self._match(key_match(session, filters).expression(), source)
        matches = (tables, f"{source.fts} MATCH :q", {"q": match})
        return by_date(session, source, filters, limit, newest, matches)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """Highlighted passages of the given ids."""
        if not ids:
            return {}
        query = text(
            f"SELECT rowid, snippet({source.fts}, -1, :s, :e, '…', {SNIPPET_TOKENS}) "
            f"FROM {source.fts} WHERE {source.fts} MATCH :q AND rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        rows = session.execute(
            query, {"q": self.in_text(source), "s": MARK_START, "e": MARK_END, "ids": ids}
        )
        return {int(i): str(s or "") for i, s in rows}


HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


HEADLINE_CHARS = 2_000
"""ts_headline reads the whole text it is given (its parser and stemmer over every word), and
the best-ranked answers are the longest (a page of 20 for `revenue`: 186,000 characters, 58
ms): the snippet is made from the text's opening this long (13 ms), and only an item whose
opening holds none of the words (one in six of `revenue`'s) is read whole, so a snippet
always shows a match where the item has one."""


FIRST_SPAN = 4
"""The first id range probed for the newest matches spans this many windows of rows: one
probe when at least a quarter of the rows match (a common word)."""

SPAN_MARGIN = 1.25
"""A wider range is sized to the window at the density the first one showed, with this
margin, so a second probe rarely needs a third."""


RANGE_COST = 0.1
"""What a probe bounded to a range pays per id of the range, relative to what it pays per
match it visits: GIN reads the recency key's postings of every id in the range (0.16 µs an
id at 5 million items) and intersects them with the words', while each match costs a heap
row (1.6 to 2.2 µs). A wider range is probed only where that costs less than visiting every
match of the words at the density seen (`counterproposal`, 48 matches in the first range,
was sized to 2.6 million of 2.8 million ids: 295 ms, against 13 ms for all its 5,848)."""

PROBE_MEMORY = "64MB"
"""Memory a probe's sort may use (the server's default of 4 MB spilled the sort of
a window's rows, vectors and all, to disk): at most a window's rows are kept, each with its
vector stored in line (migration 0019), a few kB."""


def newest_window(
    session: Session,
    table: str,
    clause: str,
    params: dict[str, Any],
    window: int,
    shape: IndexShape | None = None,
) -> list[tuple[int, float]]:
    """The newest `window` matches of `clause` (item alias `s`) with their ts_rank_cd, newest
    first. Ids grow with time, so where the search index carries a recency key
    (record/fulltext.BLOCK_KEY, or migration 0013's RECENCY_KEY) the matches are sought among
    the newest ids first: a range of a few windows of rows, then, if it held too few, a range
    sized to the density it showed or, if it held none (a rare word, a narrow filter) or
    so few that reading the range would cost more than visiting every match (RANGE_COST),
    every id. Each probe visits only the matches from its lower bound on (the index serves that
    bound, rounded down to the key's block of ids), where one query ordered by id visits
    every match (as it still does without a recency key). The first range is read for its
    ids alone, and its window, when it holds one, ranked by id: a dense word pays one more
    statement (about 15 ms for 5,000 answers), a sparser one no longer ranks, sorted with
    their vectors, the rows a wider range replaces (65 of the 96 ms of `revenue`'s first
    range over answers). `shape` is the table's search index shape when the caller has read
    it already."""
    # A probe over every id (a rare word, a narrow filter) is costed high enough for JIT,
    # whose compiling (about 20 to 90 ms here) outweighs what it saves at a window's size,
    # and a wide one for parallel workers, which at a window's size only add their start.
    top = session.execute(
        text(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', :memory, true), "
            "set_config('max_parallel_workers_per_gather', '0', true), "
            f"(SELECT max(id) FROM {table})"
        ),
        {"memory": PROBE_MEMORY},
    ).one()[3]
    if top is None:
        return []
    rows = int(top)
    block = (shape or index_shape(session.connection(), table)).block
    recency = "-s.id" if block == 1 else f"-(s.id / {block})"
    # With a recency key the newest matches come from the search index, never from a walk
    # down the primary key filtering every row (the planner's pick for a probe over every id
    # when it misjudges how far back the matches lie: 2.4 s for `revenue year=2018`).
    order = "s.id + 0" if block else "s.id"
    span = FIRST_SPAN * window if block else rows
    first = True
    while True:
        bounded = span < rows
        # An integer, as the key is: psycopg sends a small Python int as smallint, and
        # btree_gin's int4 keys cannot serve a smallint bound.
        matches = f"{clause}" + (f" AND {recency} <= CAST(:below AS integer)" if bounded else "")
        values = {**params, "below": -((rows - span + 1) // (block or 1)), "window": window}
        if first and bounded:
            ids = list(
                session.execute(
                    text(f"SELECT s.id {matches} ORDER BY {order} DESC LIMIT :window"), values
                ).scalars()
            )
            if len(ids) >= window:
                return _ranked_ids(session, table, ids, str(params["q"]))
            found: list[Any] = ids
        else:
            found = list(
                session.execute(
                    text(
                        "SELECT w.id, ts_rank_cd(w.search_vector, to_tsquery('english', :q)) "
                        f"FROM (SELECT s.id, s.search_vector {matches} "
                        f"ORDER BY {order} DESC LIMIT :window) w ORDER BY w.id DESC"
                    ),
                    values,
                ).all()
            )
            if len(found) >= window or not bounded:
                return [(int(i), float(score)) for i, score in found]
        first = False
        span = next_span(len(found), span, window, rows)


def next_span(found: int, span: int, window: int, rows: int) -> int:
    """The ids the next probe covers after one over `span` ids held `found` matches, too few
    for the window: a range sized to the density seen (SPAN_MARGIN), or every id (`rows`)
    when none were seen or when reading a range that wide would cost more than visiting
    every match at that density (RANGE_COST)."""
    density = found / span
    if not density:
        return rows
    wide = math.ceil(window / density * SPAN_MARGIN)
    return wide if wide * (RANGE_COST / density + 1) < rows else rows


def _ranked_ids(
    session: Session, table: str, ids: list[int], query: str
) -> list[tuple[int, float]]:
    """The ts_rank_cd of the given ids (a first probe's window, read for its ids alone)."""
    rows = session.execute(
        text(
            f"SELECT s.id, ts_rank_cd(s.search_vector, to_tsquery('english', :q)) FROM {table} s "
            "WHERE s.id = ANY(:ids) ORDER BY s.id DESC"
        ),
        {"q": query, "ids": ids},
    ).all()
    return [(int(i), float(score)) for i, score in rows]


class PostgresBackend:
    """PostgreSQL full text: the stored search_vector, its GIN index, ts_rank_cd, ts_headline."""

    def __init__(self, words: Words) -> None:
        self.query = tsquery_source(words)

    def _from(
        self, session: Session, source: Source, filters: SearchFilters, shape: IndexShape
    ) -> tuple[str, dict[str, object], int]:
        """The FROM/WHERE clause, its parameters, and the window of newest matches to rank
        (the smaller one when letter filters are set, whether or not they are keys). Where
        the search index holds the search keys (`shape`), the filters they stand for are
        conditions on the keys (services/search/keyed.py), the rest on joined rows."""
        given = filter_sql(filters, source.table, "s.id", "postgresql", item="s")
        window = FILTERED_WINDOW if given.joins else RANK_WINDOW
        sql, on_keys, key_params = given, "", dict[str, Any]()
        if filters.active() and shape.keys:
            keys = keyed(session, filters)
            on_keys, key_params = keys.conditions("s")
            sql = filter_sql(keys.rest, source.table, "s.id", "postgresql", item="s")
        return (
            f"FROM {source.table} s{sql.joins} "
            f"WHERE s.search_vector @@ to_tsquery('english', :q){on_keys}{sql.where}",
            {"q": self.query, **key_params, **sql.params},
            window,
        )

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> Ranked:
        """The `limit` best ids by ts_rank_cd (higher is better) within the newest window of
        matches, and the count of that window: as on SQLite, a common word costs no more than
        a rare one, since only the window is ranked. The window is found by probing id
        ranges newest first (`newest_window`), so no plan has to visit every match."""
        shape = index_shape(session.connection(), source.table)
        clause, params, window = self._from(session, source, filters, shape)
        rows = newest_window(session, source.table, clause, params, window, shape)
        best = sorted(((int(i), float(score)) for i, score in rows), key=lambda r: (-r[1], -r[0]))
        return best[:limit], len(rows), len(rows) >= window

    def dated(
        self, session: Session, source: Source, filters: SearchFilters, limit: int, newest: bool
    ) -> Ranked:
        """The matches by their letter's date."""
        condition = "x.search_vector @@ to_tsquery('english', :q)"
        matches = (f"{source.table} x", condition, {"q": self.query})
        return by_date(session, source, filters, limit, newest, matches)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """Highlighted passages of the given ids."""
        if not ids:
            return {}
        column = f"c.{source.headline_column}"
        headline = "ts_headline('english', {}, to_tsquery('english', :q), :options)"
        query = text(
            f"SELECT c.id, CASE WHEN length({column}) <= :chars OR strpos(h.opening, :mark) > 0 "
            f"THEN h.opening ELSE {headline.format(column)} END FROM {source.table} c, "
            f"LATERAL (SELECT {headline.format(f'left({column}, :chars)')} AS opening "
            # OFFSET 0 keeps the opening's headline one call, not one per reference.
            "OFFSET 0) h WHERE c.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        values = {"q": self.query, "options": HEADLINE_OPTIONS, "ids": ids}
        rows = session.execute(query, {**values, "chars": HEADLINE_CHARS, "mark": MARK_START})
        return {int(i): str(s or "") for i, s in rows}


class ListingBackend:
    """No words, only label filters: the newest matching items (score 0), counted up to the
    window, each with the opening of its text as the snippet."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> Ranked:
        """The newest `limit` matching ids and the count (up to the window); on SQLite the
        filters' keys are sought in the full-text index first."""
        keys = key_match(session, filters).expression() if self.dialect == "sqlite" else None
        if keys is not None:
            sql, window = unkeyed_sql(filters, source.table, "f.rowid")
            rows = session.execute(
                text(
                    f"SELECT f.rowid FROM {source.fts} f{sql.joins} WHERE {source.fts} MATCH :k"
                    f"{sql.where} ORDER BY f.rowid DESC LIMIT :window"
                ),
                {"k": keys, "window": window, **sql.params},
            ).all()
        else:
            sql = filter_sql(filters, source.table, "x.id", self.dialect, item="x")
            window = FILTERED_WINDOW if sql.joins else RANK_WINDOW
            rows = session.execute(
                text(
                    f"SELECT x.id FROM {source.table} x{sql.joins} WHERE 1 = 1{sql.where} "
                    "ORDER BY x.id DESC LIMIT :window"
                ),
                {"window": window, **sql.params},
            ).all()
        return [(int(row[0]), 0.0) for row in rows[:limit]], len(rows), len(rows) >= window

    def dated(
        self, session: Session, source: Source, filters: SearchFilters, limit: int, newest: bool
    ) -> Ranked:
        """The matching items by their letter's date."""
        matches: tuple[str, str, dict[str, Any]] = (f"{source.table} x", "1 = 1", {})
        return by_date(session, source, filters, limit, newest, matches)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """The first words of each item's text."""
        if not ids:
            return {}
        query = text(
            f"SELECT c.id, c.{source.headline_column} FROM {source.table} c WHERE c.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        return {
            int(i): _opening(str(body or "")) for i, body in session.execute(query, {"ids": ids})
        }


def _opening(body: str, words: int = 40) -> str:
    parts = body.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def backend_for(dialect: str, words: Words) -> Backend:
    """The backend of a database dialect."""
    if dialect == "postgresql":
        return PostgresBackend(words)
    return SqliteBackend(words)

"""The two full-text backends: SQLite FTS5 (bm25, snippet) and PostgreSQL (tsvector + GIN,
ts_rank_cd, ts_headline). Each ranks item ids (higher score is better), counts matches up to
a cap, and makes highlighted snippets for the few ids of one page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from reviewdesk.services.search.filters import filter_sql
from reviewdesk.services.search.model import MARK_END, MARK_START, RANK_WINDOW, SearchFilters
from reviewdesk.services.search.words import Words, fts5_match, tsquery_source

SNIPPET_TOKENS = 32


@dataclass(frozen=True, slots=True)
class Source:
    """One searchable table: its name, the kind of item, and (SQLite) its FTS5 table."""

    table: str
    kind: str
    fts: str
    weights: str
    headline_column: str


SOURCES = {
    "comments": Source("comments", "comment", "comments_fts", "2.0, 1.0", "text"),
    "responses": Source("responses", "response", "responses_fts", "1.0", "response_text"),
}


class Backend(Protocol):
    """What the search engine needs from a database."""

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> list[tuple[int, float]]: ...

    def count(self, session: Session, source: Source, filters: SearchFilters, cap: int) -> int: ...

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]: ...


class SqliteBackend:
    """FTS5: bm25 over at most the RANK_WINDOW newest matches (FTS5 walks its doclists newest
    first, so a common word costs no more than a rare one), snippets only for a page's ids."""

    def __init__(self, words: Words) -> None:
        self.match = fts5_match(words)

    def _from(self, source: Source, filters: SearchFilters) -> tuple[str, dict[str, object]]:
        sql = filter_sql(filters, "c", "sqlite")
        join = f" JOIN {source.table} c ON c.id = f.rowid{sql.joins}" if sql.joins else ""
        return (
            f"FROM {source.fts} f{join} WHERE {source.fts} MATCH :q{sql.where}",
            {"q": self.match, **sql.params},
        )

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> list[tuple[int, float]]:
        """Ids with -bm25 (higher is better), best first."""
        clause, params = self._from(source, filters)
        rows = session.execute(
            text(
                "SELECT id, score FROM (SELECT f.rowid AS id, "
                f"bm25({source.fts}, {source.weights}) AS score {clause} "
                "ORDER BY f.rowid DESC LIMIT :window) ORDER BY score, id DESC LIMIT :n"
            ),
            {**params, "n": limit, "window": RANK_WINDOW},
        )
        return [(int(i), -float(score)) for i, score in rows]

    def count(self, session: Session, source: Source, filters: SearchFilters, cap: int) -> int:
        """Matches, counted up to `cap`."""
        clause, params = self._from(source, filters)
        value = session.scalar(
            text(f"SELECT count(*) FROM (SELECT 1 {clause} LIMIT :cap)"), {**params, "cap": cap}
        )
        return int(value or 0)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """Highlighted passages of the given ids."""
        if not ids:
            return {}
        query = text(
            f"SELECT rowid, snippet({source.fts}, -1, :s, :e, '…', {SNIPPET_TOKENS}) "
            f"FROM {source.fts} WHERE {source.fts} MATCH :q AND rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        rows = session.execute(query, {"q": self.match, "s": MARK_START, "e": MARK_END, "ids": ids})
        return {int(i): str(s or "") for i, s in rows}


HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class PostgresBackend:
    """PostgreSQL full text: the stored search_vector, its GIN index, ts_rank_cd, ts_headline."""

    def __init__(self, words: Words) -> None:
        self.query = tsquery_source(words)

    def _from(self, source: Source, filters: SearchFilters) -> tuple[str, dict[str, object]]:
        sql = filter_sql(filters, "c", "postgresql")
        return (
            f"FROM {source.table} c{sql.joins} "
            "CROSS JOIN to_tsquery('english', :q) AS query "
            f"WHERE c.search_vector @@ query{sql.where}",
            {"q": self.query, **sql.params},
        )

    def ranked(
        self, session: Session, source: Source, filters: SearchFilters, limit: int
    ) -> list[tuple[int, float]]:
        """Ids with ts_rank_cd (higher is better), best first."""
        clause, params = self._from(source, filters)
        rows = session.execute(
            text(
                f"SELECT c.id, ts_rank_cd(c.search_vector, query) AS score {clause} "
                "ORDER BY score DESC, c.id LIMIT :n"
            ),
            {**params, "n": limit},
        )
        return [(int(i), float(score)) for i, score in rows]

    def count(self, session: Session, source: Source, filters: SearchFilters, cap: int) -> int:
        """Matches, counted up to `cap`."""
        clause, params = self._from(source, filters)
        value = session.scalar(
            text(f"SELECT count(*) FROM (SELECT 1 {clause} LIMIT :cap) AS capped"),
            {**params, "cap": cap},
        )
        return int(value or 0)

    def snippets(self, session: Session, source: Source, ids: list[int]) -> dict[int, str]:
        """Highlighted passages of the given ids."""
        if not ids:
            return {}
        query = text(
            f"SELECT c.id, ts_headline('english', c.{source.headline_column}, "
            f"to_tsquery('english', :q), :options) FROM {source.table} c WHERE c.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        rows = session.execute(query, {"q": self.query, "options": HEADLINE_OPTIONS, "ids": ids})
        return {int(i): str(s or "") for i, s in rows}


def backend_for(dialect: str, words: Words) -> Backend:
    """The backend of a database dialect."""
    if dialect == "postgresql":
        return PostgresBackend(words)
    return SqliteBackend(words)

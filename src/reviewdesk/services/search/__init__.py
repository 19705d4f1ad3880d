"""Full-text search over comments and responses: SQLite FTS5 on the embedded store,
PostgreSQL full text on a server; filters, ranked and highlighted hits, paging, CSV export."""

from reviewdesk.record.fulltext import index_ready, rebuild_index
from reviewdesk.services.search.engine import CSV_COLUMNS, export_csv, newest_matches, search
from reviewdesk.services.search.model import (
    COUNT_CAP,
    EXPORT_CAP,
    Hit,
    LetterKind,
    ResultPage,
    ReviewStatus,
    Scope,
    SearchError,
    SearchFilters,
    SearchQuery,
    Sort,
)

__all__ = [
    "COUNT_CAP",
    "CSV_COLUMNS",
    "EXPORT_CAP",
    "Hit",
    "LetterKind",
    "ResultPage",
    "ReviewStatus",
    "Scope",
    "SearchError",
    "SearchFilters",
    "SearchQuery",
    "Sort",
    "export_csv",
    "index_ready",
    "newest_matches",
    "rebuild_index",
    "search",
]

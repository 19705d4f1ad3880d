"""The engine index of a PostgreSQL record: a tantivy index (a Rust BM25 engine, as SQLite's
FTS5) of every comment and answer, derived from the record and kept current through the
record's change feed (record/search_feed.py); it ranks and counts searches, PostgreSQL keeps
the rows and the snippets. Configured by $REVIEWDESK_SEARCH_INDEX (or `--search-index`);
built, synced and inspected with `reviewdesk search-index`. SQLite searches with FTS5."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "REVIEWDESK_SEARCH_INDEX"
"""Names the engine index directory a PostgreSQL record's searches use (unset: none)."""


def configured() -> Path | None:
    """The engine index directory $REVIEWDESK_SEARCH_INDEX names, if set."""
    given = os.environ.get(ENV_VAR, "").strip()
    return Path(given) if given else None

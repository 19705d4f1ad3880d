"""Sentence vectors kept on disk by the SHA-256 of model name and text, so the record's
comments are encoded once, not on every `reviewdesk precedents --method embedding` call.
A SQLite file under $XDG_CACHE_HOME/reviewdesk (or ~/.cache/reviewdesk); safe to delete."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

ENV_VAR = "REVIEWDESK_VECTOR_CACHE"


def default_cache_path() -> Path:
    """$REVIEWDESK_VECTOR_CACHE, else $XDG_CACHE_HOME/reviewdesk/vectors.sqlite."""
    given = os.environ.get(ENV_VAR)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reviewdesk" / "vectors.sqlite"


def text_key(model: str, text: str) -> str:
    """The cache key of one text under one model."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


class VectorCache:
    """Raw float32 vectors by text key; a cache that cannot be opened is simply not used."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.connection: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(self.path, timeout=30)
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
            )
            self.connection.commit()
        except (OSError, sqlite3.Error):
            self.connection = None

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored vectors among `keys`."""
        if self.connection is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk
            )
            found.update((key, bytes(vector)) for key, vector in rows)
        return found

    def put(self, vectors: Mapping[str, bytes]) -> None:
        """Store vectors (an unwritable cache is skipped, never an error)."""
        if self.connection is None or not vectors:
            return
        try:
            self.connection.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", vectors.items()
            )
            self.connection.commit()
        except sqlite3.Error:
            self.connection.rollback()

    def close(self) -> None:
        """Close the file."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

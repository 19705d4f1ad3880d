"""Fetch's own small memory between runs (a JSON file, replaced atomically): the last daily
index read, filings EDGAR did not have, accessions whose bytes were already stored under
another accession, and the correspondence lines of finished quarters' full indexes."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reviewdesk.services.edgar.filings import Filing

STATE_FILE = "fetch-state.json"
VERSION = 1


class FetchState:
    """Load once, change through methods, each change written to disk at once."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE
        self._lock = threading.Lock()
        self._data: dict[str, Any] = {"version": VERSION}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = None
            if isinstance(loaded, dict) and loaded.get("version") == VERSION:
                self._data = loaded

    @property
    def daily_last(self) -> str | None:
        """The last day (YYYY-MM-DD) whose daily index was fetched through to the end."""
        value = self._data.get("daily_last")
        return str(value) if value else None

    def finish_day(self, day: str) -> None:
        """Remember that day's daily index is done."""
        self._update(lambda data: data.__setitem__("daily_last", day))

    def is_missing(self, accession: str) -> bool:
        """True when an earlier run found the filing's folder absent (404)."""
        return accession in self._data.get("missing", {})

    def mark_missing(self, accession: str, url: str) -> None:
        """Remember a filing EDGAR answered 404 for."""
        self._update(lambda data: data.setdefault("missing", {}).__setitem__(accession, url))

    def clear_missing(self, accession: str) -> None:
        """Forget a 404, once the filing was fetched after all."""
        self._update(lambda data: data.setdefault("missing", {}).pop(accession, None))

    def is_duplicate(self, accession: str) -> bool:
        """True when the filing's bytes were already in the store under another accession."""
        return accession in self._data.get("duplicates", [])

    def mark_duplicate(self, accession: str) -> None:
        """Remember an accession whose letter the store already held under another one."""

        def add(data: dict[str, Any]) -> None:
            duplicates = data.setdefault("duplicates", [])
            if accession not in duplicates:
                duplicates.append(accession)

        self._update(add)

    def quarter(self, key: str) -> list[Filing] | None:
        """The cached filings of a finished quarter's full index, if read before."""
        rows = self._data.get("quarters", {}).get(key)
        return None if rows is None else [Filing(**row) for row in rows]

    def keep_quarter(self, key: str, filings: list[Filing]) -> None:
        """Cache the wanted filings of a finished quarter's full index."""
        rows = [asdict(filing) for filing in filings]
        self._update(lambda data: data.setdefault("quarters", {}).__setitem__(key, rows))

    def _update(self, change: Any) -> None:
        with self._lock:
            change(self._data)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".fetch-state.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._data, out, indent=1, sort_keys=True)
            os.replace(temporary, self.path)

"""An engine index on disk: a directory holding one tantivy index per table and a small file
naming the index (the name it is registered under in the record's `search_indexes`) and the
database it was built from, so an index is never applied to another record's feed. Opened
indexes are kept per process and reloaded whenever an index's commit changed on disk."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy.engine import make_url

from reviewdesk.errors import Invalid
from reviewdesk.services.search.engine_index.schema import TABLES

NAMING = "reviewdesk-index.json"
"""The file in the index directory that names the index and its record."""

SQLITE = (
    "SQLite searches with FTS5; the engine index is for PostgreSQL: give a postgresql:// "
    "URL with --db, or leave out --search-index"
)


class EngineIndexError(Invalid):
    """An engine index that cannot be used as asked; the message says what to do."""


def shown_record(url: str) -> str:
    """A database URL without its password, as an index names its record."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass(slots=True)
class Naming:
    """What the index directory says about itself."""

    name: str
    record: str

    def write(self, where: Path) -> None:
        (where / NAMING).write_text(json.dumps({"name": self.name, "record": self.record}))


def naming(where: Path) -> Naming:
    """The naming file of the index at `where`; EngineIndexError when none is there."""
    try:
        data = json.loads((where / NAMING).read_text())
        return Naming(str(data["name"]), str(data["record"]))
    except (OSError, ValueError, KeyError) as exc:
        raise EngineIndexError(
            f"no engine index at {where}; build one with `reviewdesk search-index build "
            f"--db URL --index {where}`"
        ) from exc


def _stamp(path: Path) -> tuple[int, int, int]:
    """Which file the index's meta.json is, when written and how large: every commit
    writes a new one in its place."""
    found = (path / "meta.json").stat()
    return found.st_ino, found.st_mtime_ns, found.st_size


@dataclass(slots=True)
class OpenIndex:
    """The tantivy indexes of one directory, by table, and the commit each was last read at."""

    where: Path
    naming: Naming
    tables: dict[str, Any]
    stamps: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fresh(self) -> dict[str, Any]:
        """The indexes, each reloaded if a commit changed it since it was last read (a
        stat of its meta.json per search, the reload only after a commit)."""
        with self.lock:
            for table, index in self.tables.items():
                stamp = _stamp(self.where / table)
                if stamp != self.stamps.get(table):
                    index.reload()
                    self.stamps[table] = stamp
        return self.tables


def open_index(where: Path) -> OpenIndex:
    """The index at `where` (its tables opened; nothing checked against a record)."""
    named = naming(where)
    tables = {}
    for table in TABLES:
        try:
            tables[table] = tantivy.Index.open(str(where / table))
        except ValueError as exc:
            raise EngineIndexError(
                f"the engine index at {where} has no readable {table} index ({exc}); "
                f"build it again with `reviewdesk search-index build --index {where}`"
            ) from exc
    return OpenIndex(where, named, tables)


_opened: dict[Path, OpenIndex] = {}
_opening = threading.Lock()


def opened(where: Path) -> OpenIndex:
    """The index at `where`, opened once per process (searches reload it as it changes)."""
    key = where.resolve()
    with _opening:
        found = _opened.get(key)
        if found is None or found.naming != naming(key):
            found = _opened[key] = open_index(key)
        return found

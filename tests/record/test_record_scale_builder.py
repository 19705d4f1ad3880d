"""The scale builder (benchmarks/scale.py) on a small size: exact row counts on SQLite and
PostgreSQL, new companies and keys, and wording that is varied, not copied."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
import uuid
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from tests.conftest import DOCS, ROOT, shared

from reviewdesk.record import open_store
from reviewdesk.record.trend_upkeep import facts_missing

SEED_DOCUMENTS = 24
LETTERS = 200

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scale() -> ModuleType:
    return _scale()


@pytest.fixture(scope="module")
def seed_path(scale: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed record of the first corpus letters (in name order)."""
    docs = sorted(p for p in shared(DOCS).iterdir() if p.is_file())[:SEED_DOCUMENTS]
    path: Path = scale.seed_store(tmp_path_factory.mktemp("seed"), 1, docs)
    return path


def _expected(scale: ModuleType, seed: object) -> dict[str, int]:
    """Rows the plan implies, counted from the seed groups it copies."""
    import random

    planned = scale.plan(seed, LETTERS, random.Random(1))
    out = dict.fromkeys(["letters", "comments", "responses"], 0)
    for copy in planned:
        group = seed.groups[copy.group]  # type: ignore[attr-defined]
        out["letters"] += len(group)
        for letter in group:
            out["comments"] += len(seed.comments.get(letter["id"], []))  # type: ignore[attr-defined]
            out["responses"] += len(seed.responses.get(letter["id"], []))  # type: ignore[attr-defined]
    out["companies"] = len({copy.company for copy in planned})
    return out


def test_sqlite_build_holds_exactly_the_planned_rows_under_new_companies(
    scale: ModuleType, seed_path: Path, tmp_path: Path
) -> None:
    seed = scale.load_seed(seed_path)
    path = tmp_path / "scale.sqlite"
    built = scale.build_sqlite(seed, LETTERS, path)
    expected = _expected(scale, seed)
    assert built.rows["letters"] == LETTERS == expected["letters"]
    assert built.rows["raw_documents"] == LETTERS
    assert built.rows["comments"] == expected["comments"]
    assert built.rows["responses"] == expected["responses"]
    assert built.rows["companies"] == expected["companies"]
    assert built.trend_companies == expected["companies"]
    store = open_store(str(path))
    with store.session() as session:
        assert not facts_missing(session)
    store.close()
    with sqlite3.connect(path) as db:
        seed_names = {
            n for (n,) in sqlite3.connect(seed_path).execute("SELECT name FROM companies")
        }
        names = {n for (n,) in db.execute("SELECT name FROM companies")}
        assert len(names) == expected["companies"]
        assert not names & seed_names
        assert db.execute("SELECT count(DISTINCT accession) FROM letters").fetchone()[0] == LETTERS
        fts = db.execute("SELECT count(*) FROM comments_fts").fetchone()[0]
        assert fts == expected["comments"]
        distinct = db.execute("SELECT count(DISTINCT text) FROM comments").fetchone()[0]
        assert distinct > len(seed.rows["comments"])


@pytest.mark.postgres
def test_postgres_build_holds_the_same_rows_as_sqlite(
    scale: ModuleType, seed_path: Path, tmp_path: Path
) -> None:
    seed = scale.load_seed(seed_path)
    sqlite_built = scale.build_sqlite(seed, LETTERS, tmp_path / "scale.sqlite")
    name = f"reviewdesk_test_scale_{uuid.uuid4().hex[:8]}"
    try:
        try:
            built = scale.build_postgres(seed, LETTERS, name)
        except psycopg.OperationalError as exc:
            pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc}")
        assert built.rows == sqlite_built.rows
        assert built.rows["letters"] == LETTERS
        assert built.trend_companies == sqlite_built.trend_companies
        with psycopg.connect(scale.pg_conninfo(name)) as pg:
            matched = pg.execute(
                "SELECT count(*) FROM comments WHERE search_vector @@ to_tsquery('english', 'comment | note')"
            ).fetchone()
            assert matched is not None and matched[0] > 0
            indexes = pg.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname LIKE '%search_vector' "
                "ORDER BY indexname"
            ).fetchall()
            assert [d.split(" USING ")[1] for (d,) in indexes] == [
                "gin (search_vector, search_keys, ((- (id / 1024))))",
                "gin (search_vector, search_keys, ((- (id / 1024))))",
            ]
            unkeyed = pg.execute(
                "SELECT (SELECT count(*) FROM comments WHERE search_keys IS NULL) + "
                "(SELECT count(*) FROM responses WHERE search_keys IS NULL)"
            ).fetchone()
            assert unkeyed == (0,)
            pg.execute(
                "INSERT INTO companies (cik, name) VALUES ('0000000001', 'Added after the build')"
            )
    finally:
        scale.drop_database(name)

"""Fixtures of the record tests: every store test runs on SQLite and on PostgreSQL.

PostgreSQL: one uniquely named database per test session on 127.0.0.1:5432 (user postgres),
dropped at the end, with one schema per test so each starts empty. When the server cannot be
reached the PostgreSQL half is skipped, or fails when REVIEWDESK_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from tests import conftest as shared_files
from tests.conftest import DOCS, MANIFEST

from reviewdesk.record import Store, open_store

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session; its name is returned."""
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 (user postgres) is unreachable: {exc}".strip()
        if os.environ.get("REVIEWDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}; REVIEWDESK_REQUIRE_POSTGRES=1 requires it")
        pytest.skip(f"{reason}; set REVIEWDESK_REQUIRE_POSTGRES=1 to make this a failure")
    name = f"reviewdesk_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "record.sqlite")
    database = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={database}", autocommit=True
    ) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return f"postgresql://postgres@127.0.0.1:5432/{database}?options=-csearch_path%3D{schema}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open, migrated, empty store."""
    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def manifest_rows() -> list[dict[str, str]]:
    """The rows of the corpus manifest."""
    return shared_files.manifest_rows()


@pytest.fixture(scope="session")
def manifest_path(manifest_rows: list[dict[str, str]]) -> Path:
    """Path of the corpus manifest."""
    return MANIFEST


@pytest.fixture
def thread_docs(manifest_rows: list[dict[str, str]]) -> list[Path]:
    """The ten letters of AbbVie's 2018 and 2020 review threads, in manifest order."""
    threads = {"ABBV_0000000000-18-013671", "ABBV_0000000000-20-009552"}
    return [DOCS / Path(r["file"]).name for r in manifest_rows if r["source_thread"] in threads]


@pytest.fixture
def sample_docs(manifest_rows: list[dict[str, str]]) -> list[Path]:
    """Sixty real letters spread over the corpus (every fifteenth of the manifest)."""
    return [DOCS / Path(r["file"]).name for r in manifest_rows[::15]][:60]

"""Fixtures of the desk tests: a SQLite record ingested from three real review threads of
the corpus (NRG 2016, ONEOK 2022, AbbVie 2018), a record of the fictional demo letters, and
a PostgreSQL database per test session for the search tests, and a PostgreSQL record of
its own per test module with an engine index."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Store, open_store
from reviewdesk.services.search.engine_index import ENV_VAR
from reviewdesk.services.search.engine_index.build import build
from reviewdesk.web import create_app
from tests.conftest import MANIFEST, ROOT, thread_files

FICTIONAL_LETTERS = ROOT / "src" / "reviewdesk" / "demo_letters"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
THREADS = {"NRG_0000000000-16-075770", "OKE_0000000000-22-009320", "ABBV_0000000000-18-013671"}


def ingest_threads(url: str) -> Store:
    """A store at `url` holding the three threads, threaded into reviews."""
    store = open_store(url)
    summary = ingest_paths(store, thread_files(THREADS), MANIFEST, jobs=2)
    assert summary.failed == 0, summary.problems
    return store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """SQLite record of the three real threads."""
    store = ingest_threads(str(tmp_path_factory.mktemp("desk") / "desk.sqlite"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(corpus_store: Store) -> TestClient:
    """The desk over the corpus store, in process."""
    return TestClient(create_app(corpus_store))


@pytest.fixture(scope="session")
def fictional_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """SQLite record of the fictional demo letters (one carries hostile HTML)."""
    store = open_store(str(tmp_path_factory.mktemp("fictional") / "fictional.sqlite"))
    summary = ingest_paths(store, [FICTIONAL_LETTERS], FICTIONAL_LETTERS / "manifest.csv", jobs=1)
    assert summary.stored == 5, summary.problems
    yield store
    store.close()


@pytest.fixture(scope="session")
def fictional_client(fictional_store: Store) -> TestClient:
    """The desk over the fictional letters."""
    return TestClient(create_app(fictional_store))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for this session (dropped at the end);
    skipped when the server is unreachable, failed when REVIEWDESK_REQUIRE_POSTGRES=1."""
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 (user postgres) is unreachable: {exc}".strip()
        if os.environ.get("REVIEWDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}; REVIEWDESK_REQUIRE_POSTGRES=1 requires it")
        pytest.skip(f"{reason}; set REVIEWDESK_REQUIRE_POSTGRES=1 to make this a failure")
    name = f"reviewdesk_web_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="session")
def pg_store(pg_url: str) -> Iterator[Store]:
    """PostgreSQL record of the three real threads."""
    store = ingest_threads(pg_url)
    yield store
    store.close()


def own_database() -> tuple[str, str]:
    name = f"reviewdesk_engine_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name, f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="module")
def indexed(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """A PostgreSQL record of the three threads (a database of its own) and its engine index."""
    name, url = own_database()
    store = ingest_threads(url)
    where = tmp_path_factory.mktemp("engine") / "index"
    build(store.engine, where)
    try:
        yield store, where
    finally:
        store.close()
        drop_database(name)


@pytest.fixture
def engine_on(indexed: tuple[Store, Path], monkeypatch: pytest.MonkeyPatch) -> Store:
    """The indexed record, searched through its engine index."""
    store, where = indexed
    monkeypatch.setenv(ENV_VAR, str(where))
    return store

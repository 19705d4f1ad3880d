"""The store: where it lives, how it is opened, and migrations from empty on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from reviewdesk.record import StoreError, open_store
from reviewdesk.record.audit import log
from reviewdesk.record.schema import AuditEntry, Base
from reviewdesk.record.store import (
    alembic_config,
    current_revision,
    downgrade,
    head,
    resolve_url,
    upgrade,
)


def test_opening_an_empty_database_migrates_it_to_the_newest_schema(store_url: str) -> None:
    store = open_store(store_url)
    assert current_revision(store) == head()
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version"} <= tables
    assert set(Base.metadata.tables) == {
        "audit_log",
        "comments",
        "companies",
        "company_names",
        "contacts",
        "fetch_schedules",
        "filing_documents",
        "filings",
        "ingest_errors",
        "labels",
        "letter_filings",
        "letters",
        "raw_documents",
        "responses",
        "reviews",
        "rounds",
        "trend_company_facts",
        "trend_letter_facts",
        "trend_review_facts",
    }
    store.close()


def test_the_migrations_form_one_line_from_empty_to_the_newest() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions("base", "heads"))
    assert script.get_heads() == [head()]
    assert revisions[-1].revision == "0001"
    assert all(r.down_revision is None or isinstance(r.down_revision, str) for r in revisions)


def test_migrations_go_down_to_empty_and_up_again(store_url: str) -> None:
    store = open_store(store_url)
    downgrade(store, "base")
    assert current_revision(store) is None
    assert set(inspect(store.engine).get_table_names()) == {"alembic_version"}
    upgrade(store)
    assert current_revision(store) == head()
    assert "letters" in inspect(store.engine).get_table_names()
    store.close()


def test_opening_a_migrated_database_again_keeps_its_rows(store_url: str) -> None:
    store = open_store(store_url)
    with store.write() as session:
        log(session, "test", "store")
    store.close()
    again = open_store(store_url)
    with again.session() as session:
        assert [e.action for e in session.scalars(select(AuditEntry))] == ["test"]
    again.close()


def test_the_audit_log_refuses_changes_to_what_it_recorded(store_url: str) -> None:
    store = open_store(store_url)
    with store.write() as session:
        log(session, "ingest", "letter:1", source="fictional")
    with pytest.raises(DBAPIError, match="append-only"), store.write() as session:
        session.execute(update(AuditEntry).values(actor="someone else"))
    with pytest.raises(DBAPIError, match="append-only"), store.write() as session:
        session.execute(text("DELETE FROM audit_log"))
    with store.session() as session:
        entries = session.scalars(select(AuditEntry)).all()
        assert [(e.action, e.subject, e.detail) for e in entries] == [
            ("ingest", "letter:1", {"source": "fictional"})
        ]
    store.close()


def test_sqlite_store_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "deep" / "folder" / "record.sqlite"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    assert (tmp_path / "deep" / "folder" / "record.sqlite").is_file()
    store.close()


def test_where_the_store_is_comes_from_the_argument_the_environment_or_the_user_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REVIEWDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/xdg/reviewdesk/reviewdesk.sqlite"
    monkeypatch.setenv("REVIEWDESK_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/env.sqlite"
    assert resolve_url(str(tmp_path / "given.sqlite")) == f"sqlite:///{tmp_path}/given.sqlite"
    assert (
        resolve_url("postgresql://postgres@127.0.0.1:5432/reviewdesk")
        == "postgresql+psycopg://postgres@127.0.0.1:5432/reviewdesk"
    )
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError, match="mysql://u@h/db: not a database this store knows"):
        resolve_url("mysql://u@h/db")

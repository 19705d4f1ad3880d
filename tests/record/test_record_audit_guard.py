"""The audit log cannot be rewritten unnoticed (issue 15, item 6): every entry is chained by
hash on both stores and `reviewdesk audit --verify` finds a changed or removed entry; SQLite
refuses INSERT OR REPLACE; PostgreSQL refuses TRUNCATE, and the desk's own role, set up by
`reviewdesk db grant-desk`, can only append. (Entries and roles here are made up.)"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests.record.conftest import PG_ADMIN
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import Store, open_store
from reviewdesk.record.audit import log
from reviewdesk.record.audit_chain import GENESIS, Break, verify_log
from reviewdesk.record.grants import audit_guard
from reviewdesk.record.store import downgrade, upgrade

runner = CliRunner()
_register()


def three_entries(store: Store) -> None:
    with store.write() as session:
        log(session, "ingest", "letter:1", sha256="ab" * 32)
        log(session, "reparse", "letter:1", fields=["date", "company"])
    with store.write() as session:
        log(session, "workflow.issue", "authored_review:7", round=1)


def verify(store: Store) -> tuple[int, list[Break]]:
    with store.session() as session:
        verdict = verify_log(session)
    return verdict.entries, verdict.breaks


def test_entries_are_chained_and_the_chain_checks(store: Store) -> None:
    three_entries(store)
    with store.session() as session:
        rows = session.execute(text("SELECT prev_hash, hash FROM audit_log ORDER BY id")).all()
    assert rows[0][0] == GENESIS
    assert [r[0] for r in rows[1:]] == [r[1] for r in rows[:-1]]
    assert verify(store) == (3, [])
    result = runner.invoke(app, ["audit", "--verify", "--db", store.url])
    assert result.exit_code == 0, result.output
    assert f"3 audit entries, chain intact; newest hash {rows[-1][1]}" in result.output


def test_a_changed_entry_is_refused_and_once_forced_is_found(store: Store) -> None:
    three_entries(store)
    with pytest.raises(DBAPIError, match="append-only"), store.write() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = 2"))
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        connection.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = 2"))
    assert verify(store) == (3, [Break(2, "its content does not match its hash (changed?)")])
    result = runner.invoke(app, ["audit", "--verify", "--db", store.url])
    assert result.exit_code == 1
    assert "audit entry 2: its content does not match its hash (changed?)" in result.output
    assert "1 break(s) in the chain of 3 entries" in result.output


def test_a_removed_entry_is_found(store: Store) -> None:
    three_entries(store)
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        connection.execute(text("DELETE FROM audit_log WHERE id = 2"))
    assert verify(store) == (
        2,
        [Break(3, "does not follow the entry before it (one removed?)")],
    )


def test_sqlite_refuses_insert_or_replace_of_an_entry(tmp_path: object) -> None:
    store = open_store(f"{tmp_path}/audit.sqlite")
    three_entries(store)
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT OR REPLACE INTO audit_log (id, at, actor, action, subject, detail, "
                "prev_hash, hash) SELECT id, at, 'forger', action, subject, detail, prev_hash, "
                "hash FROM audit_log WHERE id = 1"
            )
        )
    assert verify(store) == (3, [])
    store.close()


@pytest.mark.postgres
def test_postgres_refuses_truncate_even_to_its_owner(store: Store) -> None:
    if store.dialect != "postgresql":
        pytest.skip("TRUNCATE guard is PostgreSQL's; SQLite has no TRUNCATE")
    three_entries(store)
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))
    assert verify(store) == (3, [])


@pytest.fixture
def roles(pg_database: str) -> Iterator[tuple[str, str, str]]:
    """An owner role with a schema of its own and a desk role: (owner URL, desk URL, desk)."""
    tag = uuid.uuid4().hex[:8]
    owner, desk, schema = f"rd_owner_{tag}", f"rd_desk_{tag}", f"audit_{tag}"
    admin = f"host=127.0.0.1 port=5432 user=postgres dbname={pg_database}"
    with psycopg.connect(admin, autocommit=True) as connection:
        for role in (owner, desk):
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        connection.execute(
            sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                sql.Identifier(schema), sql.Identifier(owner)
            )
        )
    base = f"127.0.0.1:5432/{pg_database}?options=-csearch_path%3D{schema}"
    try:
        yield f"postgresql://{owner}@{base}", f"postgresql://{desk}@{base}", desk
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            for role in (desk, owner):
                connection.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                connection.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            for role in (desk, owner):
                connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_the_desk_role_can_append_but_not_change_truncate_or_unguard(
    roles: tuple[str, str, str],
) -> None:
    owner_url, desk_url, desk = roles
    owner = open_store(owner_url)
    result = runner.invoke(app, ["db", "grant-desk", desk, "--db", owner_url])
    assert result.exit_code == 0, result.output
    assert "the audit log only to append" in result.output
    guard = audit_guard(owner)
    assert guard is not None and guard.powers == ["owner", "UPDATE", "DELETE", "TRUNCATE"]
    owner.close()
    store = open_store(desk_url)
    three_entries(store)
    guard = audit_guard(store)
    assert guard is not None and guard.append_only and guard.role == desk
    for statement in (
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DROP TRIGGER audit_log_no_change ON audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TABLE audit_log",
    ):
        with (
            pytest.raises(DBAPIError, match=r"permission denied|must be owner"),
            store.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    assert verify(store) == (3, [])
    verified = runner.invoke(app, ["audit", "--verify", "--db", desk_url])
    assert verified.exit_code == 0 and "can rewrite" not in verified.output
    store.close()


def test_grant_desk_is_refused_on_sqlite_with_a_reason(tmp_path: object) -> None:
    result = runner.invoke(app, ["db", "grant-desk", "desk", "--db", f"{tmp_path}/r.sqlite"])
    assert result.exit_code == 2
    assert "database roles exist on PostgreSQL only" in result.output


def test_entries_written_before_the_chain_are_chained_by_the_migration(store: Store) -> None:
    downgrade(store, "0007")
    with store.engine.begin() as connection:
        for actor in ("ingest", "rita", "sam"):
            connection.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES "
                    "('2026-03-02 10:00:00.000000', :actor, 'workflow.save', 'x:1', '{\"n\": 1}')"
                ),
                {"actor": actor},
            )
    upgrade(store)
    assert verify(store) == (3, [])
    three_entries(store)
    assert verify(store) == (6, [])

"""The record's commands: reparse, db, and the errors a user can make with ingest."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import open_store
from reviewdesk.record.store import head

WIDE = {"COLUMNS": "200"}


def run(*args: str) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(app, list(args), env=WIDE)
    return result.exit_code, result.output


def test_reparse_command_reports_letters_and_changes(
    store_url: str, thread_docs: list[Path], manifest_path: Path
) -> None:
    store = open_store(store_url)
    ingest_paths(store, thread_docs[:2], manifest_path, jobs=1)
    store.close()
    code, output = run("reparse", "--db", store_url, "-j", "1")
    assert code == 0, output
    assert "│       2 │       0 │      0 │         0 │" in output
    code, output = run("reparse", "--db", store_url, "--stale-only", "-j", "1")
    assert "│       0 │       0 │      0 │         0 │" in output


def test_db_commands_migrate_an_empty_database_and_say_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    code, output = run("db", "current", "--db", str(path))
    newest = head()
    assert (code, output.strip()) == (0, f"sqlite:///{path}: schema empty (newest {newest})")
    code, output = run("db", "upgrade", "--db", str(path))
    assert (code, output.strip()) == (0, f"sqlite:///{path}: schema empty -> {newest}")
    code, output = run("db", "current", "--db", str(path))
    assert output.strip() == f"sqlite:///{path}: schema {newest} (newest {newest})"


def test_ingest_refuses_a_missing_path_and_a_manifest_without_its_columns(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "record.sqlite")
    code, output = run("ingest", str(tmp_path / "nowhere"), "--db", db)
    assert code == 2
    assert f"no such file or folder: {tmp_path / 'nowhere'}" in output
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,date\nfictional,2020-01-01\n", encoding="utf-8")
    code, output = run("ingest", str(tmp_path), "--manifest", str(manifest), "--db", db)
    assert code == 2
    assert f"{manifest}: no accession, file column" in output


def test_an_unknown_database_url_is_refused_with_what_to_give(tmp_path: Path) -> None:
    code, output = run("errors", "--db", "mysql://someone@somewhere/db")
    assert code == 2
    assert "not a database this store knows; give a file path" in output

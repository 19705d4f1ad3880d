"""Fixtures of the workflow tests: a fresh SQLite record with the desk's fictional people.

The record is migrated and the people added once per session into a template file, which
each test copies, so a test starts from the same state without paying for it again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewdesk.record import Store, open_store
from tests.workflow.support import People, add_people, principals


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated record holding one user of every role."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite"
    store = open_store(str(path))
    add_people(store)
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def store(tmp_path: Path, desk_template: Path) -> Iterator[Store]:
    """An open record with the people and nothing else."""
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(desk_template, path)
    opened = open_store(str(path))
    yield opened
    opened.close()


@pytest.fixture
def people(store: Store) -> People:
    """One user of every role."""
    return principals(store)

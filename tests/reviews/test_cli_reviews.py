"""The reviews commands on a record holding real threads: list, tree, deadlines, threading report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import MANIFEST, thread_files
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import schema
from reviewdesk.record.store import open_store

pytestmark = pytest.mark.corpus


@pytest.fixture
def db(tmp_path: Path) -> str:
    files = thread_files({"EBAY_0000000000-17-028776"})
    path = str(tmp_path / "record.sqlite")
    store = open_store(path)
    ingest_paths(store, files, manifest=MANIFEST, jobs=1)
    store.close()
    _register()
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_reviews_lists_the_review_and_review_shows_its_tree(db: str) -> None:
    listing = _run("reviews", "--db", db, "--company", "ebay")
    assert (
        re.search(r"(?<![0-9])1 review\b", listing)
        and "2017-08-14" in listing
        and "2017-10-19" in listing
    )
    tree = _run("review", "1", "--db", db)
    assert "Round 3" in tree
    assert "followed up by comment 1 of 2017-09-18" in tree
    assert "follows up comment 1 of 2017-08-14" in tree
    with open_store(db).session() as session:
        first = session.scalars(select(schema.Comment).order_by(schema.Comment.id)).first()
    assert first is not None
    assert f"comment {first.number}  id {first.id}" in tree
    assert "staff comment letter" in tree and "company response letter" in tree
    assert "1 responses" not in tree
    assert "[followed up]" in tree and "followed_up" not in tree


def test_deadlines_as_of_a_day_inside_the_first_round(db: str) -> None:
    output = _run("deadlines", "--db", db, "--today", "2017-09-01")
    # letter of Monday 14 Aug 2017: due ten business days later, Monday 28 Aug; answered 24 Aug.
    assert "2017-08-28" in output
    assert re.search(r"\bon time: 1\b", output), output


def test_threading_report_prints_the_attached_share(db: str) -> None:
    output = _run("threading-report", "--db", db)
    assert "attached to the letter of that date: 3 (100.0%)" in output


def test_bad_date_and_unknown_review_are_explained(db: str) -> None:
    result = CliRunner().invoke(app, ["deadlines", "--db", db, "--today", "soon"])
    assert result.exit_code == 2 and "give YYYY-MM-DD" in result.output
    result = CliRunner().invoke(app, ["review", "99", "--db", db])
    assert result.exit_code == 1 and "no review 99" in result.output


def test_tables_keep_whole_dates_at_80_columns(db: str) -> None:
    def narrow(*args: str) -> str:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.output.splitlines()) <= 80
        return result.output

    listing = narrow("reviews", "--db", db)
    assert "2017-08-14" in listing and "2017-10-19" in listing
    deadlines = narrow("deadlines", "--db", db, "--today", "2017-09-01")
    assert "2017-08-28" in deadlines and "2017-08-24" in deadlines
    found = narrow("search", "note", "--db", db, "--sort", "newest", "-n", "3")
    assert re.findall(r"^│ (\d{4}-\d{2}-\d{2}) │", found, re.M) == [
        "2017-10-11",
        "2017-09-18",
        "2017-08-24",
    ]

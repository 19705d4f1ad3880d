"""Research export of a search: the whole thread of each match (comment, answer, follow-up
of the next round and its answer, topics, citations, filing form and period) as CSV, JSON
lines and Parquet, from the library, the command line and the search page; on NRG's 2016
review (two rounds), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import Store, open_store
from reviewdesk.services.search import Scope, SearchQuery
from reviewdesk.services.search.threads import matched_threads, thread_rows
from reviewdesk.web import create_app
from tests.watchlist.conftest import ROUND_ONE, ROUND_TWO, ingest

_register()
pytestmark = [pytest.mark.corpus]
ASC = ["ASC 360-10-35-21", "ASC 350-20-35-28", "ASC 350-20-35-32"]


@pytest.fixture(scope="module")
def nrg_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """NRG's two rounds on SQLite (path)."""
    path = str(tmp_path_factory.mktemp("threads") / "threads.sqlite")
    store = open_store(path)
    ingest(store, ROUND_ONE + ROUND_TWO)
    store.close()
    yield path


def test_each_match_brings_its_whole_thread(nrg_store: Store) -> None:
    ingest(nrg_store, ROUND_TWO)
    with nrg_store.session() as session:
        roots, matched = matched_threads(session, SearchQuery("impairment", scope=Scope.all))
        rows = list(thread_rows(session, roots, matched))
    assert sorted(roots) == [8, 9, 10]
    threads = [(r["thread_id"], r["round"], r["comment_id"], r["answer_id"]) for r in rows]
    assert sorted(threads) == [(8, 1, 8, 7), (9, 1, 9, 8), (9, 2, 21, 20), (10, 1, 10, 9)]
    assert threads.index((9, 2, 21, 20)) == threads.index((9, 1, 9, 8)) + 1
    follow_up = next(r for r in rows if r["round"] == 2)
    assert follow_up == {
        **follow_up,
        "matched": True,
        "company": "NRG Energy, Inc.",
        "cik": "0001013871",
        "filing_form": "10-K",
        "filing_period": dt.date(2015, 12, 31),
        "letter_accession": "0000000000-16-081594",
        "letter_date": dt.date(2016, 6, 22),
        "comment_number": 3,
        "heading": "Note 10 – Asset Impairments",
        "topics": ["goodwill_impairment"],
        "asks": ["explain", "supplemental"],
        "comment_cites": ASC,
        "answer_accession": "0001104659-16-131570",
        "answer_date": dt.date(2016, 7, 7),
        "answer_classes": ["explained", "supplemental"],
        "answer_cites": ASC,
    }
    assert follow_up["comment_text"].startswith("We note your responses to comments 9 and 10")


def test_the_command_line_writes_threads_as_csv_and_parquet(nrg_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "threads.csv"
    done = runner.invoke(app, ["search", "impairment", "--export", str(target), "--db", nrg_db])
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["thread_id"], r["round"], r["comment_id"]) for r in rows] == [
        ("8", "1", "8"),
        ("10", "1", "10"),
        ("9", "1", "9"),
        ("9", "2", "21"),
    ]
    assert rows[3]["answer_cites"] == "; ".join(ASC)
    assert (rows[3]["filing_form"], rows[3]["filing_period"]) == ("10-K", "2015-12-31")
    parquet = tmp_path / "threads.parquet"
    runner.invoke(app, ["search", "impairment", "--export", str(parquet), "--db", nrg_db])
    table = pq.read_table(parquet)
    assert table.schema.field("comment_cites").type == pa.list_(pa.string())
    assert table.schema.field("answer_date").type == pa.date32()
    assert table.column("comment_id").to_pylist() == [8, 10, 9, 21]
    assert table.column("answer_cites").to_pylist()[3] == ASC
    unknown = runner.invoke(app, ["search", "impairment", "--export", "t.xlsx", "--db", nrg_db])
    assert unknown.exit_code == 2 and "name it .csv, .jsonl or .parquet" in unknown.output


def test_the_search_page_links_the_thread_downloads(nrg_db: str) -> None:
    client = TestClient(create_app(nrg_db))
    page = client.get("/search", params={"q": "impairment"}).text
    assert 'href="/search/threads.parquet?q=impairment"' in page
    download = client.get("/search/threads.jsonl", params={"q": "impairment"})
    assert download.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in io.StringIO(download.text)]
    assert [(x["thread_id"], x["round"]) for x in lines] == [(8, 1), (10, 1), (9, 1), (9, 2)]
    assert lines[3]["answer_date"] == "2016-07-07"
    api = client.get("/api/search/threads.csv", params={"q": "impairment", "topic": "weather"})
    assert api.status_code == 422

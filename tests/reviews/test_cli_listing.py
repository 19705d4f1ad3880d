"""`reviewdesk reviews` and `deadlines` as tables at 80 columns, as CSV and as JSON, with the
shared filters, on the small fictional record of the trends tests (four reviews whose dates,
offices and forms are known: tests/trends/fictional_record.py); test_cli_reviews has the
real corpus thread at 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.trends import fictional_record
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record.store import open_store

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CUT = re.compile(r"\b\d{4}-\d{0,2}-?\d{0,1}…")
SERIAL = re.compile(r"0009999999-(\d\d)-\d{6}")
"""Fictional accessions number letters in the order the tests build them: shown as YY-n."""


def _accessions(output: str) -> str:
    return SERIAL.sub(lambda m: f"{m.group(1)}-n", output)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "fictional.sqlite")
    store = open_store(path)
    fictional_record.build(store)
    store.close()
    _register()
    return path


def _run(*args: str, columns: int = 200) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


def test_reviews_table_at_80_columns_shows_whole_dates(db: str) -> None:
    output = _run("reviews", "--db", db, columns=80)
    assert max(len(line) for line in output.splitlines()) <= 80
    assert not CUT.search(output), output
    for day in ("2022-05-02", "2022-02-01", "2022-04-21", "2021-10-04", "2022-01-10"):
        assert day in output
    assert ISO.findall(output) == [
        "2022-05-02",
        "2022-02-01",
        "2022-04-21",
        "2021-10-04",
        "2022-01-10",
        "2021-03-01",
        "2021-04-05",
    ]


def test_deadlines_table_at_80_columns_shows_whole_dates(db: str) -> None:
    output = _run("deadlines", "--db", db, "--today", "2022-05-10", columns=80)
    assert max(len(line) for line in output.splitlines()) <= 80
    assert not CUT.search(output), output
    assert ISO.findall(output)[:3] == ["2022-05-10", "2021-03-15", "2021-03-12"]
    assert "│ 2022-05-16 │            │ open" in output
    assert output.rstrip().endswith("on time: 5, late: 1, open: 1")
    assert "on_time" not in output


def test_deadlines_table_says_no_response_on_record_where_csv_keeps_the_code(db: str) -> None:
    table = _run("deadlines", "--db", db, "--today", "2022-06-30", columns=80)
    assert "overdue" not in table and "no response" in table
    assert table.rstrip().endswith("on time: 5, late: 1, no response on record: 1")
    csv = _run("deadlines", "--db", db, "--today", "2022-06-30", "--format", "csv")
    assert [line.rsplit(",", 1)[1] for line in csv.splitlines()].count("overdue") == 1


def test_an_empty_record_says_which_record_it_read(tmp_path: Path) -> None:
    _register()
    path = tmp_path / "empty.sqlite"
    result = CliRunner().invoke(app, ["reviews", "--db", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0 reviews" in result.output
    assert f"the record at sqlite:///{path.resolve()} holds no reviews" in result.output
    assert "reviewdesk-demo/reviewdesk.sqlite" in result.output


def test_reviews_as_csv_with_every_column(db: str) -> None:
    assert _run("reviews", "--db", db, "--format", "csv") == (
        "id,company,cik,file_numbers,forms,office,opened,closed,status,rounds,letters,days\n"
        "3,Fictional Beta Inc.,0009999992,1-99999,S-1,Office of Technology,2022-05-02,,open,1,1,\n"
        "4,Fictional Beta Inc.,0009999992,1-99999,10-K,Office of Technology,"
        "2022-02-01,2022-04-21,closed,3,7,79\n"
        "2,Fictional Alpha Corp,0009999991,1-99999,10-Q; 10-K/A,Office of Finance,"
        "2021-10-04,2022-01-10,closed,2,6,98\n"
        "1,Fictional Alpha Corp,0009999991,1-99999,10-K,Office of Finance,"
        "2021-03-01,2021-04-05,closed,1,3,35\n"
    )


def test_reviews_as_json_filtered_by_office_part_and_status(db: str) -> None:
    output = _run(
        "reviews", "--db", db, "-f", "json", "--office", "technology", "--status", "closed"
    )
    assert json.loads(output) == [
        {
            "id": 4,
            "company": "Fictional Beta Inc.",
            "cik": "0009999992",
            "file_numbers": ["1-99999"],
            "forms": ["10-K"],
            "office": "Office of Technology",
            "opened": "2022-02-01",
            "closed": "2022-04-21",
            "status": "closed",
            "rounds": 3,
            "letters": 7,
            "days": 79,
        }
    ]


def test_reviews_filtered_by_form_company_open_and_opening_range(db: str) -> None:
    def ids(*args: str) -> list[str]:
        lines = _run("reviews", "--db", db, "-f", "csv", *args).splitlines()[1:]
        return [line.split(",")[0] for line in lines]

    assert ids("--form", "10-k") == ["4", "2", "1"]  # 10-K/A counts as 10-K
    assert ids("--form", "S-1") == ["3"]
    assert ids("--company", "alpha") == ["2", "1"]
    assert ids("--company", "9999992") == ["3", "4"]
    assert ids("--open") == ["3"]
    assert ids("--since", "2021-10-04", "--until", "2022-02-01") == ["4", "2"]


def test_deadlines_as_csv_filtered_by_form_and_due_range(db: str) -> None:
    output = _run(
        "deadlines",
        "--db",
        db,
        "--today",
        "2022-05-10",
        "-f",
        "csv",
        "--form",
        "10-K",
        "--since",
        "2021-10-01",
        "--until",
        "2022-03-31",
    )
    assert _accessions(output) == (
        "review,round,company,cik,staff_letter,forms,office,sent,due,answered,status\n"
        "2,1,Fictional Alpha Corp,0009999991,21-n,10-Q; 10-K/A,"
        "Office of Finance,2021-10-04,2021-10-18,2021-10-25,late\n"
        "4,1,Fictional Beta Inc.,0009999992,22-n,10-K,"
        "Office of Technology,2022-02-01,2022-02-15,2022-02-10,on_time\n"
        "4,2,Fictional Beta Inc.,0009999992,22-n,10-K,"
        "Office of Technology,2022-03-01,2022-03-15,2022-03-10,on_time\n"
    )


def test_deadlines_as_json_awaiting_an_answer(db: str) -> None:
    output = _run("deadlines", "--db", db, "--today", "2022-05-20", "--open", "-f", "json")
    assert json.loads(_accessions(output)) == [
        {
            "review": 3,
            "round": 1,
            "company": "Fictional Beta Inc.",
            "cik": "0009999992",
            "staff_letter": "22-n",
            "forms": ["S-1"],
            "office": "Office of Technology",
            "sent": "2022-05-02",
            "due": "2022-05-16",
            "answered": None,
            "status": "overdue",
        }
    ]


def test_deadlines_by_status_and_office(db: str) -> None:
    output = _run(
        "deadlines",
        "--db",
        db,
        "--today",
        "2022-05-10",
        "-f",
        "csv",
        "--status",
        "late",
        "--status",
        "open",
        "--office",
        "finance",
    )
    assert [line.split(",")[:2] for line in output.splitlines()[1:]] == [["2", "1"]]


def test_a_bad_format_or_day_is_explained(db: str) -> None:
    result = CliRunner().invoke(app, ["reviews", "--db", db, "--until", "May"])
    assert result.exit_code == 2 and "--until 'May' is not a date; give YYYY-MM-DD" in result.output
    result = CliRunner().invoke(app, ["deadlines", "--db", db, "--format", "xml"])
    assert result.exit_code == 2 and "xml" in result.output

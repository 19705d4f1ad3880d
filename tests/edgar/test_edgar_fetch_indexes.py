"""`reviewdesk fetch --index` and `--daily` over the fictional form indexes of
tests/fixtures/edgar (which point at real filings of the replay)."""

from __future__ import annotations

import json
from pathlib import Path

from edgar_support import FAST, LocalEdgar, record_letters

FULL_INDEX = "/Archives/edgar/full-index/2024/QTR1/form.idx"


def accessions(db: Path) -> list[str]:
    return sorted(letter.accession for letter in record_letters(db))


def test_quarter_index_stores_the_quarters_correspondence(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch("--index", "2024Q1", *FAST)

    assert result.exit_code == 0, result.output
    letters = record_letters(tmp_path / "record.sqlite")
    assert len(letters) == 18
    assert {letter.form for letter in letters} == {"UPLOAD", "CORRESP"}
    assert min(letter.filed for letter in letters) == "2024-01-05"
    assert max(letter.filed for letter in letters) == "2024-03-29"
    assert "1 not on EDGAR (404), skipped:" in result.output
    assert "CORRESP 0001140361-24-002388 filed 2024-01-16" in result.output


def test_finished_quarter_index_is_read_once(fetch, local_edgar: LocalEdgar) -> None:
    assert fetch("--index", "2024Q1", *FAST).exit_code == 0
    documents = len(local_edgar.www.document_hits())

    again = fetch("--index", "2024q1", *FAST)

    assert again.exit_code == 0, again.output
    assert [hit.path for hit in local_edgar.www.hits].count(FULL_INDEX) == 1
    assert len(local_edgar.www.document_hits()) == documents


def test_quarter_index_honours_the_date_window(fetch, tmp_path: Path) -> None:
    result = fetch("--index", "2024Q1", "--since", "2024-03-20", "--until", "2024-03-26", *FAST)

    assert result.exit_code == 0, result.output
    assert accessions(tmp_path / "record.sqlite") == [
        "0000000000-24-003147",
        "0000000000-24-003246",
        "0001193125-24-077608",
        "0001999371-24-003895",
    ]


def test_unknown_quarter_is_reported(fetch) -> None:
    result = fetch("--index", "1993Q1", *FAST)

    assert result.exit_code == 0, result.output
    assert "--index 1993Q1: EDGAR has no full index for that quarter" in result.output


def test_bad_quarter_names_the_option(fetch, local_edgar: LocalEdgar) -> None:
    result = fetch("--index", "2024-03", *FAST)

    assert result.exit_code == 2
    assert "--index '2024-03': give a quarter like 2024Q1" in result.output
    assert local_edgar.all_hits() == []


def test_daily_fetches_what_was_published_since_the_last_run(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "record.sqlite"
    first = fetch("--daily", "--since", "2024-02-26", "--until", "2024-02-27", *FAST)
    assert first.exit_code == 0, first.output
    assert accessions(db) == ["0000000000-24-002104", "0000000000-24-002186"]
    state = json.loads((tmp_path / "record.sqlite.edgar" / "fetch-state.json").read_text())
    assert state["daily_last"] == "2024-02-27"
    seen = len(local_edgar.www.hits)

    second = fetch("--daily", "--until", "2024-03-31", *FAST)

    assert second.exit_code == 0, second.output
    assert accessions(db) == [
        "0000000000-24-002104",
        "0000000000-24-002186",
        "0000000000-24-002348",
        "0001628280-24-009298",
    ]
    daily_files = [
        h.path.rsplit("/", 1)[1] for h in local_edgar.www.hits[seen:] if h.path.endswith(".idx")
    ]
    assert daily_files == ["form.20240301.idx", "form.20240305.idx"]
    seen = len(local_edgar.www.hits)

    third = fetch("--daily", "--until", "2024-03-31", *FAST)

    assert third.exit_code == 0, third.output
    assert [h.path for h in local_edgar.www.hits[seen:]] == [
        "/Archives/edgar/daily-index/2024/QTR1/index.json"
    ]


def test_first_daily_run_reads_only_the_latest_day(fetch, tmp_path: Path) -> None:
    result = fetch("--daily", "--until", "2024-03-31", *FAST)

    assert result.exit_code == 0, result.output
    assert accessions(tmp_path / "record.sqlite") == ["0001628280-24-009298"]

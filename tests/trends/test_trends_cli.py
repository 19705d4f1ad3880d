"""`reviewdesk trends` on the fictional record: tables, CSV, JSON, charts, --published and
--rebuild."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.record import Store, schema

_register()
runner = CliRunner()


def test_published_json_is_an_array_of_figures_with_ours_and_the_published_value(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    result = runner.invoke(app, ["trends", "--published", "--format", "json", "--db", store.url])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    first = figures[0]
    assert {"figure", "ours", "published", "source", "period", "definition"} <= first.keys()
    assert (first["figure"], first["ours"], first["published"]) == (
        "comment letters per review",
        2.0,
        1.4,
    )
    assert first["source"].startswith("Deloitte, Roadmap")
    assert all(isinstance(f["ours"], float) for f in figures)


def test_published_table_names_each_gap(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    result = runner.invoke(app, ["trends", "--published", "--db", store.url])
    assert result.exit_code == 0, result.output
    assert "1. comment letters per review — definition: completed reviews" in result.output


def test_reviews_csv_for_one_company_by_name(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    result = runner.invoke(
        app, ["trends", "reviews", "--format", "csv", "--company", "beta", "--db", store.url]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("# Reviews by year of their first comment letter (calendar year")
    assert lines[2] == "2022,2,1,3.0,0.0,0.0,79.0,79.0,0.0,3,100.0,9.0,0"


def test_chart_files_are_svg_and_png(
    fictional: tuple[Store, dict[str, int]], tmp_path: Path
) -> None:
    store, _ = fictional
    for name in ("years.svg", "years.png"):
        result = runner.invoke(
            app, ["trends", "--format", "json", "--chart", str(tmp_path / name), "--db", store.url]
        )
        assert result.exit_code == 0, result.output
    assert (tmp_path / "years.svg").read_text().startswith("<svg")
    assert (tmp_path / "years.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_names_what_to_do(
    fictional: tuple[Store, dict[str, int]], tmp_path: Path
) -> None:
    store, _ = fictional
    for args, message in (
        (["trends", "topics-nope"], "no trends view 'topics-nope'"),
        (["trends", "--format", "xml"], "--format 'xml': give one of table, csv, json"),
        (["trends", "--company", "Gamma"], "no company in the record is named 'Gamma'"),
        (["trends", "--company", "Fictional"], "names several companies"),
        (["trends", "--chart", str(tmp_path / "x.gif")], "give a file name ending in .svg or .png"),
    ):
        result = runner.invoke(app, [*args, "--db", store.url])
        assert result.exit_code == 2, args
        assert message in " ".join(result.output.split()), result.output


def test_reviews_csv_for_one_industry(fictional: tuple[Store, dict[str, int]]) -> None:
    store, _ = fictional
    args = ["trends", "reviews", "--format", "csv", "--industry", "software", "--db", store.url]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "industry software" in lines[0]
    assert lines[2] == "2022,2,1,3.0,0.0,0.0,79.0,79.0,0.0,3,100.0,9.0,0"


def test_rebuild_counts_the_trend_facts_of_a_record_that_has_none(
    fictional: tuple[Store, dict[str, int]],
) -> None:
    store, _ = fictional
    shown = ["trends", "topics", "--format", "csv", "--db", store.url]
    before = runner.invoke(app, shown).output
    with store.write() as session:
        for table in (schema.TrendCompanyFacts, schema.TrendLetterFact, schema.TrendReviewFact):
            session.execute(delete(table))
    assert len(runner.invoke(app, shown).output.splitlines()) == 6  # titles and headers only
    result = runner.invoke(app, ["trends", "--rebuild", "--db", store.url])
    assert result.exit_code == 0, result.output
    assert ": 2 companies, " in result.output
    assert runner.invoke(app, shown).output == before
    assert len(before.splitlines()) > 6

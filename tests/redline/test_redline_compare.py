"""Marked copies of the fictional Northwind Widgets filing pair (tests/fixtures/redline/):
exact insertions, deletions, moves, table cells and the section summary, from HTML, DOCX and
text versions."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from reviewdesk.services.redline import (
    Redline,
    RedlineInputError,
    Version,
    compare,
    read_version,
    read_version_bytes,
)
from reviewdesk.services.redline.summary import changed_sections, page_span
from reviewdesk.services.redline.words import word_diff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "redline"

INSERTIONS = [
    "two suppliers",
    "their",
    "New tariffs on imported steel could raise our costs and reduce our margins.",
    "12.6",
    "1.8",
    "Diluted earnings per share | 0.42 | 0.31",
]
DELETIONS = [
    "a single supplier",
    "its",
    "We may use a portion of the proceeds to acquire complementary businesses, although we "
    "have no current plans to do so.",
    "12.4",
    "Research and development | 1.1 | 0.9",
    "1.6",
]
MOVED = (
    "Our headquarters are located in Springfield, where we lease approximately 40,000 square "
    "feet of office and warehouse space."
)


@pytest.fixture
def fixture_pair() -> Redline:
    return compare(read_version(FIXTURES / "old.html"), read_version(FIXTURES / "new.html"))


def test_html_pair_gives_exact_word_level_insertions_and_deletions(fixture_pair: Redline) -> None:
    assert fixture_pair.insertions() == INSERTIONS
    assert fixture_pair.deletions() == DELETIONS


def test_moved_paragraph_is_one_move_not_a_deletion_and_an_insertion(
    fixture_pair: Redline,
) -> None:
    assert fixture_pair.moves() == [(MOVED, MOVED)]
    kinds = [(e.kind, e.move, e.page, e.section) for e in fixture_pair.entries if e.move]
    assert kinds == [
        ("moved_from", 1, 1, "PROSPECTUS SUMMARY"),
        ("moved_to", 1, 5, "PROPERTIES"),
    ]
    assert MOVED not in fixture_pair.insertions() + fixture_pair.deletions()


def test_table_is_compared_cell_by_cell(fixture_pair: Redline) -> None:
    (table,) = [e for e in fixture_pair.entries if e.kind == "table"]
    assert [row.kind for row in table.rows] == [
        "same",
        "changed",
        "same",
        "deleted",
        "changed",
        "inserted",
    ]
    revenue = table.rows[1].cells
    assert [(s.op, s.text) for s in revenue[0]] == [("equal", "Net revenue")]
    assert [(s.op, s.text) for s in revenue[1]] == [
        ("equal", "$"),
        ("delete", "12.4"),
        ("insert", "12.6"),
    ]
    assert [(s.op, s.text) for s in revenue[2]] == [("equal", "$10.1")]


def test_summary_lists_changed_sections_with_pages_and_counts(fixture_pair: Redline) -> None:
    summary = [
        (
            c.section,
            page_span(c.pages),
            c.inserted_words,
            c.deleted_words,
            c.moved_blocks,
            c.moved_away_blocks,
            c.changed_tables,
        )
        for c in changed_sections(fixture_pair)
    ]
    assert summary == [
        ("PROSPECTUS SUMMARY", "1", 0, 0, 0, 1, 0),
        ("RISK FACTORS", "2", 16, 4, 0, 0, 0),
        ("USE OF PROCEEDS", "3", 0, 21, 0, 0, 0),
        ("MANAGEMENT'S DISCUSSION AND ANALYSIS", "4", 8, 7, 0, 0, 1),
        ("PROPERTIES", "5", 0, 0, 1, 0, 0),
    ]
    assert fixture_pair.changed_pages() == {1, 2, 3, 4, 5}


def test_word_diff_folds_glue_words_between_changes() -> None:
    segments = word_diff("the fee of the agent", "the charge for an agent")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "the"),
        ("delete", "fee of the"),
        ("insert", "charge for an"),
        ("equal", "agent"),
    ]


def test_page_span_joins_runs() -> None:
    assert page_span([9, 2, 5, 10, 3]) == "2-3, 5, 9-10"


def _docx_version(html_path: Path, out: Path) -> Path:
    """The fixture filing rebuilt as DOCX: headings styled, tables as tables, page breaks."""
    version = read_version(html_path)
    document = docx.Document()
    page = 1
    for block in version.blocks:
        if block.page != page:
            document.add_page_break()
            page = block.page
        if block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(block.text)
    document.save(str(out))
    return out


def test_docx_versions_give_the_same_changes_as_html(tmp_path: Path) -> None:
    old = _docx_version(FIXTURES / "old.html", tmp_path / "old.docx")
    new = _docx_version(FIXTURES / "new.html", tmp_path / "new.docx")
    marked = compare(read_version(old), read_version(new))
    assert marked.insertions() == INSERTIONS
    assert marked.deletions() == DELETIONS
    assert marked.moves() == [(MOVED, MOVED)]
    assert [c.section for c in changed_sections(marked)] == [
        "PROSPECTUS SUMMARY",
        "RISK FACTORS",
        "USE OF PROCEEDS",
        "MANAGEMENT'S DISCUSSION AND ANALYSIS",
        "PROPERTIES",
    ]
    assert [p for p in sorted(marked.changed_pages())] == [1, 2, 3, 4, 5]


def test_text_versions_with_pipe_tables_and_form_feeds() -> None:
    old = (
        "FICTIONAL FILING\n\nRISK FACTORS\n\nWe sell widgets in three states today.\n\f"
        "SELECTED DATA\n\n| Year | Revenue |\n|---|---|\n| 2023 | 10 |\n| 2022 | 9 |\n"
    )
    new = old.replace("three states", "four states").replace("| 2023 | 10 |", "| 2023 | 11 |")
    marked = compare(
        read_version_bytes(old.encode(), "old.txt"), read_version_bytes(new.encode(), "new.txt")
    )
    assert marked.insertions() == ["four", "11"]
    assert marked.deletions() == ["three", "10"]
    assert [(c.section, c.pages) for c in changed_sections(marked)] == [
        ("RISK FACTORS", [1]),
        ("SELECTED DATA", [2]),
    ]


def test_html_headings_are_the_captions_changes_sit_under() -> None:
    old = (
        "<html><body><!-- FICTIONAL filing for ReviewDesk's tests -->"
        "<h2>Prospectus Summary</h2><p>Fictional Widgets, Inc. makes widgets.</p>"
        "<h2>Risk Factors</h2><p>We depend on one supplier.</p>"
        "<h3>Liquidity and Capital Resources</h3><p>We had $2.0 million of cash.</p>"
        "</body></html>"
    )
    new = old.replace("one supplier", "two suppliers").replace("$2.0 million", "$2.5 million")
    marked = compare(
        read_version_bytes(old.encode(), "old.htm"), read_version_bytes(new.encode(), "new.htm")
    )
    assert [c.section for c in changed_sections(marked)] == [
        "Risk Factors",
        "Liquidity and Capital Resources",
    ]


def test_identical_versions_have_no_changes(fixture_pair: Redline) -> None:
    version = read_version(FIXTURES / "new.html")
    marked = compare(version, version)
    assert marked.insertions() == [] and marked.deletions() == [] and marked.moves() == []
    assert changed_sections(marked) == []


def test_unreadable_version_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(RedlineInputError, match=r"broken\.docx: not a readable DOCX"):
        read_version(broken)
    with pytest.raises(RedlineInputError, match=r"missing\.html: no such file"):
        read_version(tmp_path / "missing.html")


def test_empty_version_compares_as_all_inserted() -> None:
    new = read_version(FIXTURES / "new.html")
    marked = compare(Version("empty"), new)
    assert {e.kind for e in marked.entries} == {"inserted"}

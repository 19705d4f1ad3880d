"""The marked copy written as HTML (escaped, collapsed, linked moves) and as DOCX (changes in
coloured underline / strikethrough runs), for the fictional Northwind Widgets pair."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.services.redline import compare, read_version, read_version_bytes
from reviewdesk.services.redline.docx_writer import write_docx
from reviewdesk.services.redline.html_writer import write_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "redline"


def _marked():  # type: ignore[no-untyped-def]
    return compare(read_version(FIXTURES / "old.html"), read_version(FIXTURES / "new.html"))


def test_html_marks_words_moves_and_table_cells(tmp_path: Path) -> None:
    page = write_html(_marked(), tmp_path / "m.html").read_text(encoding="utf-8")
    assert re.findall(r"<ins>([^<]*)</ins>", page)[1:3] == ["two suppliers", "their"]
    assert "<del>a single supplier</del>" in page
    assert '<a class="move-link" href="#move1-to">[moved to page 5]</a>' in page
    assert '<a class="move-link" href="#move1-from">[moved from page 1]</a>' in page
    assert '<tr class="changed"><td>Net revenue</td><td>$<del>12.4</del><ins>12.6</ins>' in page
    assert '<tr class="inserted"><td><ins>Diluted earnings per share</ins></td>' in page


def test_html_collapses_unchanged_stretches() -> None:
    body = "".join(
        f"<p>Fictional unchanged paragraph number {n} of the filing.</p>" for n in range(40)
    )
    old = f"<html><body><p><b>SUMMARY</b></p>{body}<p>The fee is ten dollars.</p></body></html>"
    new = old.replace("ten dollars", "twelve dollars")
    marked = compare(
        read_version_bytes(old.encode(), "o.html"), read_version_bytes(new.encode(), "n.html")
    )
    from reviewdesk.services.redline.html_writer import render_html

    page = "".join(render_html(marked))
    assert page.count("<details") == 1
    assert "<summary>40 unchanged blocks, page 1; sections SUMMARY</summary>" in page
    assert "<del>ten</del> <ins>twelve</ins>" in page


def test_html_escapes_filing_text() -> None:
    old = "<html><body><p>Plain fictional text about widgets and gadgets.</p></body></html>"
    new = (
        "<html><body><p>Plain fictional text about widgets and gadgets.</p>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;</p></body></html>"
    )
    marked = compare(
        read_version_bytes(old.encode(), "<o>.html"), read_version_bytes(new.encode(), "n.html")
    )
    from reviewdesk.services.redline.html_writer import render_html

    page = "".join(render_html(marked))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in page
    assert "&lt;o&gt;.html" in page


def test_docx_marked_copy_tracks_insertions_and_deletions_and_marks_moves(tmp_path: Path) -> None:
    path = write_docx(_marked(), tmp_path / "m.docx")
    document = docx.Document(str(path))
    body = document.element.body
    inserted = ["".join(t.text for t in w.iter(qn("w:t"))) for w in body.iter(qn("w:ins"))]
    deleted = ["".join(t.text for t in w.iter(qn("w:delText"))) for w in body.iter(qn("w:del"))]
    assert "two suppliers" in inserted and "their" in inserted and "12.6" in inserted
    assert "a single supplier" in deleted and "its" in deleted and "12.4" in deleted
    assert not [t for w in body.iter(qn("w:del")) for t in w.iter(qn("w:t"))]
    authors = {w.get(qn("w:author")) for w in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]}
    assert authors == {"ReviewDesk"}
    ids = [w.get(qn("w:id")) for w in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]]
    assert len(ids) == len(set(ids))
    runs = [run for p in document.paragraphs for run in p.runs]
    moved = [r.text for r in runs if r.font.double_strike]
    assert moved == [
        "Our headquarters are located in Springfield, where we lease approximately 40,000 "
        "square feet of office and warehouse space."
    ]
    summary = document.tables[0]
    assert [c.text for c in summary.rows[2].cells][:4] == ["RISK FACTORS", "2", "16", "4"]


def test_redline_command_writes_both_and_lists_unkept_promises(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(
        app,
        [
            "redline",
            str(FIXTURES / "old.html"),
            str(FIXTURES / "new.html"),
            "-o",
            str(tmp_path),
            "--answers",
            str(FIXTURES / "answers.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new-marked.html").is_file() and (tmp_path / "new-marked.docx").is_file()
    assert "7 promised changes: 4 found, 3 not found" in result.output
    assert "comment 3: no change page 6" in result.output


def test_redline_command_names_a_missing_version(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(
        app, ["redline", str(tmp_path / "nope.htm"), str(FIXTURES / "new.html")]
    )
    assert result.exit_code == 2
    assert "nope.htm: no such file" in result.output

"""The marked copy as DOCX: the whole new version with its insertions and deletions as Word
tracked changes (w:ins / w:del, which a reviewer can accept or reject one by one), moves in
green (double underline where the text now stands, double strike where it was) and table
edits, after a summary table of changed sections."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from reviewdesk.services.redline.blocks import Block
from reviewdesk.services.redline.model import Entry, Redline, RowDiff, Segment, SegmentOp
from reviewdesk.services.redline.summary import changed_sections, page_span

MOVED = RGBColor(0x1B, 0x7F, 0x3B)
Mark = SegmentOp | None | str
AUTHOR = "ReviewDesk"
"""Who the tracked changes are attributed to in Word's review pane."""
_REVISION_IDS = itertools.count(1)


def write_docx(redline: Redline, path: str | Path) -> Path:
    """Write the marked copy to `path` as DOCX and return the path."""
    document = docx.Document()
    document.core_properties.title = f"Marked copy of {Path(redline.new_source).name}"
    document.add_heading("Marked copy", level=1)
    document.add_paragraph(f"Old version: {redline.old_source}")
    document.add_paragraph(f"New version: {redline.new_source}")
    key = document.add_paragraph("Key: ")
    _run(key, "inserted", "insert")
    key.add_run(", ")
    _run(key, "deleted", "delete")
    key.add_run(", ")
    _run(key, "moved", "moved")
    _summary(document, redline)
    document.add_heading("Marked text", level=1)
    move_pages: dict[tuple[int | None, str], int] = {
        (e.move, e.kind): e.page for e in redline.entries if e.move is not None
    }
    for entry in redline.entries:
        _entry(document, entry, move_pages)
    path = Path(path)
    document.save(str(path))
    return path


def _summary(document: Any, redline: Redline) -> None:
    sections = changed_sections(redline)
    document.add_heading("Changed sections", level=2)
    if not sections:
        document.add_paragraph("No changes: the two versions have the same text.")
        return
    header = ("Section", "Pages", "Words inserted", "Words deleted", "Moved here", "Tables")
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for change in sections:
        values = (
            change.section or "(before the first caption)",
            page_span(change.pages),
            str(change.inserted_words),
            str(change.deleted_words),
            str(change.moved_blocks),
            str(change.changed_tables),
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _run(paragraph: Any, text: str, mark: Mark) -> None:
    run = paragraph.add_run(text)
    font = run.font
    if mark in ("insert", "delete"):
        _track(run, "w:ins" if mark == "insert" else "w:del")
    elif mark == "moved":
        font.color.rgb = MOVED
        font.underline = WD_UNDERLINE.DOUBLE
    elif mark == "moved_from":
        font.color.rgb = MOVED
        font.double_strike = True
    elif mark == "note":
        font.color.rgb = MOVED
        font.italic = True
        font.size = Pt(8)


def _track(run: Any, tag: str) -> None:
    """Wrap the run in a tracked insertion or deletion (a deleted run's text is w:delText)."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(next(_REVISION_IDS)))
    change.set(qn("w:author"), AUTHOR)
    change.set(qn("w:date"), dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    element = run._r
    element.addprevious(change)
    change.append(element)
    if tag == "w:del":
        for text in element.findall(qn("w:t")):
            text.tag = qn("w:delText")


def _segments(paragraph: Any, segments: list[Segment], *, moved: bool = False) -> None:
    for number, segment in enumerate(segments):
        if segment.space and number:
            paragraph.add_run(" ")
        mark: Mark = segment.op if segment.op != "equal" else ("moved" if moved else None)
        _run(paragraph, segment.text, mark)


def _paragraph(document: Any, block: Block) -> Any:
    paragraph = document.add_paragraph()
    if block.kind == "heading":
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _text_block(document: Any, block: Block, mark: Mark) -> Any:
    paragraph = _paragraph(document, block)
    _run(paragraph, block.text, mark)
    if block.kind == "heading":
        for run in paragraph.runs:
            run.bold = True
    return paragraph


def _entry(document: Any, entry: Entry, move_pages: dict[tuple[int | None, str], int]) -> None:
    block = entry.new if entry.new is not None else entry.old
    if block is None:
        return
    if entry.kind == "table":
        _table_rows(document, entry.rows)
        return
    mark: Mark = {
        "same": None,
        "inserted": "insert",
        "deleted": "delete",
        "moved_from": "moved_from",
    }.get(entry.kind)
    if block.kind == "table":
        _whole_table(document, block, mark if entry.kind != "moved_to" else "moved")
    elif entry.kind in ("changed", "moved_to") and entry.segments:
        paragraph = _paragraph(document, block)
        _segments(paragraph, entry.segments, moved=entry.kind == "moved_to")
        if block.kind == "heading":
            for run in paragraph.runs:
                run.bold = True
    else:
        _text_block(document, block, "moved" if entry.kind == "moved_to" else mark)
    if entry.kind == "moved_from":
        page = move_pages.get((entry.move, "moved_to"), entry.page)
        _run(document.add_paragraph(), f"[moved to page {page}]", "note")
    elif entry.kind == "moved_to":
        page = move_pages.get((entry.move, "moved_from"), entry.page)
        _run(document.add_paragraph(), f"[moved from page {page}]", "note")


def _whole_table(document: Any, block: Block, mark: Mark) -> None:
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=width)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, block.rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=False):
            _run(cell.paragraphs[0], text, mark)


def _table_rows(document: Any, rows: list[RowDiff]) -> None:
    width = max((len(row.cells) for row in rows), default=1)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, diff in zip(table.rows, rows, strict=True):
        for cell, segments in zip(row.cells, diff.cells, strict=False):
            paragraph = cell.paragraphs[0]
            if diff.kind == "inserted":
                _run(paragraph, " ".join(s.text for s in segments), "insert")
            elif diff.kind == "deleted":
                _run(paragraph, " ".join(s.text for s in segments), "delete")
            else:
                _segments(paragraph, segments)

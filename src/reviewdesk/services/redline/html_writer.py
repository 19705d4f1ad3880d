"""The marked copy as one HTML page: a summary of changed sections, then the filing with
insertions, deletions, moves and table edits marked and unchanged stretches collapsed.

Every piece of filing text is escaped; the page has no scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

from reviewdesk.services.redline.blocks import Block
from reviewdesk.services.redline.model import Entry, Redline, RowDiff, Segment
from reviewdesk.services.redline.summary import changed_sections, page_span

CONTEXT = 1
"""Unchanged blocks shown on each side of a change before the rest is collapsed."""

STYLE = """
body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
ins{color:#0645ad;text-decoration:underline}
del{color:#b00020;text-decoration:line-through}
.moved{color:#1b7f3b;text-decoration:underline double}
.moved-from .moved{text-decoration:line-through double}
.move-link{font-family:sans-serif;font-size:.8em;color:#1b7f3b}
details.same{margin:.6rem 0;border-left:3px solid #ccc;padding-left:.6rem;color:#555}
details.same summary{cursor:pointer;font-family:sans-serif;font-size:.85em}
.page{font-family:sans-serif;font-size:.75em;color:#888;border-top:1px dashed #ccc;margin-top:1rem}
table.filing{border-collapse:collapse;margin:.6rem 0}
table.filing td{border:1px solid #ccc;padding:.15rem .4rem;vertical-align:top}
tr.inserted td{background:#eef4ff}tr.deleted td{background:#fdecee}
table.summary{border-collapse:collapse;font-family:sans-serif;font-size:.85em}
table.summary th,table.summary td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
"""
"""The marked copy's look: embedded in a written file, served as /styles/marked-copy.css by the
desk."""


def write_html(redline: Redline, path: str | Path) -> Path:
    """Write the marked copy to `path` (UTF-8) and return the path."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        for piece in render_html(redline):
            out.write(piece)
    return path


def render_html(redline: Redline) -> Iterator[str]:
    """The marked copy's HTML, piece by piece."""
    yield '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    yield f"<title>Marked copy: {escape(Path(redline.new_source).name)}</title>"
    yield f"<style>{STYLE}</style></head><body>\n"
    yield "<header><h1>Marked copy</h1>"
    yield f"<p>Old version: {escape(redline.old_source)}<br>"
    yield f"New version: {escape(redline.new_source)}</p>"
    yield (
        '<p>Key: <ins>inserted</ins> · <del>deleted</del> · <span class="moved">moved</span>'
        " · unchanged stretches are collapsed (open them to read).</p></header>\n"
    )
    yield from _summary(redline)
    yield "<main>\n"
    yield from _body(redline)
    yield "</main></body></html>\n"


def _summary(redline: Redline) -> Iterator[str]:
    sections = changed_sections(redline)
    yield "<section><h2>Changed sections</h2>\n"
    if not sections:
        yield "<p>No changes: the two versions have the same text.</p></section>\n"
        return
    yield (
        '<table class="summary"><tr><th>Section</th><th>Pages</th><th>Words inserted</th>'
        "<th>Words deleted</th><th>Paragraphs edited</th><th>Inserted</th><th>Deleted</th>"
        "<th>Moved here</th><th>Tables changed</th></tr>\n"
    )
    for change in sections:
        caption = escape(change.section or "(before the first caption)")
        yield (
            f'<tr><td><a href="#e{change.first_entry}">{caption}</a></td>'
            f"<td>{page_span(change.pages)}</td><td>{change.inserted_words}</td>"
            f"<td>{change.deleted_words}</td><td>{change.changed_blocks}</td>"
            f"<td>{change.inserted_blocks}</td><td>{change.deleted_blocks}</td>"
            f"<td>{change.moved_blocks}</td><td>{change.changed_tables}</td></tr>\n"
        )
    yield "</table></section>\n"


def _visible(entries: list[Entry]) -> list[bool]:
    shown = [False] * len(entries)
    for index, entry in enumerate(entries):
        if entry.changed:
            for near in range(max(0, index - CONTEXT), min(len(entries), index + CONTEXT + 1)):
                shown[near] = True
    return shown


def _body(redline: Redline) -> Iterator[str]:
    entries = redline.entries
    shown = _visible(entries)
    pages = _move_pages(entries)
    page = 0
    index = 0
    while index < len(entries):
        if not shown[index]:
            end = index
            while end < len(entries) and not shown[end]:
                end += 1
            yield from _collapsed(entries[index:end])
            page = entries[end - 1].page
            index = end
            continue
        entry = entries[index]
        if entry.page != page:
            page = entry.page
            yield f'<div class="page">page {page}</div>\n'
        yield _entry(entry, index, pages)
        index += 1


def _collapsed(run: list[Entry]) -> Iterator[str]:
    first, last = run[0].page, run[-1].page
    pages = f"page {first}" if first == last else f"pages {first}-{last}"
    captions = [e.new.text for e in run if e.new is not None and e.new.kind == "heading"]
    about = ""
    if captions:
        about = f"; sections {escape(captions[0])}" + (
            f" to {escape(captions[-1])}" if len(captions) > 1 else ""
        )
    noun = "block" if len(run) == 1 else "blocks"
    yield f'<details class="same"><summary>{len(run)} unchanged {noun}, {pages}{about}</summary>\n'
    for entry in run:
        if entry.new is not None:
            yield _plain(entry.new)
    yield "</details>\n"


def _move_pages(entries: list[Entry]) -> dict[tuple[int, str], int]:
    return {(e.move, e.kind): e.page for e in entries if e.move is not None}


def _entry(entry: Entry, index: int, move_pages: dict[tuple[int, str], int]) -> str:
    anchor = f' id="e{index}"'
    if entry.kind == "same" and entry.new is not None:
        return _plain(entry.new, anchor)
    if entry.kind == "inserted" and entry.new is not None:
        return _wrapped(entry.new, "ins", anchor)
    if entry.kind == "deleted" and entry.old is not None:
        return _wrapped(entry.old, "del", anchor)
    if entry.kind == "moved_from" and entry.old is not None and entry.move is not None:
        to_page = move_pages.get((entry.move, "moved_to"), entry.page)
        link = f' <a class="move-link" href="#move{entry.move}-to">[moved to page {to_page}]</a>'
        body = _wrapped(entry.old, "span", "", css="moved")
        target = f'<a id="move{entry.move}-from"></a>'
        return f'<div class="moved-from"{anchor}>{target}{body}{link}</div>\n'
    if entry.kind == "moved_to" and entry.new is not None and entry.move is not None:
        from_page = move_pages.get((entry.move, "moved_from"), entry.page)
        link = (
            f'<a class="move-link" href="#move{entry.move}-from">[moved from page {from_page}]</a> '
        )
        if entry.new.kind == "table" or not entry.segments:
            body = _wrapped(entry.new, "span", "", css="moved")
        else:
            body = f"<{_tag(entry.new)}>{_segments(entry.segments, moved=True)}</{_tag(entry.new)}>"
        target = f'<a id="move{entry.move}-to"></a>'
        return f'<div class="moved-to"{anchor}>{target}{link}{body}</div>\n'
    if entry.kind == "changed" and entry.new is not None:
        tag = _tag(entry.new)
        return f"<{tag}{anchor}>{_segments(entry.segments)}</{tag}>\n"
    if entry.kind == "table":
        return _table(entry.rows, anchor)
    return ""


def _tag(block: Block) -> str:
    return "h3" if block.kind == "heading" else "p"


def _plain(block: Block, anchor: str = "") -> str:
    if block.kind == "table":
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f'<table class="filing"{anchor}>{rows}</table>\n'
    tag = _tag(block)
    return f"<{tag}{anchor}>{escape(block.text)}</{tag}>\n"


def _wrapped(block: Block, mark: str, anchor: str, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    if block.kind == "table":
        rows = "".join(
            "<tr>"
            + "".join(f"<td><{mark}{attribute}>{escape(cell)}</{mark}></td>" for cell in row)
            + "</tr>"
            for row in block.rows
        )
        return f'<table class="filing"{anchor}>{rows}</table>\n'
    tag = _tag(block)
    return f"<{tag}{anchor}><{mark}{attribute}>{escape(block.text)}</{mark}></{tag}>\n"


def _segments(segments: list[Segment], *, moved: bool = False) -> str:
    out: list[str] = []
    for number, segment in enumerate(segments):
        space = " " if segment.space and number else ""
        text = escape(segment.text)
        if segment.op == "insert":
            out.append(f"{space}<ins>{text}</ins>")
        elif segment.op == "delete":
            out.append(f"{space}<del>{text}</del>")
        elif moved:
            out.append(f'{space}<span class="moved">{text}</span>')
        else:
            out.append(space + text)
    return "".join(out)


def _table(rows: list[RowDiff], anchor: str) -> str:
    out = [f'<table class="filing"{anchor}>']
    for row in rows:
        out.append(f'<tr class="{row.kind}">')
        for cell in row.cells:
            text = escape(" ".join(segment.text for segment in cell))
            if row.kind == "inserted":
                out.append(f"<td><ins>{text}</ins></td>")
            elif row.kind == "deleted":
                out.append(f"<td><del>{text}</del></td>")
            else:
                out.append(f"<td>{_segments(cell)}</td>")
        out.append("</tr>")
    out.append("</table>\n")
    return "".join(out)

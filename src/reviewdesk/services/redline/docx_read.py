"""Read a DOCX filing version: paragraphs (headings by style or bold), tables cell by cell,
and pages from the page breaks Word recorded (or, failing those, the explicit ones)."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn

from reviewdesk.services.redline.blocks import Version, VersionBuilder, normalise

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_W_TYPE = qn("w:type")
_W_RENDERED = qn("w:lastRenderedPageBreak")
_W_BREAK_BEFORE = qn("w:pageBreakBefore")
_W_PSTYLE = qn("w:pStyle")
_W_VAL = qn("w:val")
_W_R = qn("w:r")
_W_B = qn("w:b")
_W_U = qn("w:u")


def read_docx(data: bytes, source: str) -> Version:
    """The blocks of a DOCX document, in body order."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    rendered = next(body.iter(_W_RENDERED), None) is not None
    heading_styles = _heading_style_ids(document)
    out = VersionBuilder(source)
    page = 1
    for child in body.iterchildren():
        if child.tag == _W_P:
            breaks_before, breaks_after = _page_breaks(child, rendered)
            page += breaks_before
            text = _text(child)
            if text:
                if _is_heading(child, text, heading_styles):
                    out.heading(text, page)
                else:
                    out.paragraph(text, page)
            page += breaks_after
        elif child.tag == _W_TBL:
            rows: list[list[str]] = []
            for tr in child.iter(_W_TR):
                cells = [_cell_text(tc) for tc in tr.iterchildren(_W_TC)]
                rows.append(cells)
            out.table(rows, page)
            page += sum(_page_breaks(p, rendered)[0] for p in child.iter(_W_P))
    return out.build()


def _heading_style_ids(document: Any) -> frozenset[str]:
    """Style ids whose names say heading or title (Word's 'Heading 1', 'Title', ...)."""
    ids: set[str] = set()
    for style in document.styles:
        name = (getattr(style, "name", "") or "").lower()
        if name.startswith(("heading", "title")) and getattr(style, "style_id", None):
            ids.add(style.style_id)
    return frozenset(ids)


def _text(paragraph: Any) -> str:
    pieces: list[str] = []
    for node in paragraph.iter(_W_T, _W_TAB, _W_BR):
        if node.tag == _W_T:
            pieces.append(node.text or "")
        else:
            pieces.append(" ")
    return normalise("".join(pieces))


def _cell_text(cell: Any) -> str:
    return normalise(" ".join(_text(p) for p in cell.iter(_W_P)))


def _is_heading(paragraph: Any, text: str, heading_styles: frozenset[str]) -> bool:
    style = paragraph.find(f"{qn('w:pPr')}/{_W_PSTYLE}")
    if style is not None and style.get(_W_VAL) in heading_styles:
        return True
    if len(text.split()) > 20 or text.endswith((".", ";", ",")):
        return False
    runs = [r for r in paragraph.iter(_W_R) if "".join(t.text or "" for t in r.iter(_W_T)).strip()]
    return bool(runs) and all(_emphasised(run) for run in runs)


def _emphasised(run: Any) -> bool:
    props = run.find(qn("w:rPr"))
    if props is None:
        return False
    bold = props.find(_W_B)
    underline = props.find(_W_U)
    on = bold is not None and bold.get(_W_VAL) not in ("0", "false")
    return on or (underline is not None and underline.get(_W_VAL) not in ("none", None))


def _page_breaks(paragraph: Any, rendered: bool) -> tuple[int, int]:
    """Page breaks before the paragraph's text starts, and within or after it."""
    before = 0
    after = 0
    seen_text = False
    if not rendered:
        props = paragraph.find(qn("w:pPr"))
        if props is not None and props.find(_W_BREAK_BEFORE) is not None:
            before += 1
    for node in paragraph.iter(_W_T, _W_BR, _W_RENDERED):
        if node.tag == _W_T:
            seen_text = seen_text or bool((node.text or "").strip())
            continue
        is_break = (
            node.tag == _W_RENDERED
            if rendered
            else node.tag == _W_BR and node.get(_W_TYPE) == "page"
        )
        if is_break:
            if seen_text:
                after += 1
            else:
                before += 1
    return before, after

"""Read a filing version (HTML, PDF, DOCX or text) into headings, paragraphs and tables.

PDF, HTML and text go through the documents layer. HTML tables are kept cell by cell by
marking each cell's end with a private-use character before the documents layer flattens the
row into one line; DOCX is read with python-docx (paragraph styles, tables, page breaks).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
from lxml import etree

from reviewdesk.documents import Document, DocumentError, Line, read_bytes
from reviewdesk.documents.read import MAX_BYTES, sniff
from reviewdesk.documents.sgml import unwrap
from reviewdesk.documents.text import decode
from reviewdesk.errors import Invalid
from reviewdesk.services.redline.blocks import Version, VersionBuilder, normalise
from reviewdesk.services.redline.docx_read import read_docx

CELL = "\ue000"
"""Marks the end of a table cell's text in an HTML row."""
TABLE_START = "\ue001"
"""Marks the first cell of an HTML table, so two adjacent tables stay apart."""

_TERMINAL = (".", ";", ":", ",", "?", "!")
_ITEM = re.compile(r"^(?:item|part)\s+[0-9ivx]+[a-z]?\b", re.I)


class RedlineInputError(Invalid):
    """A version cannot be read; the message names it and says what to do."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[RedlineInputError], tuple[str, str]]:
        """Rebuilt from source and reason, so it crosses from a reader process intact."""
        return RedlineInputError, (self.source, self.reason)


def read_version(path: str | Path) -> Version:
    """Read the filing version at `path`; raise RedlineInputError naming it if it cannot be."""
    path = Path(path)
    if not path.is_file():
        raise RedlineInputError(str(path), "no such file; check the path")
    if path.stat().st_size > MAX_BYTES:
        raise RedlineInputError(str(path), f"larger than {MAX_BYTES:,} bytes; split the filing")
    return read_version_bytes(path.read_bytes(), str(path))


def read_version_bytes(data: bytes, source: str) -> Version:
    """Read a filing version from its bytes; `source` names it in errors and in the result."""
    if data[:4] == b"PK\x03\x04":
        try:
            return read_docx(data, source)
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise RedlineInputError(
                source, f"not a readable DOCX ({exc}); save it again from Word or LibreOffice"
            ) from exc
    try:
        kind = sniff(data)
        if kind == "sgml":
            data, _ = unwrap(data, source)
            kind = sniff(data)
        if kind == "html":
            data = _mark_cells(data)
        document = read_bytes(data, source)
    except DocumentError as exc:
        raise RedlineInputError(source, exc.reason) from exc
    return blocks_of(document)


def _mark_cells(data: bytes) -> bytes:
    """The HTML with each filled table cell ending in CELL and each table starting with
    TABLE_START, so rows can be split back into cells after the documents layer reads them.
    It is written back as ASCII with character references, so no encoding guess can garble it."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(decode(data, "html"), parser=parser)
    except (etree.ParserError, ValueError, DocumentError):
        return data
    for table in root.iter("table"):
        first = True
        for row in table.iter("tr"):
            if _nearest_table(row) is not table:
                continue
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                if not "".join(str(t) for t in cell.itertext()).strip():
                    continue
                if first:
                    cell.text = TABLE_START + (cell.text or "")
                    first = False
                if len(cell):
                    cell[-1].tail = (cell[-1].tail or "") + CELL
                else:
                    cell.text = (cell.text or "") + CELL
    return bytes(lxml.html.tostring(root, encoding="us-ascii"))


def _nearest_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _split_row(text: str, media_type: str) -> list[str] | None:
    """The cells of a table row line, or None when the line is not a row."""
    body = text.replace(TABLE_START, "")
    if body.count(CELL) >= 2:
        cells = body.split(CELL)
        if not cells[-1].strip():
            cells = cells[:-1]
        return [normalise(cell) for cell in cells]
    if media_type != "text/plain":
        return None
    stripped = body.strip()
    if stripped.count("|") >= 2:
        cells = stripped.strip("|").split("|")
    elif "\t" in stripped:
        cells = stripped.split("\t")
    else:
        return None
    if len(cells) < 2:
        return None
    if all(set(cell.strip()) <= set("-: ") for cell in cells):
        return []
    return [normalise(cell) for cell in cells]


def _heading_like(lines: list[Line], text: str, media_type: str) -> bool:
    words = text.split()
    if not words or len(words) > 20:
        return False
    if text.endswith(_TERMINAL) and not _ITEM.match(text):
        return False
    if all(line.bold or line.underline for line in lines):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and len(words) <= 12:
        return True
    if _ITEM.match(text) and len(words) <= 12:
        return True
    if media_type == "text/plain" and len(words) <= 8 and not text[-1].isdigit():
        small = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "or", "with", "by"}
        return all(w[0].isupper() or w in small or not w[0].isalpha() for w in words)
    return False


class _Paragraphs:
    """Joins document lines into paragraphs and tables."""

    def __init__(self, source: str, media_type: str) -> None:
        self.out = VersionBuilder(source)
        self.media_type = media_type
        self.lines: list[Line] = []
        self.rows: list[list[str]] = []
        self.table_page = 1

    def flush_paragraph(self) -> None:
        if not self.lines:
            return
        text = normalise(" ".join(line.text.replace(CELL, " ") for line in self.lines))
        text = text.replace(TABLE_START, "").strip()
        page = self.lines[0].page
        if text and _heading_like(self.lines, text, self.media_type):
            self.out.heading(text.lstrip("# ").strip(), page)
        elif text:
            self.out.paragraph(text, page)
        self.lines = []

    def flush_table(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        if all(len(row) <= 1 for row in rows):
            for row in rows:
                if row:
                    self.out.paragraph(row[0], self.table_page)
            return
        self.out.table(rows, self.table_page)

    def row(self, cells: list[str], page: int, starts_table: bool) -> None:
        self.flush_paragraph()
        if starts_table:
            self.flush_table()
        if not self.rows:
            self.table_page = page
        if cells:
            self.rows.append(cells)

    def line(self, line: Line) -> None:
        text = line.text
        cells = _split_row(text, self.media_type)
        if cells is not None:
            self.row(cells, line.page, TABLE_START in text)
            return
        if CELL in text and (self.rows or TABLE_START in text):
            cell = normalise(text.replace(CELL, " ").replace(TABLE_START, ""))
            self.row([cell] if cell else [], line.page, TABLE_START in text)
            return
        if not normalise(text.replace(CELL, "").replace(TABLE_START, "")):
            return
        self.flush_table()
        if self.lines and self._starts_paragraph(line):
            self.flush_paragraph()
        self.lines.append(line)

    def _starts_paragraph(self, line: Line) -> bool:
        previous = self.lines[-1]
        if line.gap_before >= 0.5:
            return True
        if line.emphasised != previous.emphasised:
            return True
        if line.page != previous.page:
            return (
                previous.text.rstrip().endswith((".", ":", "?", "!")) or not line.text[:1].islower()
            )
        return self.media_type == "text/plain" and line.text.lstrip().startswith("#")

    def finish(self) -> Version:
        self.flush_paragraph()
        self.flush_table()
        return self.out.build()


def blocks_of(document: Document) -> Version:
    """The blocks of a document read by the documents layer."""
    reader = _Paragraphs(document.source, document.media_type)
    for line in document.lines:
        reader.line(line)
    return reader.finish()

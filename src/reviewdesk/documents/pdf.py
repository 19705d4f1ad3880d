"""PDF letters: text per page in reading order with pypdfium2, with line font and position.

pypdfium2 is PDFium (Chrome's PDF engine): it reads EDGAR's staff letters in milliseconds,
keeps reading order, and needs no system packages. Only the first visible character of each
line is asked for its font and box (and the last for its right edge and baseline), which
keeps the cost of layout signals low.

PDFium runs a line that ends in a hyphenated word ("a non-" / "GAAP measure") into the next
one; the space above the following line is measured from where the run-on line ends (its
last character's baseline), not where it starts, or it would read as a paragraph break in
the middle of a sentence. A raised last character (a footnote mark) does not count.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import Document, Line, Run, SubmissionHeader
from reviewdesk.documents.running import strip_running_headers

_FONT_NAME = ctypes.create_string_buffer(256)
_GLYPHS = str.maketrans(
    {"\ufffe": "-", "\x02": "-", "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•"}
)
"""PDFium's marks for a hyphen at a line break, and Symbol-font bullets, as plain characters."""


def read_pdf(data: bytes, source: str, *, header: SubmissionHeader | None = None) -> Document:
    """Read a PDF's pages into lines; raise DocumentError if it is corrupt or encrypted."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError(
                source, "the PDF is encrypted with a password; supply a decrypted copy"
            ) from exc
        raise DocumentError(source, f"the PDF is damaged and cannot be opened ({message})") from exc
    try:
        lines: list[Line] = []
        for index in range(len(pdf)):
            page = _load_page(pdf, index, source)
            try:
                lines.extend(_page_lines(page, index + 1))
            finally:
                page.close()
        pages = len(pdf)
    finally:
        pdf.close()
    if not any(line.text.strip() for line in lines):
        raise DocumentError(
            source, "the PDF has no text layer (a scanned image?); run OCR on it first"
        )
    lines, _ = strip_running_headers(lines, paged=True)
    return Document(source, "application/pdf", lines, pages, header or SubmissionHeader())


def _load_page(pdf: pdfium.PdfDocument, index: int, source: str) -> pdfium.PdfPage:
    """Page `index`; a page list entry that is not a page (a damaged or crafted PDF) is a
    DocumentError naming the page, not a crash."""
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise DocumentError(
            source,
            f"page {index + 1} of {len(pdf)} cannot be loaded ({exc}); the PDF is damaged, "
            "save or print it to PDF again",
        ) from exc


def _page_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count).translate(_GLYPHS)
        out: list[Line] = []
        baselines: list[float] = []
        rights: list[float] = []
        offset = 0
        previous_baseline: float | None = None
        for raw in text.split("\r\n"):
            start = offset
            offset += len(raw) + 2
            stripped = raw.strip()
            if not stripped:
                continue
            first = start + (len(raw) - len(raw.lstrip()))
            bold, italic = _font_style(textpage, first)
            left, baseline = _char_origin(textpage, first)
            size = max(pdfium_c.FPDFText_GetFontSize(textpage.raw, first), 1.0)
            gap = 0.0
            if previous_baseline is not None:
                gap = max((previous_baseline - baseline) / size - 1.0, 0.0)
            last = start + len(raw.rstrip()) - 1
            previous_baseline = min(baseline, _char_origin(textpage, last)[1])
            out.append(Line([Run(stripped, bold=bold, italic=italic)], number, left, gap))
            baselines.append(baseline)
            rights.append(_right_edge(textpage, last))
        margin = max(rights, default=0.0)
        for line, right in zip(out, rights, strict=True):
            line.fill = right / margin if margin > 0 else 0.0
        return _place_stray_markers(out, baselines)
    finally:
        textpage.close()


_MARKER = re.compile(r"^\(?\d{1,3}[.)]$|^[•●▪◦]$")


def _place_stray_markers(lines: list[Line], baselines: list[float]) -> list[Line]:
    """Put a bare comment number ("2.") that PDFium emits out of order back at the start of the
    line it sits on (same baseline, further right)."""
    kept: list[Line] = []
    for index, line in enumerate(lines):
        if _MARKER.match(line.text):
            host = next(
                (
                    other
                    for other, baseline in zip(lines, baselines, strict=True)
                    if other is not line
                    and abs(baseline - baselines[index]) < 2.0
                    and other.indent > line.indent
                    and not _MARKER.match(other.text)
                ),
                None,
            )
            if host is not None:
                host.runs.insert(0, Run(line.text + " ", line.runs[0].bold, line.runs[0].italic))
                host.indent = line.indent
                continue
        kept.append(line)
    return kept


def _font_style(textpage: pdfium.PdfTextPage, index: int) -> tuple[bool, bool]:
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, _FONT_NAME, 256, ctypes.byref(flags))
    name = _FONT_NAME.value.decode("latin-1", "replace").lower() if size else ""
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    bold = "bold" in name or "black" in name or "heavy" in name or weight >= 600
    italic = "italic" in name or "oblique" in name or bool(flags.value & (1 << 6))
    return bold, italic


def _right_edge(textpage: pdfium.PdfTextPage, index: int) -> float:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not pdfium_c.FPDFText_GetCharBox(
        textpage.raw, index, *(ctypes.byref(v) for v in (left, right, bottom, top))
    ):
        return 0.0
    return right.value


def _char_origin(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float]:
    """Left edge and baseline of a character, in points from the page's bottom-left."""
    x, y = ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y)):
        return 0.0, 0.0
    return x.value, y.value

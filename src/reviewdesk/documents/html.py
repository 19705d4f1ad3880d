"""HTML letters: paragraphs in order with their bold / italic / underline runs.

lxml's HTML parser is tolerant of EDGAR's hand-made markup and never touches the network.
Tables become one line per row (cells joined by a space) unless a row is a layout cell that
holds whole paragraphs, which are then read as paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import lxml.html
from lxml import etree

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import Document, Line, Run, SubmissionHeader
from reviewdesk.documents.running import strip_running_headers

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre center section article header "
    "footer address table tbody thead tfoot form fieldset hr body html".split()
)
_SKIP = frozenset("script style head title noscript template object embed iframe".split())
_SPACE = re.compile(r"[\s\u00a0\u200b]+")
_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)", re.I)
_FONT = re.compile(r"(?:^|;)\s*font\s*:\s*([^;]+)", re.I)
_STYLE_ITALIC = re.compile(r"font-style\s*:\s*(italic|oblique|normal)", re.I)
_DECORATION = re.compile(r"text-decoration(?:-line)?\s*:\s*([^;]+)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_BREAK_BEFORE = re.compile(r"(?:page-)?break-before\s*:\s*(always|page)", re.I)
_BREAK_AFTER = re.compile(r"(?:page-)?break-after\s*:\s*(always|page)", re.I)
_LAYOUT_CELL_CHARS = 1500
MAX_DEPTH = 2000
"""Deepest element nesting read; libxml2 keeps 2,048 levels (with huge_tree) and drops the rest."""
_LAYOUT_GAP = re.compile(r"\S {2,}\S")


@dataclass(frozen=True, slots=True)
class _Style:
    bold: bool = False
    italic: bool = False
    underline: bool = False


class _Builder:
    """Collects runs into lines, flushing at block boundaries."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.runs: list[Run] = []
        self.page = 1
        self.gap = 0.0

    def add(self, text: str, style: _Style) -> None:
        """Append text in a style; runs of white space fold to one space, none leads a line."""
        if len(text) > 400 and len(_LAYOUT_GAP.findall(text)) >= 8 and "\n" not in text.strip():
            self._add_layout_text(text, style)
            return
        text = _SPACE.sub(" ", text)
        if not self.runs or self.runs[-1].text.endswith(" "):
            text = text.lstrip()
        if text:
            self.runs.append(Run(text, style.bold, style.italic, style.underline))

    def _add_layout_text(self, text: str, style: _Style) -> None:
        """The hidden text layer of an image-only letter (Workiva's "slides"): lines are
        separated by runs of spaces, paragraphs by longer runs."""
        pieces = re.split(r"( {2,})", text)
        for piece in pieces:
            if not piece:
                continue
            if piece.startswith("  ") and not piece.strip():
                self.newline(1.0 if len(piece) >= 3 else 0.0)
                continue
            self.add(piece, style)

    def newline(self, gap: float) -> None:
        runs = _trim(self.runs)
        if runs:
            self.lines.append(Line(runs, self.page, 0.0, self.gap))
            self.gap = 0.0
        self.runs = []
        self.gap = max(self.gap, gap)

    def page_break(self) -> None:
        self.newline(1.0)
        if self.lines and self.lines[-1].page == self.page:
            self.page += 1


def _trim(runs: list[Run]) -> list[Run]:
    while runs and not runs[-1].text.strip():
        runs = runs[:-1]
    if runs:
        last = runs[-1]
        runs = [*runs[:-1], Run(last.text.rstrip(), last.bold, last.italic, last.underline)]
    return runs


@dataclass(frozen=True, slots=True)
class DeclaredEmphasis:
    """What an inline `style` attribute says of bold, italic and underline: True or False
    where it says so, None where it is silent (the element inherits)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None


def css_emphasis(style: str) -> DeclaredEmphasis:
    """Bold, italic and underline as an inline style declares them (`font`, `font-weight`,
    `font-style`, `text-decoration`), as EDGAR's converters write them."""
    bold = italic = underline = None
    font = _FONT.search(style)
    if font:
        words = font.group(1).lower().split()
        if "bold" in words or any(w in ("600", "700", "800", "900") for w in words):
            bold = True
        if "italic" in words or "oblique" in words:
            italic = True
    weight = _WEIGHT.search(style)
    if weight:
        value = weight.group(1).lower()
        bold = value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)
    slant = _STYLE_ITALIC.search(style)
    if slant:
        italic = slant.group(1).lower() != "normal"
    decoration = _DECORATION.search(style)
    if decoration:
        underline = "underline" in decoration.group(1).lower()
    return DeclaredEmphasis(bold, italic, underline)


def _style_of(element: etree._Element, inherited: _Style) -> _Style:
    tag = element.tag if isinstance(element.tag, str) else ""
    bold, italic, underline = inherited.bold, inherited.italic, inherited.underline
    if tag in ("b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
        bold = True
    elif tag in ("i", "em", "cite", "var"):
        italic = True
    elif tag in ("u", "ins"):
        underline = True
    style = element.get("style") or ""
    if style:
        declared = css_emphasis(style)
        bold = bold if declared.bold is None else declared.bold
        italic = italic if declared.italic is None else declared.italic
        underline = underline if declared.underline is None else declared.underline
    return _Style(bold, italic, underline)


_Step = tuple[etree._Element, _Style, bool, int] | Callable[[], None]
"""An element still to read (with its inherited style, inline flag and depth), or work to
do once the elements pushed above it are read (close a block, end a row)."""


def _walk(root: etree._Element, out: _Builder) -> None:
    """Read the tree in document order with an explicit stack, so nesting as deep as the HTML
    parser keeps cannot overflow Python's; nesting near its limit is refused, not cut."""
    stack: list[_Step] = [(root, _Style(), False, 0)]
    while stack:
        step = stack.pop()
        if callable(step):
            step()
        else:
            _visit(*step, out, stack)


def _visit(
    element: etree._Element,
    style: _Style,
    inline: bool,
    depth: int,
    out: _Builder,
    stack: list[_Step],
) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP or not tag:
        out.add(element.tail or "", style) if tag else None
        return
    if depth >= MAX_DEPTH:
        raise _TooDeep
    css = element.get("style") or ""
    if _HIDDEN.search(css):
        if element.tail:
            out.add(element.tail, style)
        return
    own = _style_of(element, style)
    block = tag in _BLOCKS and not inline
    if _BREAK_BEFORE.search(css) and not inline:
        out.page_break()
    leaf = tag == "br" or (tag in ("tr", "hr") and not inline)
    stack.append(
        partial(
            _close,
            element,
            style,
            out,
            closing=None
            if leaf
            else (1.0 if block else (" " if inline and tag in _BLOCKS else None)),
            own=own,
            page_break=bool(_BREAK_AFTER.search(css)) and not inline,
        )
    )
    if tag == "br":
        if inline:
            out.add(" ", own)
        else:
            out.newline(0.0)
    elif tag == "tr" and not inline:
        _row(element, own, out, depth, stack)
    elif tag == "hr" and not inline:
        out.newline(1.0)
    else:
        if block:
            out.newline(1.0)
        if element.text:
            out.add(element.text, own)
        stack.extend((child, own, inline, depth + 1) for child in reversed(element))


def _close(
    element: etree._Element,
    style: _Style,
    out: _Builder,
    *,
    closing: float | str | None,
    own: _Style,
    page_break: bool,
) -> None:
    """After an element's children: end its block (or space an inline block), break the page
    if its style asks, then its tail text."""
    if isinstance(closing, float):
        out.newline(closing)
    elif closing is not None:
        out.add(closing, own)
    if page_break:
        out.page_break()
    if element.tail:
        out.add(element.tail, style)


def _cell_text(cell: etree._Element) -> str:
    return "".join(str(piece) for piece in cell.itertext())


def _row(row: etree._Element, style: _Style, out: _Builder, depth: int, stack: list[_Step]) -> None:
    """A table row: one line of its cells, or, for a layout row holding whole paragraphs,
    each cell read as paragraphs."""
    cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]
    filled = [cell for cell in cells if _cell_text(cell).strip()]
    layout = len(filled) <= 1 or any(
        len(_cell_text(cell)) > _LAYOUT_CELL_CHARS or cell.find(".//table") is not None
        for cell in filled
    )
    out.newline(1.0)
    stack.append(partial(out.newline, 1.0))
    for cell in reversed(filled):
        if not layout:
            stack.append(partial(out.add, " ", style))
        stack.append((cell, style, not layout, depth + 1))


class _TooDeep(Exception):
    """The tree is nested deeper than MAX_DEPTH."""


def read_html(decoded: str, source: str, *, header: SubmissionHeader | None = None) -> Document:
    """Read an HTML letter into lines (paragraphs, rows); scripts and hidden text are dropped."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(decoded.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(source, f"the HTML cannot be parsed ({exc})") from exc
    out = _Builder()
    try:
        _walk(root, out)
    except _TooDeep:
        raise DocumentError(
            source,
            f"elements are nested more than {MAX_DEPTH:,} deep; the HTML parser drops text "
            "nested deeper than about 2,048 levels, so it cannot be read whole; flatten the HTML",
        ) from None
    out.newline(0.0)
    if not out.lines:
        raise DocumentError(source, "the HTML document has no text")
    paged = out.page > 1
    lines, pages = strip_running_headers(out.lines, paged=paged)
    return Document(source, "text/html", lines, pages, header or SubmissionHeader())

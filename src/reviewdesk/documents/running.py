"""Running page headers and footers: recognise and drop them so they never split a comment.

SEC letters repeat the addressee, company, date and "Page N" at the top of every page after
the first, either as separate lines or run together on one line, and newer PDFs carry the
template's field labels ("FirstName LastName", "Comapany Name") drawn over the text. Company
letters that ask for confidential treatment repeat a legend on every page ("Confidential
Treatment Requested by Fictional Inc. pursuant to Rule 83 [FIC-2]") and number their pages
with a code ("FIC-2"): those go wherever on the page they fall.
"""

from __future__ import annotations

import re

from reviewdesk.documents.model import Line

PAGE_MARK = re.compile(r"(?:^|\s)(?:Page|PAGE)\s+(\d{1,3})(?:\s+of\s+\d{1,3})?\s*$")
TEMPLATE_LABEL = re.compile(r"FirstName LastName|Com(?:a)?pany Name|Company\s*Name\s*$")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
DATE = re.compile(_MONTH + r"\s+\d{1,2},?\s+\d{4}")
PAGE_NUMBER_FOOTER = re.compile(
    r"^\s*(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?\s*$|^\s*Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I
)
HEADER_WINDOW = 10
_PAGE_CODE = r"\[?\s*[A-Z][A-Za-z0-9&]{1,14}\s?-\s?\d{1,5}\s*\]?"
PAGE_CODE = re.compile(rf"^\s*({_PAGE_CODE})\s*$")
LEGEND = re.compile(
    r"^\s*(?P<foia>FOIA\s+)?(?:For\s+)?Confidential\s+Treatment\s+"
    r"(?P<verb>Requested|Request)\b(?P<rest>.{0,160}?)"
    rf"(?:[\s:;,]*{_PAGE_CODE}|\s+Page\s+\d{{1,3}})?\s*$",
    re.I,
)
_LEGEND_REST = re.compile(r"^\s*(?:(?:by|of|under|pursuant\s+to)\b.*)?$", re.I | re.S)
_LEGEND_MORE = re.compile(
    rf"^\s*(?:by|under|pursuant\s+to)\b.{{0,100}}?(?:[\s:;,]*{_PAGE_CODE})?\s*$", re.I
)


def is_legend(text: str) -> bool:
    """A confidential-treatment legend ("FOIA Confidential Treatment Requested", "Confidential
    Treatment Requested by Fictional Inc. Pursuant to Rule 83 [FIC-0002]"); a bracketed
    "[Confidential treatment requested ...]" standing where text was omitted is not one."""
    match = LEGEND.match(text)
    if match is None:
        return False
    rest = match.group("rest")
    named = match.group("foia") or match.group("verb").lower() == "requested"
    return bool(named or rest.strip()) and _LEGEND_REST.match(rest) is not None


def _drop_legends(lines: list[Line]) -> list[Line]:
    """Drop legend lines (and a legend's wrapped "by ..." line) and running page codes."""
    kept: list[Line] = []
    after_legend = False
    for line in lines:
        if is_legend(line.text) or (after_legend and _LEGEND_MORE.match(line.text)):
            after_legend = True
            continue
        after_legend = False
        kept.append(line)
    codes: dict[str, set[str]] = {}
    for line in kept:
        match = PAGE_CODE.match(line.text)
        if match:
            prefix = re.sub(r"[\s\d\[\]-]+", "", match.group(1))
            codes.setdefault(prefix, set()).add(re.sub(r"\D", "", match.group(1)))
    running = {prefix for prefix, numbers in codes.items() if len(numbers) >= 2}
    if not running:
        return kept
    return [
        line
        for line in kept
        if not (
            (match := PAGE_CODE.match(line.text))
            and re.sub(r"[\s\d\[\]-]+", "", match.group(1)) in running
        )
    ]


def _is_header_piece(text: str) -> bool:
    """A short line that can belong to a running header: a date, a name, a company."""
    stripped = text.strip()
    if not stripped or len(stripped) > 70:
        return False
    if DATE.search(stripped) or TEMPLATE_LABEL.search(stripped):
        return True
    if stripped.endswith((":", ";", ",")) or re.search(r"[a-z]{3,}\.$", stripped):
        return bool(re.search(r"\b(?:Inc|Corp|Co|Ltd|plc|Corporation|Company)\.?$", stripped))
    words = [w for w in re.split(r"\s+", stripped) if w[:1].isalpha()]
    small = {"of", "and", "the", "for", "de", "du", "la", "y", "&", "plc", "inc.", "inc", "co."}
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in small or w[1:2].isupper())
    return bool(words) and capitalised == len(words)


def strip_running_headers(lines: list[Line], *, paged: bool) -> tuple[list[Line], int]:
    """Drop running headers and page-number footers; return the kept lines and the page count.

    With `paged` true the lines carry real page numbers and a header is searched at the top of
    each page after the first. Without it (text with no page breaks) a header is recognised
    anywhere by its "Page N" line and starts a new page.
    """
    lines = _drop_legends([line for line in lines if not TEMPLATE_LABEL.search(line.text)])
    if paged:
        return _strip_paged(lines)
    return _strip_flowing(lines)


ZONE = 3
_LABEL = re.compile(r"^\W*(?:\w+\W+){0,3}(?:Response|Comment|Answer|Reply)s?\b|.*:$", re.I)


def _repeated(by_page: dict[int, list[Line]], edge: slice) -> set[str]:
    """Texts that stand at the same edge (top or bottom) of at least half the pages, two at
    least: a letterhead or a footer legend repeated on every page. Labels ("Response:") and
    page-1-only lines are never taken for one."""
    if len(by_page) < 3:
        return set()
    seen: dict[str, set[int]] = {}
    for page, page_lines in by_page.items():
        for line in page_lines[edge]:
            seen.setdefault(_shape(line.text), set()).add(page)
    need = max(2, len(by_page) // 2)
    return {
        text
        for text, pages in seen.items()
        if len(pages) >= need and len(text) >= 12 and not _LABEL.match(text)
    }


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip()))


def _strip_paged(lines: list[Line]) -> tuple[list[Line], int]:
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    tops = _repeated(by_page, slice(0, ZONE))
    bottoms = _repeated(by_page, slice(-ZONE, None))
    for page, page_lines in by_page.items():
        if len(page_lines) <= 2 * ZONE:
            continue
        top = [ln for ln in page_lines[:ZONE] if page == 1 or _shape(ln.text) not in tops]
        bottom = [ln for ln in page_lines[-ZONE:] if _shape(ln.text) not in bottoms]
        by_page[page] = [*top, *page_lines[ZONE:-ZONE], *bottom]
    kept: list[Line] = []
    for page, page_lines in sorted(by_page.items()):
        start = 0
        if page > 1:
            for index, line in enumerate(page_lines[:HEADER_WINDOW]):
                match = PAGE_MARK.search(line.text)
                if (match and len(line.text) < 200 and not line.text.rstrip().endswith(".")) or (
                    index == start and _is_page_number(line.text, page)
                ):
                    start = index + 1
                elif not _is_header_piece(line.text):
                    break
        end = len(page_lines)
        while end > start and PAGE_NUMBER_FOOTER.match(page_lines[end - 1].text):
            end -= 1
        body = page_lines[start:end]
        if body and start:
            body[0].gap_before = max(body[0].gap_before, 0.0)
        kept.extend(body)
    return kept, max(by_page) if by_page else 1


def _is_page_number(text: str, page: int) -> bool:
    """A bare page number ("3", "-3-") first on a page (or first after its header): this
    page's number or the last one's (an HTML letter's footer can fall after its page break)."""
    if not PAGE_NUMBER_FOOTER.match(text):
        return False
    digits = re.sub(r"\D", "", text)
    return bool(digits) and int(digits) in (page - 1, page)


def _strip_flowing(lines: list[Line]) -> tuple[list[Line], int]:
    kept: list[Line] = []
    page = 1
    for line in lines:
        text = line.text.strip()
        match = PAGE_MARK.search(text)
        if match and int(match.group(1)) == page + 1 and not text.endswith("."):
            before = text[: match.start()].strip()
            if not before or DATE.search(before) or _is_header_piece(before):
                page += 1
                while kept and kept[-1].page == page - 1 and _pops_as_header(kept):
                    kept.pop()
                continue
        line.page = page
        kept.append(line)
    return kept, page


def _pops_as_header(kept: list[Line]) -> bool:
    """Whether the last kept line is part of a multi-line header ending in a bare 'Page N'."""
    last = kept[-1].text.strip()
    if DATE.fullmatch(last):
        return True
    return _is_header_piece(last) and len(last) < 60 and not last[:1].islower() and _near_date(kept)


def _near_date(kept: list[Line]) -> bool:
    return any(DATE.fullmatch(line.text.strip()) for line in kept[-4:])

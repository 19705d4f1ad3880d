"""The response letter as DOCX (python-docx): letterhead, date, VIA EDGAR, the staff
addressee, the Re: block, opening, each comment restated in bold under its underlined caption
with the response under it, acknowledgements when asked for, closing and signature (the
signer's name when known). Quotes and apostrophes are typographic; from page 2 on a header
names the company, "Response to Staff Comments" and the page (a PAGE field, so Word and
LibreOffice number each page). Placeholders the user must fill are highlighted yellow; the due
date goes in the document's properties (a drafting aid, not text sent to the staff)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from reviewdesk.services.drafting.acknowledgement import ACKNOWLEDGEMENT_LEAD, ACKNOWLEDGEMENTS
from reviewdesk.services.drafting.model import ResponseLetter
from reviewdesk.services.drafting.typography import typographic
from reviewdesk.services.drafting.wording import (
    ADDRESS,
    CLOSING,
    PLACEHOLDER_ADDRESS,
    PLACEHOLDER_COMPANY,
    PLACEHOLDER_CONTACTS,
    PLACEHOLDER_OFFICE,
    RUNNING_HEAD,
    STREET,
    answer_placeholder,
    long_date,
    opening,
    re_lines,
    signature,
)

_PLACEHOLDER = re.compile(r"(\[[^\]\n]{1,80}\])")


def write_response_docx(letter: ResponseLetter, path: str | Path) -> Path:
    """Write the response letter to `path` as DOCX and return the path."""
    path = Path(path)
    path.write_bytes(response_docx_bytes(letter))
    return path


def response_docx_bytes(letter: ResponseLetter) -> bytes:
    """The response letter as DOCX bytes (for the web desk's download)."""
    document = docx.Document()
    _properties(document, letter)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(10)
    company = letter.company or PLACEHOLDER_COMPANY
    _running_head(document, company, placeholders=letter.company is None)
    head = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _text(head, company, bold=True, placeholders=letter.company is None)
    _text(_para(document, align=WD_ALIGN_PARAGRAPH.CENTER), PLACEHOLDER_ADDRESS)
    _text(_para(document), long_date(letter.date))
    _text(_para(document), "VIA EDGAR", bold=True)
    office = letter.office or PLACEHOLDER_OFFICE
    _lines(
        document,
        [*ADDRESS, office, *STREET],
        placeholder_lines=set() if letter.office else {office},
    )
    contacts = ", ".join(letter.contacts) or PLACEHOLDER_CONTACTS
    attention = _para(document)
    _text(attention, "Attention: ")
    _text(attention, contacts, placeholders=not letter.contacts)
    _re_block(document, letter)
    _text(_para(document), "Ladies and Gentlemen:")
    _text(
        _para(document, justify=True),
        opening(letter.company, letter.staff_letter_date, len(letter.filings)),
    )
    previous: str | None = None
    for item in letter.items:
        if item.caption and item.caption != previous:
            heading = _para(document, keep=True)
            _text(heading, item.caption, bold=True, underline=True, placeholders=False)
        previous = item.caption or previous
        restated = _para(document, justify=True, keep=True)
        number = f"{item.number}. " if item.number is not None else ""
        _text(restated, number + item.comment, bold=True, placeholders=False)
        response = _para(document, justify=True)
        _text(response, "Response: ", bold=True)
        if item.answer:
            _text(response, item.answer, placeholders=False)
        else:
            _text(response, answer_placeholder(item.number))
    if letter.acknowledgement:
        _text(_para(document, justify=True), ACKNOWLEDGEMENT_LEAD)
        for statement in ACKNOWLEDGEMENTS:
            bullet = document.add_paragraph(style="List Bullet")
            _text(bullet, statement)
    _text(_para(document, justify=True), CLOSING)
    _lines(document, [*signature(letter.signer), company], placeholder_lines=set())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _running_head(document: Any, company: str, *, placeholders: bool) -> None:
    """The header of page 2 onward (the first page, on letterhead, has none): the company,
    "Response to Staff Comments" and "Page N" with N a PAGE field."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    first, *_ = header.paragraphs
    _text(first, company, placeholders=placeholders)
    first.paragraph_format.space_after = Pt(0)
    title = header.add_paragraph()
    title.paragraph_format.space_after = Pt(0)
    _text(title, RUNNING_HEAD, placeholders=False)
    page = header.add_paragraph()
    page.paragraph_format.space_after = Pt(12)
    page.add_run("Page ")
    _page_field(page)


def _page_field(paragraph: Any) -> None:
    """A PAGE field (begin, instruction, separate, shown value, end), as Word writes it; the
    shown value is 2, the first page that carries the header, until the reader updates it."""
    paragraph.add_run()._r.append(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    paragraph.add_run()._r.append(_field_char("separate"))
    paragraph.add_run("2")
    paragraph.add_run()._r.append(_field_char("end"))


def _field_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _properties(document: Any, letter: ResponseLetter) -> None:
    props = document.core_properties
    props.title = f"Response to the staff letter of {long_date(letter.staff_letter_date)}"
    props.subject = letter.company or ""
    props.comments = (
        f"Response due {letter.due.isoformat()} (ten business days after the staff letter)"
        if letter.due
        else "Response due date unknown: the staff letter has no date"
    )


def _para(
    document: Any,
    *,
    align: Any = None,
    after: float | None = None,
    justify: bool = False,
    keep: bool = False,
) -> Any:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    elif justify:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if after is not None:
        fmt.space_after = Pt(after)
    if keep:
        fmt.keep_with_next = True
    return paragraph


def _text(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    underline: bool = False,
    placeholders: bool = True,
) -> None:
    """Add text with typographic quotes; with `placeholders`, [bracketed] parts are
    highlighted for the user to fill."""
    text = typographic(text)
    pieces = _PLACEHOLDER.split(text) if placeholders else [text]
    for piece in pieces:
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = bold or None
        run.underline = underline or None
        if placeholders and _PLACEHOLDER.fullmatch(piece):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _lines(document: Any, lines: list[str], *, placeholder_lines: set[str]) -> None:
    paragraph = _para(document)
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        _text(paragraph, line, placeholders=line in placeholder_lines or line.startswith("["))


def _re_block(document: Any, letter: ResponseLetter) -> None:
    lines = re_lines(letter.company, letter.filings)
    paragraph = _para(document)
    paragraph.paragraph_format.left_indent = Inches(1)
    paragraph.paragraph_format.first_line_indent = Inches(-0.5)
    _text(paragraph, "Re:\t", bold=True)
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        _text(paragraph, line, bold=True, placeholders=line.startswith("["))

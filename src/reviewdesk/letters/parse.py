"""Read a letter: a document in, its structured reading (shared/contract/PARSE_OUTPUT.md) out."""

from __future__ import annotations

import re
from pathlib import Path

from reviewdesk.documents import (
    Document,
    DocumentError,
    Line,
    SubmissionHeader,
    read_bytes,
    read_path,
)
from reviewdesk.letters.blocks import Block, blocks_of
from reviewdesk.letters.closing import (
    SIGN_OFF,
    read_contacts,
    read_signature,
    signature_lines,
)
from reviewdesk.letters.company import read_company
from reviewdesk.letters.dates import find_dates, is_date_line
from reviewdesk.letters.identifiers import accession_in, accession_of_name
from reviewdesk.letters.model import Letter, Role
from reviewdesk.letters.reblock import COMPANY_NAME, SALUTATION, ReBlock, find_re_block
from reviewdesk.letters.staff import read_staff

_ORDER = re.compile(r"\bORDER\b|\bEFFECTIVE\b|\bPURSUANT\b")
_STAFF_FORMS = ("UPLOAD", "LETTER", "SEC STAFF")
_STAFF_SIGNS = re.compile(
    r"We have (?:reviewed|limited our review|completed our review|selectively reviewed)|"
    r"securities and exchange commission logo|Mail Stop|Please respond to this letter|"
    r"we may have additional comments|Division of Corporation Finance\s*$|Branch Chief|"
    r"Assistant Director|This is to advise you that|^BEFORE THE$|ORDER DECLARING|In the Matter of|"
    r"For the Commission|pursuant to delegated authority",
    re.I,
)
_ANSWER_LABEL = re.compile(r"^\s*(?:(?:The\s+)?Company(?:'s|’s)?\s+)?Response\s*:", re.I)
"""A "Response:" label: only company letters answer comments."""
_COMPANY_SIGNS = re.compile(
    r"100 F Street|Attention:|Attn\.?:|VIA EDGAR|on behalf of|(?:our|the Company(?:'s|’s)?) "
    r"respons|respond(?:s|ing)? to the (?:Staff|comment)|the Staff(?:'s|’s)? (?:comment|letter)|"
    r"Securities and Exchange Commission\s*$",
    re.I,
)


def parse_document(document: Document) -> Letter:
    """The reading of an already-read document."""
    letter = Letter(source=document.source, accession=_accession(document))
    lines = document.lines
    blocks = blocks_of(document)
    block_of_line = {id(line): block.index for block in blocks for line in block.lines}
    re_block = find_re_block(lines)
    letter.company = _company(re_block, lines) or document.header.company
    letter.filings = re_block.filings
    letter.date = _letter_date(lines, re_block)
    if not _is_correspondence(document, re_block):
        letter.error = NOT_CORRESPONDENCE
        return letter
    letter.role = _role(document, lines, re_block)
    body_start = _body_start(lines, blocks, re_block, block_of_line)
    if letter.company is None:
        letter.company = _company_in_opening(blocks[body_start : body_start + 3])
    body_end = _sign_off_block(blocks, body_start)
    signature = signature_lines(lines)
    signatory, office = read_signature(signature)
    letter.signatory = signatory
    if letter.role == "staff":
        reading = read_staff(blocks, body_start, body_end)
        letter.kind = reading.kind  # type: ignore[assignment]
        letter.comments = reading.comments
        letter.refers_to_prior = reading.refers_to_prior
        letter.prior_letter_date = reading.prior_letter_date
        letter.office = office
        closing_text = " ".join(b.text for b in blocks[reading.closing_index :])
        letter.contacts = read_contacts(closing_text, signatory)
    else:
        company = read_company(blocks, body_start, body_end, re_block.acceleration)
        letter.kind = company.kind  # type: ignore[assignment]
        letter.in_reply_to = company.in_reply_to
        letter.responses = company.responses
    return letter


NOT_CORRESPONDENCE = (
    "not SEC review correspondence: it has no Re: block and names neither the Commission, its "
    "staff nor a filing; give a staff comment letter (EDGAR UPLOAD) or a company letter (CORRESP)"
)
_CORRESPONDENCE_WORDS = re.compile(
    r"Securities\s+and\s+Exchange\s+Commission|Division\s+of\s+Corporation\s+Finance|"
    r"\bthe\s+Staff\b|\bFile\s+No\b|\bcomment\s+letter|\bRegistration\s+Statement\b|"
    r"\b(?:Form|Schedule)\s+(?:\d{1,2}-[A-Z]|[A-Z]{1,2}-\d|1[34][A-Z])|^\s*Response\s*:",
    re.I | re.M,
)


def _is_correspondence(document: Document, re_block: ReBlock) -> bool:
    """Whether the document is a letter of a filing review at all (a café menu is not): an
    EDGAR letter form, a Re: block naming a filing or company, or words only such letters use."""
    form = (document.header.form or "").upper()
    if form.startswith(("CORRESP", *_STAFF_FORMS)):
        return True
    if re_block.start >= 0 and (re_block.filings or re_block.company):
        return True
    return _CORRESPONDENCE_WORDS.search(document.text[:50_000]) is not None


def _accession(document: Document) -> str | None:
    return accession_in(document.header.accession) or accession_of_name(document.source)


def _company(re_block: ReBlock, lines: list[Line]) -> str | None:
    """The registrant as the Re: line names it; of two names, the one the letter is addressed to;
    in a Commission order, the party named "In the Matter of"."""
    if re_block.start < 0:
        for index, line in enumerate(lines[:30]):
            if re.match(r"^\s*In the Matter of\s*$", line.text, re.I) and index + 1 < len(lines):
                following = [ln.text.strip() for ln in lines[index + 1 : index + 4]]
                for text in following:
                    named = re.match(COMPANY_NAME, text)
                    if named:
                        return named.group(0)
                return next(
                    (t for t in following if t and not t.startswith("_") and not _ORDER.search(t)),
                    None,
                )
    if len(re_block.names) > 1 and re_block.start > 0:
        addressee = " ".join(line.text for line in lines[: re_block.start])
        for name in re_block.names:
            if name in addressee:
                return name
    return re_block.company


def _company_in_opening(blocks: list[Block]) -> str | None:
    """The company a letter's opening defines: "On behalf of Fictional Inc. (the "Company")"."""
    for block in blocks:
        match = re.search(
            r"(" + COMPANY_NAME + r")\s*,?\s*(?:an?\s+[A-Z]\w+\s+corporation\s*)?\((?:the\s+|“|\")",
            block.text,
        )
        if match:
            return re.sub(
                r"^(?:On behalf of|Behalf of)\s+(?:our client,?\s+)?", "", match.group(1)
            ).strip()
    return None


def _letter_date(lines: list[Line], re_block: ReBlock) -> str | None:
    """The letter's own date: the date line above the Re: block (or near the top)."""
    limit = re_block.start if re_block.start > 0 else min(len(lines), 30)
    head = lines[:limit]
    for line in head:
        if is_date_line(line.text):
            return find_dates(line.text)[0][2]
    for line in head:
        dates = find_dates(line.text)
        if dates and dates[0][0] == 0:
            return dates[0][2]
    after = lines[max(re_block.end, 0) : 40] if re_block.end > 0 else []
    for line in after:
        if SALUTATION.match(line.text):
            break
        if is_date_line(line.text):
            return find_dates(line.text)[0][2]
    for line in head:
        if len(line.text) < 90:
            dates = find_dates(line.text)
            if dates:
                return dates[0][2]
    for line in head:
        for start, _end, iso in find_dates(line.text):
            if not re.search(
                r"(?:filed|dated|ended|submitted)\s+(?:on\s+)?$", line.text[:start], re.I
            ):
                return iso
    return None


def _role(document: Document, lines: list[Line], re_block: ReBlock) -> Role:
    form = (document.header.form or "").upper()
    if form.startswith("CORRESP"):
        return "company"
    if form.startswith(_STAFF_FORMS):
        return "staff"
    head = lines[: re_block.start] if re_block.start > 0 else lines[:20]
    rest = lines[max(re_block.end, 0) : max(re_block.end, 0) + 40]
    staff = sum(1 for line in [*head[:6], *rest, *lines[-15:]] if _STAFF_SIGNS.search(line.text))
    company = sum(1 for line in [*head, *rest[:10]] if _COMPANY_SIGNS.search(line.text))
    company += min(3, sum(1 for line in lines if _ANSWER_LABEL.match(line.text)))
    return "staff" if staff >= company else "company"


def _body_start(
    lines: list[Line], blocks: list[Block], re_block: ReBlock, block_of_line: dict[int, int]
) -> int:
    """The first paragraph after the salutation (or after the Re: block when there is none)."""
    first = 0
    if re_block.end > 0 and re_block.end < len(lines):
        first = block_of_line[id(lines[re_block.end])]
    for block in blocks[first : first + 6]:
        if SALUTATION.match(block.text):
            return block.index + 1
    if re_block.end <= 0:
        for block in blocks[:40]:
            if SALUTATION.match(block.text):
                return block.index + 1
    return first


def _sign_off_block(blocks: list[Block], body_start: int) -> int:
    for block in reversed(blocks[body_start:]):
        if SIGN_OFF.match(block.text):
            return block.index
    return len(blocks)


def parse_path(
    path: str | Path, *, source: str | None = None, header: SubmissionHeader | None = None
) -> Letter:
    """Read and parse the document at `path`; a bad document gives a Letter with `error` set.
    `header` is what a manifest says of it (its company fills a Re: block that names none)."""
    name = source if source is not None else str(path)
    try:
        return parse_document(read_path(path, source=name, header=header))
    except DocumentError as exc:
        return Letter(source=name, accession=accession_of_name(name), error=exc.reason)


def parse_bytes(data: bytes, source: str) -> Letter:
    """Parse a document from its bytes; a bad document gives a Letter with `error` set."""
    try:
        return parse_document(read_bytes(data, source))
    except DocumentError as exc:
        return Letter(source=source, accession=accession_of_name(source), error=exc.reason)

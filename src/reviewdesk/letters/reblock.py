"""The Re: block: the company a letter is about and the filings it names, with file numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from reviewdesk.documents import Line
from reviewdesk.letters.dates import find_dates, is_date_line
from reviewdesk.letters.forms import amendment_number, form_code, other_party_code, period_of
from reviewdesk.letters.model import FilingRef

_COMPANY_END = (
    r"(?:Inc\.?|Corporation|Corp\.?|Company|Co\.?|Ltd\.?|plc|PLC|LLC|L\.P\.|Incorporated|Limited|"
    r"N\.V\.|S\.A\.|Holdings|Group|Trust|Bancorp)"
)
RE_LINE = re.compile(
    r"^\s*(?:Re|RE|Subject|SUBJECT|Regarding|REGARDING)\s*[:.]\s*|^\s*(?:Re|RE)\s+(?=[A-Z])|"
    rf"^\s*Regarding\s+(?=[A-Z][^.:;]{{1,80}}\b{_COMPANY_END}\s*$)"
)
SALUTATION = re.compile(
    r"^\s*(?:Dear\b|Ladies\b|Gentlemen\b|To Whom\b|Sir\b|Madam\b|Mesdames\b|Dear:|"
    r"To\s+(?:the\s+)?(?:Division|Staff|Office)\b[^:]{0,80}:\s*$)",
    re.I,
)
FILE_NUMBER = re.compile(r"\b(\d{1,3}-\d{4,6}(?:-\d{2})?)\b")
_FILE_NO = re.compile(
    r"\b(?:Commission\s+)?File\s*(?:No|Nos|Number|Numbers)\b\.?:?|\bFile\s*#|\bSEC\s+File\b", re.I
)
_FILED = re.compile(r"\b(?:Filed|Submitted|Furnished|Confidentially\s+Submitted)\b", re.I)
_RESPONSE = re.compile(
    r"\b(?:Response|Responses|Correspondence|Letter)s?\s+(?:Letter\s+)?(?:Dated|submitted|filed)\b",
    re.I,
)
_SPLIT = re.compile(
    r"(?=\b(?:Amendment\s+No\.?|Amended\s+|Registration\s+Statement|Draft\s+Registration|"
    r"Post-Effective|Preliminary\s+(?:Proxy|Information|Revocation|Consent)|Definitive\s+"
    r"(?:Proxy|Information|Additional)|Annual\s+Report|Quarterly\s+Report|Current\s+Report|"
    r"(?<!\bon\s)(?<!\bto\s)Form\s+[\dA-Z]|(?<!\bon\s)Schedule\s+(?:TO|13|14)|Tender\s+Offer|"
    r"Filed\b|Submitted\b|Furnished\b|(?:Commission\s+)?File\s+No|File\s+Number|"
    r"Response\s+[Dd]ated|Responses\s+[Dd]ated|CIK\b|(?:PRE|DEF|PREC|DEFC|PREM|DEFM|DEFA)\s?14[AC]))"
)
_COMPANY_WORDS = re.compile(
    r"\b(?:Inc|Corp|Corporation|Company|Co|L\.?P|LLC|Ltd|Limited|plc|PLC|N\.V|S\.A|AG|SE|Trust|"
    r"Group|Holdings|Partners|Incorporated|Bancorp|Bank)\b\.?"
)


_FILER = re.compile(r"\b(?i:filed|submitted)\b[^;]{0,60}?\b[Bb]y\s+(?!the\s)([A-Z][^;]{1,80})")
_PROXY_CODE = re.compile(r"\b(?:(?:PRE|DEF|PREC|DEFC|PREM|DEFM|DEFA|DFAN)\s?14[AC]|PX14A6G)\b")
_DEFINED_TERM = re.compile(r"\(\s*(?:the\s+)?[“\"][^”\"]{1,60}[”\"]\s*\)")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00a0": " "})


COMPANY_NAME = rf"[A-Z][\w.,&’'\- ]{{1,80}}?\b{_COMPANY_END}(?![\w])"
_ADDRESSED = re.compile(rf"\bto\s+({COMPANY_NAME})")
_SUBJECT = re.compile(
    r"^(?:Responses?|Request|Regarding|Comment|Letter|Supplemental|Confidential|Acceleration|Application|"
    r"Withdrawal|Correspondence|Our\s|Your\s|Staff|SEC\s|\w+\s+\d{1,2},\s+\d{4}\s+Letter)\b",
    re.I,
)


@dataclass(slots=True)
class ReBlock:
    """What the Re: block says, and where it sits among the document's lines."""

    company: str | None = None
    filings: list[FilingRef] = field(default_factory=list)
    start: int = -1
    end: int = -1
    names: list[str] = field(default_factory=list)
    acceleration: bool = False


def find_re_block(lines: list[Line], *, limit: int = 60) -> ReBlock:
    """Find the Re: block within the first `limit` lines and read it."""
    for index, line in enumerate(lines[:limit]):
        if RE_LINE.match(line.text) and not SALUTATION.match(line.text):
            end = index + 1
            while end < len(lines) and end - index < 16:
                text = lines[end].text
                if SALUTATION.match(text) or (end > index + 1 and _is_body(text)):
                    break
                if is_date_line(text):
                    break
                end += 1
            texts = [RE_LINE.sub("", lines[index].text, count=1)] + [
                line.text for line in lines[index + 1 : end]
            ]
            block = read_re_block(texts)
            block.start, block.end = index, end
            return block
    return _unlabelled_block(lines[:limit])


def _unlabelled_block(lines: list[Line]) -> ReBlock:
    """A subject block printed without "Re:" (underlined or bold lines just above the
    salutation, naming the company, a form and a file number)."""
    salutation = next((i for i, line in enumerate(lines) if SALUTATION.match(line.text)), -1)
    start = salutation
    while start > 0 and salutation - start < 6:
        text = lines[start - 1].text
        if not (lines[start - 1].emphasised or form_code(text) or FILE_NUMBER.search(text)):
            break
        if is_date_line(text):
            break
        start -= 1
    if start < 0 or start == salutation:
        return ReBlock()
    texts = [line.text for line in lines[start:salutation]]
    if not any(form_code(t) or _FILE_NO.search(t) for t in texts):
        return ReBlock()
    block = read_re_block(texts)
    block.start, block.end = start, salutation
    return block


def _is_body(text: str) -> bool:
    """A sentence of the letter's body, not a line of the Re: block."""
    return len(text) > 160 or bool(
        re.match(r"^\s*(We|This|On behalf|In response|Reference is made|The purpose)\b", text)
    )


def read_re_block(texts: list[str]) -> ReBlock:
    """Read the lines of a Re: block (its "Re:" label removed)."""
    block = ReBlock()
    segments: list[str] = []
    for text in texts:
        text = _DEFINED_TERM.sub("", text.translate(_DASHES))
        pieces = [p.strip(" ,;|") for p in _SPLIT.split(text.strip())]
        pieces = [p for p in pieces if p]
        segments.extend(pieces if pieces else [])
    names: list[str] = []
    filers: list[str] = []
    current: list[FilingRef] = []
    pending_dates: list[FilingRef] = []
    pending_amendment: int | None = None
    for position, segment in enumerate(segments):
        if _FILE_NO.search(segment) or (
            FILE_NUMBER.fullmatch(segment.strip(" .()")) and block.filings
        ):
            _assign_file_numbers(block.filings, FILE_NUMBER.findall(segment))
            continue
        if segment.upper().startswith("CIK") or _RESPONSE.search(segment):
            continue
        if re.search(r"Request\s+for\s+Acceleration|Acceleration\s+Request", segment, re.I):
            block.acceleration = True
            if not block.filings:
                names.append(segment)
            continue
        if block.filings and re.match(r"^(?:on|to)\s+(?:Form|Schedule)\b", segment, re.I):
            continue
        filer = _FILER.search(segment)
        if filer:
            filers.append(filer.group(1))
        code = form_code(segment)
        if code is None and re.match(r"^(?:Amendment|Amended)\b", segment, re.I):
            pending_amendment = amendment_number(segment)
            continue
        if _FILED.match(segment) and (code is None or block.filings):
            if block.filings:
                _assign_filed(block.filings, segment, pending_dates)
                for joint in current:
                    joint.filed = joint.filed or current[-1].filed
            addressed = _ADDRESSED.search(segment)
            if addressed and not any(_COMPANY_WORDS.search(name) for name in names):
                names = [addressed.group(1)]
            continue
        explicit = _PROXY_CODE.search(segment) is not None
        if code is not None and current and _same_proxy_filing(current[-1], code, explicit):
            if explicit:
                current[-1].form = code
            continue
        if code is None:
            if not block.filings:
                names.append(segment)
            elif current and not _COMPANY_WORDS.search(segment) and position:
                filing = current[-1]
                filing.period = filing.period or period_of(segment)
                if filing.form and filing.form in ("PRE 14A", "DEF 14A"):
                    filing.form = form_code(f"{segment} Schedule 14A") or filing.form
            continue
        filing = FilingRef(
            form=code,
            amendment=amendment_number(segment) or pending_amendment,
            period=period_of(segment),
        )
        pending_amendment = None
        inline_file = FILE_NUMBER.findall(segment) if _FILE_NO.search(segment) else []
        filed = _inline_filed(segment)
        filing.filed = filed
        if inline_file:
            filing.file_number = inline_file[0]
        block.filings.append(filing)
        current = [filing]
        if filed is None:
            pending_dates.append(filing)
        for other in _PROXY_CODE.findall(segment)[1:]:
            current.append(replace(filing, form=form_code(other) or other))
            block.filings.append(current[-1])
    block.names = [name for name in (_registrant(n) for n in names) if name]
    block.company = block.names[0] if block.names else None
    if filers:
        _read_for_other_filer(block, filers)
    return block


_GENERIC_PROXY = ("PRE 14A", "DEF 14A", "PRE 14C", "DEF 14C")


def _same_proxy_filing(last: FilingRef, code: str, explicit: bool) -> bool:
    """ "PREM14A" beside "Preliminary Proxy Statement on Schedule 14A" names one filing, not
    two: an EDGAR code and a description in words, both preliminary (or both definitive), of
    the same schedule, with no date or file number between them."""
    if last.filed is not None or last.file_number is not None or last.form is None:
        return False
    if code[-3:] not in ("14A", "14C") or last.form[-3:] != code[-3:] or last.form[0] != code[0]:
        return False
    return (code in _GENERIC_PROXY) != (last.form in _GENERIC_PROXY) and (
        explicit or code in _GENERIC_PROXY
    )


def _read_for_other_filer(block: ReBlock, filers: list[str]) -> None:
    """A letter about another party's filing ("Crown Castle Inc. / DFAN14A / Filed by Boots
    Parallel 1, LP"): the company reviewed is the registrant named, not the filer (who is often
    the addressee, named first), and the filer's proxy filings take the other-party codes."""

    def is_filer(name: str) -> bool:
        return any(_lead(name) == _lead(filer) for filer in filers)

    registrants = [name for name in block.names if not is_filer(name)]
    if registrants:
        block.names = registrants
        block.company = registrants[-1]
        for filing in block.filings:
            if filing.form:
                filing.form = other_party_code(filing.form)


def _lead(name: str) -> str:
    """The first word of a name, to tell "Boots Parallel 1, LP" and "Boots Capital Management,
    LLC" (one group of filers) from the registrant."""
    words = name.split()
    return re.sub(r"\W", "", words[0]).lower() if words else ""


def _registrant(segment: str) -> str | None:
    """A name line of the Re: block as the registrant's name; a subject line ("Request for
    Confidential Treatment", "Responses to Comment on ... filed by Harris Corporation") gives
    the company it names, or nothing."""
    segment = segment.strip(" ,;:")
    if not _SUBJECT.match(segment):
        return segment or None
    named = re.search(
        r"\b(?i:filed\s+by|by|concerning|regarding|of|for)\s+(" + COMPANY_NAME + ")", segment
    )
    return named.group(1) if named else None


def _inline_filed(segment: str) -> str | None:
    match = _FILED.search(segment)
    if not match:
        return None
    for start, _end, iso in find_dates(segment):
        if start >= match.end():
            return iso
    return None


def _assign_filed(filings: list[FilingRef], segment: str, pending: list[FilingRef]) -> None:
    """ "Filed X" dates the latest filing without one; "Filed X and Y, respectively" several."""
    dates = [iso for _s, _e, iso in find_dates(segment)]
    if not dates:
        return
    waiting = [f for f in filings if f.filed is None]
    if len(dates) > 1 and len(waiting) >= len(dates):
        for filing, iso in zip(waiting[-len(dates) :], dates, strict=True):
            filing.filed = iso
        return
    if waiting:
        waiting[-1].filed = dates[0]


def _assign_file_numbers(filings: list[FilingRef], numbers: list[str]) -> None:
    """File numbers go to the filings named since the last file number; one filing with several
    numbers becomes one entry per number (the gold repeats a filing per file number)."""
    if not numbers:
        return
    waiting = [f for f in filings if f.file_number is None]
    if not waiting:
        return
    if len(numbers) == len(waiting):
        for filing, number in zip(waiting, numbers, strict=True):
            filing.file_number = number
        return
    for filing in waiting:
        filing.file_number = numbers[0]
    if len(waiting) == 1:
        base = waiting[0]
        at = filings.index(base) + 1
        for offset, number in enumerate(numbers[1:]):
            filings.insert(
                at + offset, FilingRef(base.form, base.amendment, base.period, base.filed, number)
            )

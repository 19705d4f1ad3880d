"""Filing descriptions as the Re: block prints them, to EDGAR form codes and amendment numbers."""

from __future__ import annotations

import re

from reviewdesk.letters.dates import find_dates

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}  # fmt: skip

_PROXY_CODE = re.compile(
    r"\b(PRE|DEF|PREC|DEFC|PREM|DEFM|DEFA|DEFR|PRER|PRRN|DFAN|PREN|DEFN)\s?(14[AC])\b"
)
_SCHEDULE_CODE = re.compile(
    r"\bSchedule\s+(TO-[ITC]|TO|13E-?3|13D|13G|14D-?9|14D-?1|14A|14C)(?:\s*/\s*A)?\b", re.I
)
_FORM_CODE = re.compile(
    r"\bForms?\s+((?:10-KT?|10-QT?|10-K405|8-K(?:12B)?|6-K|20-F|40-F|11-K|10-12[BG]|10-SB|10|"
    r"[SF]-\d{1,2}(?:MEF|ASR)?|N-\d[A-Z]?|1-A|1-K|SD|S-8 POS|F-\d{1,2}|CB|ABS-15G|"
    r"[A-Z]{1,3}-\d{1,3}[A-Z]?))(?P<slash>\s*/\s*A)?(?![\w-])",
    re.I,
)
_BARE_CODE = re.compile(
    r"^\s*((?:10-K|10-Q|8-K|20-F|40-F|6-K|S-\d{1,2}|F-\d{1,2}|DEF 14A|PRE 14A))(?P<slash>/A)?\b"
)
_AMENDMENT = re.compile(
    r"\bAmendment\s+(?:No\.?|Number)\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(\d+)(?:st|nd|rd|th)\s+Amendment\b|\bAmended\b|\bAmendment\b",
    re.I,
)
_PERIOD = re.compile(
    r"\b(?:fiscal\s+)?(?:year|quarter|quarterly\s+period|period|transition\s+period|months|"
    r"(?:quarterly\s+|annual\s+)?report)"
    r"\s+(?:ended|ending|end)\s*:?\s*",
    re.I,
)


def form_code(text: str) -> str | None:
    """The EDGAR form code a filing description names, or None if it names no form."""
    proxy = _PROXY_CODE.search(text)
    if proxy:
        prefix, schedule = proxy.group(1).upper(), proxy.group(2).upper()
        return f"{prefix} {schedule}" if prefix in ("PRE", "DEF") else f"{prefix}{schedule}"
    lower = text.lower()
    if re.search(r"schedule\s+14a|proxy\s+statement", lower):
        contested = "contested" in lower or "revocation" in lower or "consent solicitation" in lower
        merger = "merger" in lower
        if "additional" in lower:
            return "DEFA14A"
        if "preliminary" in lower:
            return "PREC14A" if contested else ("PREM14A" if merger else "PRE 14A")
        return "DEFC14A" if contested else ("DEFM14A" if merger else "DEF 14A")
    if re.search(r"schedule\s+14c|information\s+statement", lower):
        return "PRE 14C" if "preliminary" in lower else "DEF 14C"
    schedule = _SCHEDULE_CODE.search(text)
    if schedule:
        code = schedule.group(1).upper().replace("13E3", "13E-3")
        if code == "TO":
            code = "TO-T" if "third" in lower else "TO-I" if "issuer" in lower else "TO"
        return f"SC {code}"
    form = _FORM_CODE.search(text)
    if form:
        return form.group(1).upper()
    bare = _BARE_CODE.search(text)
    if bare:
        return bare.group(1)
    return None


def amendment_number(text: str) -> int | None:
    """Amendment number: "Amendment No. 2 to Form S-1" is 2, "Form 10-K/A" is 1, else None."""
    match = _AMENDMENT.search(text)
    if match:
        number = match.group(1) or match.group(2)
        if number:
            return int(number) if number.isdigit() else _WORD_NUMBERS[number.lower()]
        return 1
    if re.search(r"(?:\b[\w-]+|Schedule\s+[\w-]+)\s*/\s*A\b", text):
        return 1
    return None


def period_of(text: str) -> str | None:
    """The period end of a periodic report ("for the Fiscal Year Ended December 31, 2019")."""
    match = _PERIOD.search(text)
    if not match:
        return None
    for start, _end, iso in find_dates(text):
        if start >= match.start() and start - match.end() < 12:
            return iso
    return None

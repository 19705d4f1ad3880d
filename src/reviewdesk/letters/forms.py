"""Filing descriptions as the Re: block prints them, to EDGAR form codes and amendment numbers."""

from __future__ import annotations

import re

from reviewdesk.letters.dates import find_dates

EDGAR_FORM_TYPES = frozenset(
    """
    10-K 10-K405 10-KT 10-Q 10-QT 8-K 8-K12B 8-K12G3 8-K15D5 6-K 20-F 20FR12B 20FR12G 40-F
    40FR12B 11-K 10-12B 10-12G 10-D 10-KSB 10-QSB 10-SB 18-K ARS SD CB ABS-15G ABS-EE
    S-1 S-1MEF S-3 S-3ASR S-3D S-3DPOS S-3MEF S-4 S-4EF S-4MEF S-4POS S-8 S-11 S-11MEF S-20
    SB-1 SB-2 F-1 F-1MEF F-3 F-3ASR F-3D F-3DPOS F-3MEF F-4 F-4EF F-4MEF F-6 F-7 F-8 F-9
    F-10 F-10EF F-80 SF-1 SF-3 DRS DRSLTR 424B1 424B2 424B3 424B4 424B5 424B7 424B8 425
    POSASR 1-A 1-K 1-SA 1-U 1-Z N-1A N-2 N-14 N-CSR N-CSRS N-CEN N-PORT N-Q 485APOS 485BPOS 497
    DEFA14A DEFA14C DEFC14A DEFC14C DEFM14A DEFM14C DEFN14A DEFR14A DEFR14C DFAN14A DFRN14A
    PREC14A PREC14C PREM14A PREM14C PREN14A PRER14A PRER14C PRRN14A PRRN14C PX14A6G PX14A6N
    13F-HR 15-12B 15-12G 15-15D 25 25-NSE T-3 40-APP CORRESP UPLOAD
    """.split()
) | {
    "DEF 14A", "DEF 14C", "PRE 14A", "PRE 14C", "S-8 POS", "POS AM", "POS EX", "1-A POS",
    "SC 13D", "SC 13G", "SC 13E3", "SC 13E4", "SC 14D1", "SC 14D9", "SC 14F1", "SC TO-C",
    "SC TO-I", "SC TO-T", "SC14D1F", "SC14D9C",
    "SC 13E-3",
}  # fmt: skip
"""EDGAR's form types, as EDGAR spells them: every code `form_code` gives is one of them.
"SC 13E-3" is the gold labels' spelling of EDGAR's "SC 13E3" (GOLD_SPEC.md)."""

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
    if re.search(r"rule\s+14a-6\(g\)|exempt\s+solicitation", lower):
        return "PX14A6G"
    if re.search(r"schedule\s+14a|proxy\s+statement|soliciting\s+material", lower):
        contested = "contested" in lower or "revocation" in lower or "consent solicitation" in lower
        merger = "merger" in lower
        if "additional" in lower or "soliciting material" in lower:
            return "DFAN14A" if by_others(text) else "DEFA14A"
        contested = contested or by_others(text)
        if "preliminary" in lower:
            return "PREC14A" if contested else ("PREM14A" if merger else "PRE 14A")
        return "DEFC14A" if contested else ("DEFM14A" if merger else "DEF 14A")
    if re.search(r"schedule\s+14c|information\s+statement", lower):
        return "PRE 14C" if "preliminary" in lower else "DEF 14C"
    schedule = _SCHEDULE_CODE.search(text)
    if schedule:
        code = schedule.group(1).upper().replace("13E3", "13E-3").replace("14D-", "14D")
        if code == "TO":
            code = "TO-I" if "issuer" in lower else "TO-T"
        return f"SC {code}"
    form = _FORM_CODE.search(text)
    if form:
        code = form.group(1).upper()
        if code == "10":
            return "10-12G" if re.search(r"12\s*\(g\)", text) else "10-12B"
        return code
    bare = _BARE_CODE.search(text)
    if bare:
        return bare.group(1)
    return None


_OTHERS = re.compile(
    r"\b(?:non-management|by\s+others|by\s+(?:a\s+|the\s+)?(?:shareholder|stockholder|"
    r"security\s+holder|union)s?\b)",
    re.I,
)


def by_others(text: str) -> bool:
    """The description says another party made the filing ("non-management", "filed by a
    shareholder"): soliciting material of others is DFAN14A, their proxy statement PREC14A.
    (A filer named in the Re: block is compared with the registrant there.)"""
    return _OTHERS.search(text) is not None


def other_party_code(code: str) -> str:
    """The code of a proxy filing when another party (a shareholder, a union) made it."""
    return {"DEFA14A": "DFAN14A", "PRE 14A": "PREC14A", "DEF 14A": "DEFC14A"}.get(code, code)


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

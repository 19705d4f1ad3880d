"""The end of a letter: contacts with phone numbers, the signatory and the staff office."""

from __future__ import annotations

import re

from reviewdesk.documents import Line
from reviewdesk.letters.model import Contact

PHONE = re.compile(r"\(?\b(\d{3})\)?[\s.\-‑–]*(\d{3})[\s.\-‑–]+(\d{4})\b")
SIGN_OFF = re.compile(
    r"^\s*(?:Sincerely|Very truly yours|Yours (?:truly|sincerely|very truly)|Respectfully"
    r"(?: submitted| yours)?|Best regards|Kind regards|Regards|Cordially|Truly yours)\b[ ,.]*",
    re.I,
)
_TITLE_WORDS = re.compile(
    r"\b(?:Director|Chief|Counsel|Attorney|Accountant|Advisor|Adviser|Branch|Senior|Special|"
    r"Assistant|Associate|Deputy|Examiner|Officer|Analyst|Legal|Staff|Manager|President|"
    r"Secretary|Treasurer|Controller|Partner|Chairman|Chair|Vice|Executive|General|Esq|Head|"
    r"Lead|Accounting|Financial|Operating|Corporate|Principal|Office|Engineer|"
    r"Geologist|Examiner)s?\b"
)
_NAME_TOKEN = r"(?:[A-Z][a-zA-Z'’\-]+\.?|[A-Z]\.|(?:de|van|von|der|la|del|di|du|le|St\.))"
NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,5}}$")
_LEAD = re.compile(
    r"^.*?\b(?:contact|call|reach|contacting|with|to)\s+|^\s*(?:or|and|either|please)\s+", re.I
)
_OFFICE = re.compile(r"\b(Office\s+of\s+[A-Z&].*|Disclosure\s+Review\s+Program.*)$")
_COMPANY_SUFFIX = re.compile(
    r"\b(?:INC|CORP|CORPORATION|COMPANY|LLC|LTD|PLC|L\.P|Inc|Corp|Corporation|Company|LLC|Ltd|plc)\b"
)
_DIVISION = re.compile(r"^\s*Division of Corporation Finance\s*$", re.I)
_STOP = re.compile(r"^\s*(?:cc|bcc|c\.c\.|Enclosures?|Attachments?|Copy to|Copies to)\b", re.I)


def phone_text(match: re.Match[str]) -> str:
    """A phone number as NNN-NNN-NNNN."""
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"


def read_contacts(text: str, signatory: str | None) -> list[Contact]:
    """Staff named for questions, with their numbers; "or me at ..." names the signatory."""
    contacts: list[Contact] = []
    previous_end = 0
    for match in PHONE.finditer(text):
        window = text[previous_end : match.start()]
        previous_end = match.end()
        window = re.split(r"(?<=[a-z0-9)][.;])\s+(?=[A-Z])", window)[-1]
        name = _name_before(window)
        if name == "me":
            if signatory:
                contacts.append(Contact(signatory, phone_text(match)))
            continue
        if name and all(c.name != name for c in contacts):
            contacts.append(Contact(name, phone_text(match)))
    return contacts


def _name_before(window: str) -> str | None:
    window = re.sub(r"\([^)]*\)", "", window)
    window = re.sub(
        r"(?:\s*[,(:]|\s+(?:at|on|by|telephone|phone|number|tel\.?))+\s*$", "", " " + window.strip()
    ).strip()
    if re.search(r"\b(?:me|the undersigned)$", window, re.I):
        return "me"
    parts = [p.strip() for p in window.split(",")]
    for part in reversed(parts):
        part = _LEAD.sub("", part).strip()
        part = re.sub(r"^(?:Mr|Ms|Mrs|Dr)\.?\s+", "", part)
        if not part:
            continue
        tokens = part.split()
        name: list[str] = []
        for token in reversed(tokens):
            if not re.fullmatch(_NAME_TOKEN, token) or _TITLE_WORDS.search(token):
                break
            name.insert(0, token)
        if len(name) >= 2:
            return " ".join(name)
        if _TITLE_WORDS.search(part):
            continue
        return None
    return None


def signature_lines(lines: list[Line]) -> list[str]:
    """The lines after the last sign-off ("Sincerely,") up to the copy list."""
    start = None
    for index, line in enumerate(lines):
        if SIGN_OFF.match(line.text):
            start = index
    if start is None:
        tail = lines[-12:]
        division = [i for i, line in enumerate(tail) if _DIVISION.match(line.text)]
        if not division:
            return []
        return [line.text.strip() for line in tail[division[-1] :] if not _STOP.match(line.text)]
    out: list[str] = []
    first = SIGN_OFF.sub("", lines[start].text).strip()
    if first:
        out.append(first)
    for line in lines[start + 1 : start + 14]:
        if _STOP.match(line.text):
            break
        out.append(line.text.strip())
    return out


def read_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signatory, office) from the signature block; a letter signed only by an office has
    no signatory."""
    signatory: str | None = None
    signed_as: str | None = None
    office: str | None = None
    for index, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        office_match = _OFFICE.search(text)
        if office_match and office is None:
            office = office_match.group(1).strip()
            for more in lines[index + 1 : index + 3]:
                if office.endswith(("and", "&", "of", ",", "-")) or more[:1].islower():
                    office = f"{office.rstrip(' -')} {more.strip()}"
                else:
                    break
            continue
        if office is not None and signatory is not None:
            continue
        if text.startswith("/s/") or text.startswith("/S/"):
            name = re.sub(r"^/[sS]/\s*", "", text)
            name = re.sub(r"\s+for\s*$", "", name).strip()
            if name and signed_as is None:
                signed_as = _strip_title(name)
            continue
        if re.match(r"^(?:Division of|Securities and Exchange|U\.S\. Securities)", text):
            continue
        text = re.sub(r"^(?:By|Name)\s*:\s*", "", text)
        if _COMPANY_SUFFIX.search(text):
            continue
        name = _strip_title(text)
        if signatory is None and name and NAME.match(name) and not _TITLE_WORDS.search(name):
            signatory = name
    return signatory or signed_as, office


def _strip_title(text: str) -> str:
    """ "Jeffrey Riedler Assistant Director" -> "Jeffrey Riedler"."""
    text = text.split(",")[0].strip()
    match = _TITLE_WORDS.search(text)
    if match and match.start() > 0:
        text = text[: match.start()].strip()
    return text

"""A correspondence filing as EDGAR's indexes list it, where its folder is, and which document
of the folder is the letter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LETTER_SUFFIXES = {".pdf": 0, ".htm": 1, ".html": 1, ".txt": 2}
"""Document kinds a letter comes as, best first: the staff's PDF, the company's HTML, then
EDGAR's plain-text rendering."""
GRAPHICS = (".jpg", ".jpeg", ".gif", ".png", ".bmp")
"""Images of a folder are pictures inside its HTML documents (letterheads, signatures,
charts), shown by them, not documents of their own."""


@dataclass(frozen=True, order=True)
class Filing:
    """One filing to fetch: accession (dashed), filer CIK (10 digits), company, form, filed
    date (YYYY-MM-DD) and, when the index names it, the primary document."""

    filed: str
    accession: str
    cik: str
    company: str | None
    form: str
    primary_document: str | None = None

    @property
    def folder(self) -> str:
        """Path of the filing's folder on the www host."""
        return f"Archives/edgar/data/{int(self.cik)}/{self.accession.replace('-', '')}"


def letter_document(listing: Any, filing: Filing) -> str | None:
    """The name of the letter in a folder's index.json: the primary document when the folder
    has it, else the best PDF/HTML/text file; never the accession's own SGML, index pages or
    images. None when the folder holds no letter."""
    try:
        items = listing["directory"]["item"]
    except (KeyError, TypeError):
        return None
    undashed = filing.accession.replace("-", "")
    names = []
    for item in items:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        if suffix not in LETTER_SUFFIXES:
            continue
        if name.startswith((filing.accession, undashed)) or "index" in name.lower():
            continue
        names.append(name)
    if filing.primary_document in names:
        return filing.primary_document
    if not names:
        return None
    return min(names, key=lambda n: (LETTER_SUFFIXES[n[n.rfind(".") :].lower()], _natural(n)))


def filing_documents(listing: Any, filing: Filing) -> list[str]:
    """Every document of a filing's folder, the letter first (see `letter_document`), then
    the others in the folder's order: marked pages, supplemental tables, exhibits, a second
    letter. Not EDGAR's own files (the accession's SGML, index pages), not images (they
    belong to the HTML documents that show them), and not the plain-text rendering EDGAR
    makes of a staff letter's PDF."""
    letter = letter_document(listing, filing)
    if letter is None:
        return []
    undashed = filing.accession.replace("-", "")
    names = []
    for item in listing["directory"]["item"]:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        lowered = name.lower()
        if not name or name == letter or "/" in name or lowered.endswith(GRAPHICS):
            continue
        if name.startswith((filing.accession, undashed)) or "index" in lowered:
            continue
        rendering = filing.form.upper() == "UPLOAD" and letter.lower().endswith(".pdf")
        if rendering and lowered.endswith(".txt"):
            continue
        names.append(name)
    return [letter, *sorted(names, key=_natural)]


def _natural(name: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", name)
    )

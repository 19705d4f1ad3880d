"""The response letter as Markdown, for review in a browser or pasting into an editor.
Letter text is escaped so it can never turn into markup; placeholders stay in [brackets]."""

from __future__ import annotations

import re

from reviewdesk.services.drafting.acknowledgement import ACKNOWLEDGEMENT_LEAD, ACKNOWLEDGEMENTS
from reviewdesk.services.drafting.model import ResponseLetter
from reviewdesk.services.drafting.wording import (
    ADDRESS,
    CLOSING,
    PLACEHOLDER_ADDRESS,
    PLACEHOLDER_COMPANY,
    PLACEHOLDER_CONTACTS,
    PLACEHOLDER_OFFICE,
    STREET,
    answer_placeholder,
    long_date,
    opening,
    re_lines,
    signature,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
"""An ampersand that would start a character reference ("&lt;"); a plain one ("Procter &
Gamble") is text in Markdown and stays as written."""


def escape(text: str) -> str:
    """Letter text made inert in Markdown (and in any HTML a Markdown renderer makes)."""
    return _ENTITY.sub("&amp;", _SPECIAL.sub(r"\\\1", text))


def render_response_markdown(letter: ResponseLetter) -> str:
    """The whole response letter as Markdown."""
    company = escape(letter.company) if letter.company else PLACEHOLDER_COMPANY
    out: list[str] = []
    due = long_date(letter.due, "[unknown: the comment letter has no date]")
    out.append(f"<!-- Drafting note (remove before filing): response due {due}. -->\n")
    out.append(f"**{company}**  \n{PLACEHOLDER_ADDRESS}\n")
    out.append(f"{long_date(letter.date)}\n")
    out.append("**VIA EDGAR**\n")
    office = escape(letter.office) if letter.office else PLACEHOLDER_OFFICE
    address = [*ADDRESS, office, *STREET]
    out.append("  \n".join(address) + "\n")
    contacts = ", ".join(escape(c) for c in letter.contacts) or PLACEHOLDER_CONTACTS
    out.append(f"Attention: {contacts}\n")
    lines = re_lines(letter.company, letter.filings)
    out.append(
        "**Re:** " + "  \n".join(escape(line) if line[:1] != "[" else line for line in lines) + "\n"
    )
    out.append("Ladies and Gentlemen:\n")
    named = escape(letter.company) if letter.company else None
    out.append(opening(named, letter.staff_letter_date, len(letter.filings)) + "\n")
    previous: str | None = None
    for item in letter.items:
        if item.caption and item.caption != previous:
            out.append(f"***{escape(item.caption)}***\n")
        previous = item.caption or previous
        number = f"{item.number}\\. " if item.number is not None else ""
        out.append(f"**{number}{escape(item.comment)}**\n")
        answer = escape(item.answer) if item.answer else answer_placeholder(item.number)
        out.append(f"**Response:** {answer}\n")
    if letter.acknowledgement:
        out.append(escape(ACKNOWLEDGEMENT_LEAD) + "\n")
        out.append("\n".join(f"- {escape(s)}" for s in ACKNOWLEDGEMENTS) + "\n")
    out.append(CLOSING + "\n")
    signed = [line if line[:1] == "[" else escape(line) for line in signature(letter.signer)]
    out.append("  \n".join([*signed, company]) + "\n")
    return "\n".join(out)

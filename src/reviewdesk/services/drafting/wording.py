"""The fixed wording of a response letter, shared by the DOCX and Markdown writers."""

from __future__ import annotations

from datetime import date

from reviewdesk.letters import FilingRef
from reviewdesk.letters.identifiers import iso_date

ADDRESS = (
    "U.S. Securities and Exchange Commission",
    "Division of Corporation Finance",
)
STREET = ("100 F Street, N.E.", "Washington, D.C. 20549")
PLACEHOLDER_ADDRESS = "[Company address]"
PLACEHOLDER_OFFICE = "[Office of the Division of Corporation Finance]"
PLACEHOLDER_CONTACTS = "[Staff member named in the comment letter]"
PLACEHOLDER_COMPANY = "[Company name]"
PLACEHOLDER_FILING = "[Form, period and filing date of the filing reviewed]"
PLACEHOLDER_DATE = "[date of the comment letter]"
SIGNATURE = ("Sincerely,", "", "[Name]", "[Title]")
RUNNING_HEAD = "Response to Staff Comments"
CLOSING = (
    "Please direct any questions or comments regarding this letter to the undersigned at "
    "[telephone number] or [email address]."
)

_FORM_TITLES = {
    "PRE 14A": "Preliminary Proxy Statement on Schedule 14A",
    "DEF 14A": "Definitive Proxy Statement on Schedule 14A",
    "PREM14A": "Preliminary Merger Proxy Statement on Schedule 14A",
    "PRE 14C": "Preliminary Information Statement on Schedule 14C",
    "DEF 14C": "Definitive Information Statement on Schedule 14C",
    "SC TO-T": "Schedule TO",
    "SC 13D": "Schedule 13D",
    "S-1": "Registration Statement on Form S-1",
    "S-3": "Registration Statement on Form S-3",
    "S-4": "Registration Statement on Form S-4",
    "S-11": "Registration Statement on Form S-11",
    "F-1": "Registration Statement on Form F-1",
    "F-3": "Registration Statement on Form F-3",
    "F-4": "Registration Statement on Form F-4",
    "10-12B": "Registration Statement on Form 10",
    "10-12G": "Registration Statement on Form 10",
}
_PERIOD_WORDS = {
    "10-K": "for the Fiscal Year Ended",
    "20-F": "for the Fiscal Year Ended",
    "40-F": "for the Fiscal Year Ended",
    "10-KT": "for the Transition Period Ended",
    "10-Q": "for the Quarterly Period Ended",
    "11-K": "for the Fiscal Year Ended",
}


def long_date(value: date | None, placeholder: str = PLACEHOLDER_DATE) -> str:
    """A date as letters write it ('April 8, 2009'), or the placeholder."""
    if value is None:
        return placeholder
    return f"{value.strftime('%B')} {value.day}, {value.year}"


def filing_title(filing: FilingRef) -> str:
    """How the Re: block names a filing: 'Amendment No. 1 to Form 10-K for the Fiscal Year
    Ended December 31, 2019'."""
    form = (filing.form or "").strip()
    title = _FORM_TITLES.get(form.upper(), f"Form {form}" if form else "[Form]")
    if filing.amendment:
        title = f"Amendment No. {filing.amendment} to {title}"
    period = iso_date(filing.period)
    if period is not None:
        words = _PERIOD_WORDS.get(form.upper(), "for the Period Ended")
        title = f"{title} {words} {long_date(period)}"
    return title


def re_lines(company: str | None, filings: list[FilingRef]) -> list[str]:
    """The lines of the Re: block: company, each filing with its filing date, file numbers."""
    lines = [company or PLACEHOLDER_COMPANY]
    if not filings:
        return [*lines, PLACEHOLDER_FILING, "File No. [file number]"]
    numbers = list(dict.fromkeys(f.file_number for f in filings if f.file_number))
    for filing in filings:
        lines.append(filing_title(filing))
        filed = iso_date(filing.filed)
        if filed is not None:
            lines.append(f"Filed {long_date(filed)}")
        if len(numbers) > 1 and filing.file_number:
            lines.append(f"File No. {filing.file_number}")
    if len(numbers) == 1:
        lines.append(f"File No. {numbers[0]}")
    elif not numbers:
        lines.append("File No. [file number]")
    return lines


def opening(company: str | None, letter_date: date | None, filings: int) -> str:
    """The opening paragraph, citing the date of the staff letter."""
    who = company or PLACEHOLDER_COMPANY
    filing_word = "filings" if filings > 1 else "filing"
    return (
        f'On behalf of {who} (the "Company"), we are responding to the comments of the staff '
        '(the "Staff") of the Division of Corporation Finance of the U.S. Securities and '
        'Exchange Commission (the "Commission") contained in the Staff\'s letter dated '
        f'{long_date(letter_date)} (the "Comment Letter") regarding the above-referenced '
        f"{filing_word}. For the Staff's convenience, each comment is restated below in bold "
        "type under the caption it appears under in the Comment Letter, followed by the "
        "Company's response."
    )


def signature(signer: str | None) -> tuple[str, ...]:
    """The signature block: the signer's name when known, else a placeholder for it."""
    if not signer or not signer.strip():
        return SIGNATURE
    return (*SIGNATURE[:2], " ".join(signer.split()), *SIGNATURE[3:])


def caption(heading: str | None, page: str | None) -> str | None:
    """A comment's caption as restated: 'Risk Factors, page 12'."""
    if not heading:
        return f"Page {page}" if page else None
    if page and "page" not in heading.lower():
        return f"{heading}, page {page}"
    return heading


def answer_placeholder(number: int | None) -> str:
    """What stands in for an answer not yet written."""
    return f"[Company response to comment {number}]" if number is not None else "[Company response]"

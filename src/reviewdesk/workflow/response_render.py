"""A submitted response as the company's letter, written as HTML for the public record: the
same form as the drafted DOCX (letterhead, date, VIA EDGAR, the staff addressee, the Re:
block, opening, each comment restated under its caption with the answer under it, closing,
signature), without the drafting placeholders, every text escaped."""

from __future__ import annotations

import html

from reviewdesk.services.drafting.model import ResponseLetter
from reviewdesk.services.drafting.wording import ADDRESS, STREET, long_date, opening, re_lines

CLOSING = "Please direct any questions regarding this letter to the undersigned."


def response_html(letter: ResponseLetter, signer: str) -> str:
    """The response letter as a standalone HTML page, signed by `signer` for the company."""
    e = html.escape
    company = letter.company or "The Company"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(company)}: response of {e(long_date(letter.date))}</title>",
        "</head><body>",
        f"<p><b>{e(company)}</b></p>",
        f"<p>{e(long_date(letter.date))}</p>",
        "<p><b>VIA EDGAR</b></p>",
    ]
    address = [*ADDRESS, *([letter.office] if letter.office else []), *STREET]
    out.append("<p>" + "<br>".join(e(line) for line in address) + "</p>")
    if letter.contacts:
        out.append(f"<p>Attention: {e(', '.join(letter.contacts))}</p>")
    lines = re_lines(letter.company, letter.filings)
    out.append(f"<p>Re: {e(lines[0])}<br>" + "<br>".join(e(x) for x in lines[1:]) + "</p>")
    out.append("<p>Ladies and Gentlemen:</p>")
    out.append(
        f"<p>{e(opening(letter.company, letter.staff_letter_date, len(letter.filings)))}</p>"
    )
    previous: str | None = None
    for item in letter.items:
        if item.caption and item.caption != previous:
            out.append(f"<p><b><u>{e(item.caption)}</u></b></p>")
        previous = item.caption or previous
        number = f"{item.number}. " if item.number is not None else ""
        out.append(f"<p><b>{e(number + item.comment)}</b></p>")
        out.append(f"<p><b>Response:</b> {e(item.answer or '')}</p>")
    out.append(f"<p>{e(CLOSING)}</p>")
    out.append("<p>Sincerely,</p>")
    out.append(f"<p>{e(signer)}<br>{e(company)}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"

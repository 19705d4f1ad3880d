"""The documents layer keeps the layout signals the parser needs and drops running headers.

Every document here is fictional and written for the test.
"""

from __future__ import annotations

from reviewdesk.documents import read_bytes
from reviewdesk.letters import parse_bytes
from reviewdesk.record.reading import self_description
from tests.fictional_pdf import make_pdf

FICTIONAL_HTML = """<html><body>
<p style="text-align:right">March 3, 2025</p>
<p><b>Re: Fictional Widgets Inc.</b></p>
<p><b>1. Please tell us</b> about <i>widgets</i> and <u>gadgets</u>.</p>
<p style="font-weight:bold">Response:</p>
<p><span style="font: italic 10pt Arial">We have revised page 4.</span></p>
<table><tr><td>Revenue</td><td>$ 10</td><td>$ 12</td></tr></table>
<script>alert("never read")</script>
<p style="display:none">hidden text</p>
<p>&ldquo;Quoted&rdquo; &amp; caf&eacute;</p>
<hr style="page-break-after:always">
<p>Page 2 of 2</p>
</body></html>"""


def test_html_keeps_paragraphs_in_order_with_their_styles() -> None:
    document = read_bytes(FICTIONAL_HTML.encode(), "fictional.htm")
    texts = [line.text for line in document.lines]
    assert texts == [
        "March 3, 2025",
        "Re: Fictional Widgets Inc.",
        "1. Please tell us about widgets and gadgets.",
        "Response:",
        "We have revised page 4.",
        "Revenue $ 10 $ 12",
        "“Quoted” & café",
    ]
    lines = document.lines
    assert lines[1].bold and not lines[2].bold
    assert lines[2].leading_emphasis() == "1. Please tell us"
    assert [(run.text, run.bold, run.italic, run.underline) for run in lines[2].runs] == [
        ("1. Please tell us", True, False, False),
        (" about ", False, False, False),
        ("widgets", False, True, False),
        (" and ", False, False, False),
        ("gadgets", False, False, True),
        (".", False, False, False),
    ]
    assert lines[3].bold and lines[4].italic


def test_html_without_a_charset_is_read_as_utf8() -> None:
    document = read_bytes("<p>“Fictional” — résumé</p>".encode(), "plain.htm")
    assert document.text == "“Fictional” — résumé"


def test_pdf_lines_carry_bold_and_paragraph_gaps_and_lose_running_headers() -> None:
    pdf = make_pdf(
        [
            [
                "March 3, 2025",
                "",
                "**Re: Fictional Widgets Inc.",
                "",
                "1. Please tell us about the",
            ],
            [
                "Jane Roe",
                "Fictional Widgets Inc.",
                "March 3, 2025",
                "Page 2",
                "",
                "widgets you sell.",
                "",
                "Sincerely,",
            ],
        ]
    )
    document = read_bytes(pdf, "fictional.pdf")
    assert [(line.page, line.text) for line in document.lines] == [
        (1, "March 3, 2025"),
        (1, "Re: Fictional Widgets Inc."),
        (1, "1. Please tell us about the"),
        (2, "widgets you sell."),
        (2, "Sincerely,"),
    ]
    assert [line.bold for line in document.lines] == [False, True, False, False, False]
    assert document.lines[2].gap_before > 1.0
    assert document.pages == 2


def test_text_letters_drop_a_one_line_running_header() -> None:
    text = (
        "March 3, 2025\n\nRe: Fictional Widgets Inc.\n\n1. Please tell us about the\n\n"
        "Jane Roe Fictional Widgets Inc. March 3, 2025 Page 2\n\nwidgets you sell.\n"
    )
    document = read_bytes(text.encode(), "fictional.txt")
    assert [(line.page, line.text) for line in document.lines] == [
        (1, "March 3, 2025"),
        (1, "Re: Fictional Widgets Inc."),
        (1, "1. Please tell us about the"),
        (2, "widgets you sell."),
    ]


FICTIONAL_SUBMISSION = b"""<SEC-DOCUMENT>0009999999-25-000042.txt : 20250303
<SEC-HEADER>0009999999-25-000042.hdr.sgml : 20250303
ACCESSION NUMBER:\t\t0009999999-25-000042
CONFORMED SUBMISSION TYPE:\tCORRESP
PUBLIC DOCUMENT COUNT:\t\t1
FILED AS OF DATE:\t\t20250303

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tFICTIONAL WIDGETS INC
\t\tCENTRAL INDEX KEY:\t\t\t0009999999
</SEC-HEADER>
<DOCUMENT>
<TYPE>CORRESP
<SEQUENCE>1
<FILENAME>filename1.htm
<TEXT>
<html><body><p>March 3, 2025</p><p>Re: Fictional Widgets Inc.</p></body></html>
</TEXT>
</DOCUMENT>
</SEC-DOCUMENT>
"""


def test_an_edgar_full_submission_gives_its_header_and_its_letter() -> None:
    document = read_bytes(FICTIONAL_SUBMISSION, "0009999999-25-000042.txt")
    header = document.header
    assert (header.accession, header.cik, header.company, header.form, header.filed) == (
        "0009999999-25-000042",
        "0009999999",
        "FICTIONAL WIDGETS INC",
        "CORRESP",
        "2025-03-03",
    )
    assert document.media_type == "text/html"
    assert [line.text for line in document.lines] == ["March 3, 2025", "Re: Fictional Widgets Inc."]


def test_a_header_accession_is_reported_as_written_and_judged_by_the_letters_identifiers() -> None:
    damaged = FICTIONAL_SUBMISSION.replace(
        b"ACCESSION NUMBER:\t\t0009999999-25-000042", b"ACCESSION NUMBER:\t\t0009999999-25-42"
    )
    source = "0009999999-25-000077.txt"
    assert read_bytes(damaged, source).header.accession == "0009999999-25-42"
    assert parse_bytes(damaged, source).accession == "0009999999-25-000077"
    assert self_description(damaged, source).accession == "0009999999-25-000077"
    assert self_description(FICTIONAL_SUBMISSION, source).accession == "0009999999-25-000042"


def test_an_edgar_submission_can_carry_a_uuencoded_pdf() -> None:
    import binascii

    pdf = make_pdf([["Fictional staff letter."]])
    encoded = b"".join(binascii.b2a_uu(pdf[i : i + 45]) for i in range(0, len(pdf), 45))
    submission = (
        b"<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: 0000000000-25-000007\n"
        b"CONFORMED SUBMISSION TYPE: UPLOAD\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>UPLOAD\n"
        b"<FILENAME>filename1.pdf\n<TEXT>\nbegin 644 filename1.pdf\n" + encoded + b"`\nend\n"
        b"</TEXT>\n</DOCUMENT>\n"
    )
    document = read_bytes(submission, "0000000000-25-000007.txt")
    assert document.media_type == "application/pdf"
    assert document.header.form == "UPLOAD"
    assert document.text == "Fictional staff letter."

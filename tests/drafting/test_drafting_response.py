"""Response letters drafted from real staff letters (../shared/corpus): every comment number and
text in order in the DOCX itself (and in LibreOffice's PDF of it), the addressee, the Re:
block, the due date, and the acknowledgement for the 2009 seed letter.

The parser is improved concurrently, so the DOCX is compared to the parsed Letter's own
comments, not to hard-coded readings. Restated comments are compared with whitespace runs
made single spaces (a comment that crossed a page break is restated as one paragraph) and
straight quotes made typographic, as the DOCX writes every text.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.documents import read_path
from reviewdesk.letters import Comment, Contact, FilingRef, Letter, parse_document
from reviewdesk.services.drafting import (
    ACKNOWLEDGEMENTS,
    asks_acknowledgement,
    build_response,
    render_response_markdown,
    write_response_docx,
)
from reviewdesk.services.drafting.docx_writer import response_docx_bytes
from reviewdesk.services.drafting.typography import typographic
from reviewdesk.services.drafting.wording import re_lines

STAFF_LETTERS = [
    "0000000000-18-013671",
    "0000000000-21-003287",
    "0000000000-24-005934",
    "0000000000-24-005698",
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _restated(comment: Comment) -> str:
    number = f"{comment.number}. " if comment.number is not None else ""
    return typographic(_flat(number + comment.text))


def _read(path: Path) -> tuple[Letter, str]:
    document = read_path(path)
    return parse_document(document), document.text


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _in_order(haystack: list[str], needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        while position < len(haystack) and haystack[position] != needle:
            position += 1
        if position == len(haystack):
            return False
        position += 1
    return True


@pytest.mark.corpus
@pytest.mark.parametrize("accession", STAFF_LETTERS)
def test_docx_restates_every_comment_in_order_with_addressee_and_re_block(
    accession: str, corpus_doc, tmp_path: Path
) -> None:
    letter, text = _read(corpus_doc(accession))
    assert letter.comments, f"the parser reads no comments from {accession}"
    response = build_response(letter, acknowledgement=asks_acknowledgement(text))
    path = write_response_docx(response, tmp_path / "response.docx")
    paragraphs = _paragraphs(path)
    restated = [p for p in paragraphs if any(p == _restated(c) for c in letter.comments)]
    assert restated == [_restated(c) for c in letter.comments]
    responses = [p for p in paragraphs if p.startswith("Response: ")]
    assert responses == [
        f"Response: [Company response to comment {c.number}]" for c in letter.comments
    ]
    addressee = next(
        p for p in paragraphs if p.startswith("U.S. Securities and Exchange Commission")
    )
    assert addressee.split("\n") == [
        "U.S. Securities and Exchange Commission",
        "Division of Corporation Finance",
        letter.office or "[Office of the Division of Corporation Finance]",
        "100 F Street, N.E.",
        "Washington, D.C. 20549",
    ]
    attention = next(p for p in paragraphs if p.startswith("Attention: "))
    assert attention == "Attention: " + ", ".join(c.name for c in letter.contacts)
    re_block = next(p for p in paragraphs if p.startswith("Re:\t"))
    assert re_block[len("Re:\t") :].split("\n") == re_lines(letter.company, letter.filings)
    assert "VIA EDGAR" in paragraphs
    assert not any(statement in paragraphs for statement in ACKNOWLEDGEMENTS)


@pytest.mark.corpus
def test_due_date_is_ten_federal_business_days_after_the_staff_letter(
    corpus_doc, tmp_path: Path
) -> None:
    letter, _ = _read(corpus_doc("0000000000-18-013671"))
    assert letter.date == "2018-05-02"  # a Wednesday; no federal holiday in the next two weeks
    response = build_response(letter)

    assert response.due == dt.date(2018, 5, 16)
    path = write_response_docx(response, tmp_path / "r.docx")
    assert docx.Document(str(path)).core_properties.comments.startswith(
        f"Response due {response.due.isoformat()}"
    )


def test_due_date_skips_weekends_and_federal_holidays() -> None:
    letter = Letter(source="fictional", date="2023-12-20", comments=[Comment(1, None, None, "x")])
    response = build_response(letter, today=dt.date(2023, 12, 21))
    assert response.due == dt.date(2024, 1, 5)
    assert response.days_left(dt.date(2023, 12, 21)) == 15


@pytest.mark.corpus
def test_seed_letter_asks_for_and_gets_the_acknowledgement(
    tmp_path: Path, seed_letter: Path
) -> None:
    letter, text = _read(seed_letter)
    assert asks_acknowledgement(text)
    response = build_response(letter, acknowledgement=asks_acknowledgement(text))
    paragraphs = _paragraphs(write_response_docx(response, tmp_path / "seed.docx"))
    lead = "In connection with responding to the Staff’s comments, the Company acknowledges that:"
    at = paragraphs.index(lead)
    assert paragraphs[at + 1 : at + 4] == list(ACKNOWLEDGEMENTS)
    assert paragraphs[at + 1] == (
        "the Company is responsible for the adequacy and accuracy of the disclosure in the filing;"
    )
    assert at > max(i for i, p in enumerate(paragraphs) if p.startswith("Response: "))
    restated = [p for p in paragraphs if any(p == _restated(c) for c in letter.comments)]
    assert restated == [_restated(c) for c in letter.comments]


@pytest.mark.corpus
def test_post_2016_letter_does_not_ask_for_the_acknowledgement(corpus_doc) -> None:
    _, text = _read(corpus_doc("0000000000-21-003287"))
    assert not asks_acknowledgement(text)


def _fictional() -> Letter:
    return Letter(
        source="fictional.txt",
        role="staff",
        kind="comments",
        date="2012-03-01",
        company="Fictional Widgets <Holdings> & Co.",
        filings=[
            FilingRef("10-K", None, "2011-12-31", "2012-02-15", "001-99999"),
            FilingRef("10-Q", 1, "2011-09-30", "2011-11-10", "001-99999"),
        ],
        contacts=[Contact("Pat Example", "202-555-0100")],
        office="Office of Manufacturing",
        comments=[
            Comment(1, "Risk Factors", "12", "Please revise *this* [risk] factor."),
            Comment(2, "Risk Factors", "12", "Tell us about <b>tariffs</b>."),
            Comment(3, None, None, "Confirm you will file the exhibit."),
        ],
    )


def test_answers_given_by_number_replace_the_placeholders(tmp_path: Path) -> None:
    response = build_response(
        _fictional(), {2: "We have revised page 13."}, today=dt.date(2012, 3, 9)
    )
    paragraphs = _paragraphs(write_response_docx(response, tmp_path / "f.docx"))
    assert [p for p in paragraphs if p.startswith("Response: ")] == [
        "Response: [Company response to comment 1]",
        "Response: We have revised page 13.",
        "Response: [Company response to comment 3]",
    ]
    assert paragraphs.count("Risk Factors, page 12") == 1
    re_block = next(p for p in paragraphs if p.startswith("Re:\t"))
    assert re_block.split("\n") == [
        "Re:\tFictional Widgets <Holdings> & Co.",
        "Form 10-K for the Fiscal Year Ended December 31, 2011",
        "Filed February 15, 2012",
        "Amendment No. 1 to Form 10-Q for the Quarterly Period Ended September 30, 2011",
        "Filed November 10, 2011",
        "File No. 001-99999",
    ]
    assert "March 9, 2012" in paragraphs
    assert any("letter dated March 1, 2012" in p for p in paragraphs)


def test_markdown_escapes_letter_text() -> None:
    page = render_response_markdown(build_response(_fictional()))
    assert "<b>" not in page and "<Holdings>" not in page
    assert r"**2\. Tell us about \<b\>tariffs\</b\>.**" in page
    assert r"Please revise \*this\* \[risk\] factor." in page
    assert "**Response:** [Company response to comment 1]" in page
    assert r"Fictional Widgets \<Holdings\> & Co." in page
    assert "&amp;" not in page


def test_markdown_keeps_character_references_as_text() -> None:
    from reviewdesk.services.drafting.markdown_writer import escape

    assert escape("Procter & Gamble") == "Procter & Gamble"
    assert escape("&lt;script&gt; &#60;") == "&amp;lt;script&amp;gt; &amp;#60;"


@pytest.mark.corpus
def test_draft_response_command_reads_a_stored_letter_by_id(
    tmp_path: Path, seed_letter: Path
) -> None:
    from reviewdesk.pipeline import ingest_bytes
    from reviewdesk.record import open_store

    db = tmp_path / "record.sqlite"
    store = open_store(str(db))
    outcome = ingest_bytes(store, seed_letter.read_bytes(), source=seed_letter.name)
    store.close()
    _register()
    out = tmp_path / "draft.md"
    result = CliRunner().invoke(
        app, ["draft-response", str(outcome.letter_id), "--db", str(db), "-f", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "acknowledgement included" in result.output
    letter, _ = _read(seed_letter)
    page = out.read_text(encoding="utf-8")
    positions = [page.index(f"**{c.number}\\. ") for c in letter.comments]
    assert positions == sorted(positions) and len(positions) == len(letter.comments)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("accession", "says"),
    [
        ("0000797468-16-000028", "is a company letter (response), not a staff comment letter"),
        ("0000000000-16-061387", "is a staff completion with no numbered comments to answer"),
    ],
)
def test_draft_response_refuses_a_letter_that_has_no_comments_to_answer(
    corpus_doc, tmp_path: Path, accession: str, says: str
) -> None:
    _register()
    path = corpus_doc(accession)
    result = CliRunner().invoke(app, ["draft-response", str(path), "-o", str(tmp_path / "d.md")])
    assert result.exit_code == 2
    assert f"{path} {says}" in " ".join(result.output.split())
    assert not (tmp_path / "d.md").exists()


def test_draft_response_command_names_an_unknown_letter(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(
        app, ["draft-response", "0000000000-99-999999", "--db", str(tmp_path / "r.sqlite")]
    )
    assert result.exit_code == 2
    assert "0000000000-99-999999: no letter with this id or accession" in result.output


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(
    LIBREOFFICE is None,
    reason="libreoffice is not installed (apt-get install libreoffice-writer-nogui)",
)
@pytest.mark.parametrize("accession", ["0000000000-21-003287", "0000000000-24-005934"])
def test_libreoffice_opens_the_docx_and_its_pdf_has_every_comment_in_order(
    accession: str, corpus_doc, tmp_path: Path
) -> None:
    import pypdfium2

    letter, _ = _read(corpus_doc(accession))
    assert letter.comments, f"the parser reads no comments from {accession}"
    path = write_response_docx(build_response(letter), tmp_path / "response.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = pypdfium2.PdfDocument(str(tmp_path / "response.pdf"))
    pages = ["".join(page.get_textpage().get_text_range().split()) for page in pdf]
    pdf.close()
    # Each page after the first opens with the running head, numbered by its PAGE field.
    head = "".join(f"{letter.company}Response to Staff Comments".split())
    assert len(pages) > 2 and not pages[0].startswith(head)
    for number, page_text in enumerate(pages[1:], 2):
        assert page_text.startswith(f"{head}Page{number}"), page_text[:80]
    # Line wrapping adds breaks (even inside "10(e)(1)") and pdfium marks a hyphen at a line
    # end as U+FFFE: compare without whitespace or running heads, that mark read as a hyphen.
    raw = pages[0] + "".join(
        text[len(f"{head}Page{number}") :] for number, text in enumerate(pages[1:], 2)
    )
    pdf_text = raw.replace("\ufffe", "-")
    position = 0
    for comment in letter.comments:
        found = pdf_text.find("".join(_restated(comment).split()), position)
        assert found >= 0, f"comment {comment.number} missing or out of order in the PDF"
        position = found + 1
    assert "U.S.SecuritiesandExchangeCommissionDivisionofCorporationFinance" in pdf_text


def test_typographic_quotes_and_apostrophes() -> None:
    assert typographic("""the "Company" and the Staff's 'view' in the '90s ("Rule 3-05")""") == (
        "the \u201cCompany\u201d and the Staff\u2019s \u2018view\u2019 in the \u201990s "
        "(\u201cRule 3-05\u201d)"
    )
    assert typographic("\"Quoted.\" It's done'") == "\u201cQuoted.\u201d It\u2019s done\u2019"
    assert typographic("[Name]") == "[Name]"


@pytest.mark.corpus
def test_docx_draft_writes_typographic_quotes_in_its_wording_and_the_restated_comments(
    corpus_doc,
) -> None:
    letter, _ = _read(corpus_doc("0000000000-24-005934"))
    response = build_response(
        letter, {1: "We will say 'adjusted' instead."}, today=dt.date(2024, 3, 1)
    )
    paragraphs = [
        p.text for p in docx.Document(io.BytesIO(response_docx_bytes(response))).paragraphs
    ]
    assert not [p for p in paragraphs if '"' in p or "'" in p]
    opening = next(p for p in paragraphs if p.startswith("On behalf of"))
    assert opening == (
        "On behalf of Archer-Daniels-Midland Co (the \u201cCompany\u201d), we are responding to "
        "the comments of the staff (the \u201cStaff\u201d) of the Division of Corporation Finance "
        "of the U.S. Securities and Exchange Commission (the \u201cCommission\u201d) contained in "
        "the Staff\u2019s letter dated May 22, 2024 "
        "(the \u201cComment Letter\u201d) regarding the above-referenced filings. For the "
        "Staff\u2019s convenience, each comment is restated below in bold type under the caption "
        "it appears under in the Comment Letter, followed by the Company\u2019s response."
    )
    first = next(p for p in paragraphs if p.startswith("1. "))
    assert "of the SEC\u2019s Compliance & Disclosure Int" in first
    assert "Response: We will say \u2018adjusted\u2019 instead." in paragraphs


@pytest.mark.corpus
def test_docx_draft_has_a_running_head_from_page_two(corpus_doc) -> None:
    letter, _ = _read(corpus_doc("0000000000-22-009320"))
    document = docx.Document(io.BytesIO(response_docx_bytes(build_response(letter))))
    section = document.sections[0]
    assert section.different_first_page_header_footer is True
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    assert [p.text for p in section.header.paragraphs] == [
        "ONEOK, Inc.",
        "Response to Staff Comments",
        "Page 2",
    ]
    page = section.header.paragraphs[2]._p
    fields = [
        e.get(docx.oxml.ns.qn("w:fldCharType")) for e in page.iter(docx.oxml.ns.qn("w:fldChar"))
    ]
    assert fields == ["begin", "separate", "end"]
    assert [e.text for e in page.iter(docx.oxml.ns.qn("w:instrText"))] == [" PAGE "]


def test_docx_draft_is_signed_by_the_signer_when_known(tmp_path: Path) -> None:
    unsigned = build_response(_fictional(), today=dt.date(2012, 3, 9))
    signed = build_response(_fictional(), today=dt.date(2012, 3, 9), signer=" Cora  Lind ")
    assert _paragraphs(write_response_docx(unsigned, tmp_path / "u.docx"))[-1] == (
        "Sincerely,\n\n[Name]\n[Title]\nFictional Widgets <Holdings> & Co."
    )
    assert _paragraphs(write_response_docx(signed, tmp_path / "s.docx"))[-1] == (
        "Sincerely,\n\nCora Lind\n[Title]\nFictional Widgets <Holdings> & Co."
    )
    assert render_response_markdown(signed).endswith(
        "Sincerely,  \n  \nCora Lind  \n[Title]  \nFictional Widgets \\<Holdings\\> & Co.\n"
    )

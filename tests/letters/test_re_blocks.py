"""The Re: block: the registrant however it is introduced, EDGAR's form codes for proxy
filings, and exhibit captions. Letters named by accession are real corpus letters; the text
letters here are fictional and written for the test."""

from __future__ import annotations

import pytest

from reviewdesk.documents import SubmissionHeader, read_path
from reviewdesk.letters import parse_bytes, parse_path
from reviewdesk.letters.forms import EDGAR_FORM_TYPES
from reviewdesk.letters.reblock import find_re_block, read_re_block
from tests.conftest import DOCS, shared


def _filings(letter_filings: list) -> list[tuple[str | None, str | None, str | None]]:
    return [(f.form, f.filed, f.file_number) for f in letter_filings]


def test_soliciting_material_of_a_shareholder_is_about_the_registrant_named(corpus_doc) -> None:
    """Addressed to the filer, whose name heads the Re: block; the company reviewed is the one
    whose shareholders are solicited."""
    letter = parse_path(corpus_doc("0000000000-24-002292"))
    assert letter.company == "Crown Castle Inc."
    assert _filings(letter.filings) == [("DFAN14A", "2024-02-28", "001-16441")]


def test_two_codes_filed_together_are_two_filings_of_the_registrant_named(corpus_doc) -> None:
    """ "Boots Capital Management, LLC / Crown Castle Inc. / PREC14A and DFAN14A Filed March
    28, 2024 / Filed By Boots Parallel 1, LP et al.": the filer's two filings, one date."""
    letter = parse_path(corpus_doc("0000000000-24-003703"))
    assert letter.company == "Crown Castle Inc."
    assert _filings(letter.filings) == [
        ("PREC14A", "2024-03-28", "001-16441"),
        ("DFAN14A", "2024-03-28", "001-16441"),
    ]


def test_dfan14a_filed_on_schedule_14a_is_one_filing_not_also_def_14a(corpus_doc) -> None:
    letter = parse_path(corpus_doc("0000000000-19-015418"))
    assert letter.company == "Occidental Petroleum Corporation"
    assert _filings(letter.filings) == [("DFAN14A", "2019-11-08", "001-09210")]


def test_a_shareholders_preliminary_proxy_statement_is_prec14a(corpus_doc) -> None:
    letter = parse_path(corpus_doc("0000000000-22-002848"))
    assert letter.company == "Ventas, Inc."
    assert _filings(letter.filings) == [("PREC14A", "2022-03-07", "001-10989")]


def test_an_acceleration_request_names_the_registrant_in_its_subject(corpus_doc) -> None:
    letter = parse_path(corpus_doc("0001140361-19-003172"))
    assert letter.kind == "acceleration_request"
    assert letter.company == "Harris Corporation"
    assert _filings(letter.filings) == [("S-4", None, "333-228829")]


def test_a_re_block_without_a_company_takes_it_from_edgar_never_from_a_signer(corpus_doc) -> None:
    """ "Re: Comment letter dated March 31, 2016": no company line; the letter is signed by
    the company's officer, whose name must not stand in for the registrant."""
    path = corpus_doc("0000885725-16-000030")
    assert parse_path(path).company is None
    known = SubmissionHeader(company="BOSTON SCIENTIFIC CORP", form="CORRESP")
    letter = parse_path(path, header=known)
    assert letter.company == "BOSTON SCIENTIFIC CORP"
    assert _filings(letter.filings) == [("10-K", "2016-02-24", "001-11083")]


FICTIONAL_STAFF_LETTER = """March 3, 2025

John Doe
Chief Executive Officer
Fictional Widgets Inc.

{re_block}

Dear Mr. Doe:

We have reviewed your filing and have the following comment.

{caption}

1. Please tell us why adjusted widgets exclude gadgets.

We remind you that the company is responsible for the accuracy of its disclosures.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


@pytest.mark.parametrize(
    ("re_block", "company", "filings"),
    [
        (
            "Regarding Fictional Widgets Inc.\nForm 10-K for the Fiscal Year Ended December 31, "
            "2024\nFile No. 001-99999",
            "Fictional Widgets Inc.",
            [("10-K", None, "001-99999")],
        ),
        (
            "Re: Draft Registration Statement on Form S-1\nSubmitted February 3, 2025 to "
            "Fictional Widgets Inc.\nCIK No. 0009999999",
            "Fictional Widgets Inc.",
            [("S-1", "2025-02-03", None)],
        ),
        (
            "Re: Fictional Widgets Inc.\nPREM14A Preliminary Proxy Statement on Schedule 14A\n"
            "Filed February 3, 2025\nFile No. 001-99999",
            "Fictional Widgets Inc.",
            [("PREM14A", "2025-02-03", "001-99999")],
        ),
        (
            "Re: Fictional Widgets Inc.\nPreliminary Proxy Statement on Schedule 14A relating to "
            "the proposed merger\nFiled February 3, 2025\nFile No. 001-99999",
            "Fictional Widgets Inc.",
            [("PREM14A", "2025-02-03", "001-99999")],
        ),
        (
            "Re: Imaginary Workers Union\nFictional Widgets Inc.\nAdditional Soliciting "
            "Materials\nFiled February 3, 2025 by Imaginary Workers Union\nFile No. 001-99999",
            "Fictional Widgets Inc.",
            [("DFAN14A", "2025-02-03", "001-99999")],
        ),
        (
            "Re: Fictional Widgets Inc.\nNotice of Exempt Solicitation pursuant to Rule 14a-6(g)\n"
            "Submitted February 3, 2025 by Imaginary Pension Fund\nFile No. 001-99999",
            "Fictional Widgets Inc.",
            [("PX14A6G", "2025-02-03", "001-99999")],
        ),
    ],
)
def test_fictional_re_blocks_name_the_registrant_and_edgar_codes(
    re_block: str, company: str, filings: list[tuple[str | None, str | None, str | None]]
) -> None:
    text = FICTIONAL_STAFF_LETTER.format(re_block=re_block, caption="General")
    letter = parse_bytes(text.encode(), "fictional.txt")
    assert letter.role == "staff" and letter.kind == "comments"
    assert letter.company == company
    assert _filings(letter.filings) == filings


@pytest.mark.parametrize(
    "caption",
    [
        "Form 8-K Filed February 1, 2025 Exhibit 99.1",
        "Form 8-K Filed February 1, 2025, Exhibit 99.1",
        "Form 8-K Filed February 1, 2025\nExhibit 99.1",
    ],
)
def test_an_exhibit_caption_keeps_its_number_and_has_no_page(caption: str) -> None:
    re_block = "Re: Fictional Widgets Inc.\nForm 8-K Filed February 1, 2025\nFile No. 001-99999"
    text = FICTIONAL_STAFF_LETTER.format(re_block=re_block, caption=caption)
    letter = parse_bytes(text.encode(), "fictional.txt")
    assert [(c.number, c.heading, c.page) for c in letter.comments] == [(1, "Exhibit 99.1", None)]


def test_two_descriptions_of_one_proxy_filing_make_one_filing() -> None:
    block = read_re_block(
        ["Fictional Widgets Inc.", "Preliminary Proxy Statement on Schedule 14A", "PREM14A"]
    )
    assert [f.form for f in block.filings] == ["PREM14A"]


@pytest.mark.slow
def test_every_form_code_of_the_corpus_re_blocks_is_an_edgar_form_type() -> None:
    codes: dict[str, str] = {}
    for path in sorted(shared(DOCS).iterdir()):
        for filing in find_re_block(read_path(path).lines).filings:
            codes.setdefault(str(filing.form), path.name)
    assert len(codes) >= 15
    assert {code: name for code, name in codes.items() if code not in EDGAR_FORM_TYPES} == {}

"""The pieces of a reading, on fictional text: dates, form codes, Re: blocks, captions,
contacts and signatures."""

from __future__ import annotations

import pytest

from reviewdesk.letters.captions import split_page
from reviewdesk.letters.closing import read_contacts, read_signature
from reviewdesk.letters.dates import first_date, is_date_line
from reviewdesk.letters.forms import amendment_number, form_code, period_of
from reviewdesk.letters.model import Contact, FilingRef
from reviewdesk.letters.reblock import read_re_block


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 8, 2009", "2009-04-08"),
        ("Sept. 3, 2021", "2021-09-03"),
        ("8 April 2009", "2009-04-08"),
        ("February 30, 2020", None),
        ("Filed on December 1 , 2022", "2022-12-01"),
    ],
)
def test_dates_as_letters_print_them(text: str, iso: str | None) -> None:
    assert first_date(text) == iso


def test_a_date_line_is_a_date_and_nothing_else() -> None:
    assert is_date_line("  March 3, 2025 ")
    assert not is_date_line("We received your letter of March 3, 2025.")


@pytest.mark.parametrize(
    ("text", "code", "amendment", "period"),
    [
        ("Form 10-K for the Fiscal Year Ended December 31, 2023", "10-K", None, "2023-12-31"),
        ("Form 10-Q for the quarterly period ended March 31, 2018", "10-Q", None, "2018-03-31"),
        ("Amendment No. 2 to Registration Statement on Form S-4", "S-4", 2, None),
        ("Form 10-K/A for Fiscal Year Ended May 27, 2018", "10-K", 1, "2018-05-27"),
        ("Preliminary Proxy Statement on Schedule 14A", "PRE 14A", None, None),
        ("Definitive Proxy Statement on Schedule 14A", "DEF 14A", None, None),
        ("PREC14A Preliminary Revocation Solicitation Statement", "PREC14A", None, None),
        ("Schedule TO-I/A", "SC TO-I", 1, None),
        ("Registration Statement on Form 10-12B", "10-12B", None, None),
        ("Form 20-F for the Fiscal Year Ended December 31, 2022", "20-F", None, "2022-12-31"),
    ],
)
def test_filing_descriptions_become_edgar_form_codes(
    text: str, code: str, amendment: int | None, period: str | None
) -> None:
    assert (form_code(text), amendment_number(text), period_of(text)) == (code, amendment, period)


def test_a_re_block_with_two_registrants_repeats_the_filing_per_file_number() -> None:
    block = read_re_block(
        [
            "Fictional Pipelines, Inc.",
            "Form 10-K for the year ended December 31, 2024",
            "Filed February 25, 2025",
            "File No. 001-99901",
            "Fictional Pipelines Partners, L.P.",
            "Form 10-K for the year ended December 31, 2024",
            "Filed February 25, 2025",
            "File No. 001-99902",
        ]
    )
    assert block.company == "Fictional Pipelines, Inc."
    assert block.filings == [
        FilingRef("10-K", None, "2024-12-31", "2025-02-25", "001-99901"),
        FilingRef("10-K", None, "2024-12-31", "2025-02-25", "001-99902"),
    ]


def test_a_one_line_re_block_is_split_into_its_parts() -> None:
    block = read_re_block(
        ["Fictional Beverage Corporation Schedule TO-I/A Filed May 16, 2025 File No. 005-99999"]
    )
    assert block.company == "Fictional Beverage Corporation"
    assert block.filings == [FilingRef("SC TO-I", 1, None, "2025-05-16", "005-99999")]


def test_filed_dates_given_respectively_go_to_their_filings() -> None:
    block = read_re_block(
        [
            "Fictional Resorts Corp.",
            "Form 10-K for the fiscal year ended December 31, 2024",
            "Form 10-Q for the quarterly period ended March 31, 2025",
            "Filed February 23, 2025 and April 27, 2025, respectively",
            "File No. 1-99999",
        ]
    )
    assert [(f.form, f.filed, f.file_number) for f in block.filings] == [
        ("10-K", "2025-02-23", "1-99999"),
        ("10-Q", "2025-04-27", "1-99999"),
    ]


def test_a_response_date_in_the_re_block_is_not_a_filing() -> None:
    block = read_re_block(
        ["Fictional Widgets Inc.", "Form 8-K Dated July 27, 2025", "Response dated October 7, 2025"]
    )
    assert block.filings == [FilingRef("8-K", None, None, None, None)]


@pytest.mark.parametrize(
    ("caption", "heading", "page"),
    [
        ("General, page 77", "General", "77"),
        ("Questions and Answers, page iv", "Questions and Answers", "iv"),
        (
            "Notes to Financial Statements, pages F-12 and F-13",
            "Notes to Financial Statements",
            "F-12 and F-13",
        ),
        ("Net Transactions Revenues , page 33", "Net Transactions Revenues", "33"),
        ("Risk Factors", "Risk Factors", None),
    ],
)
def test_a_caption_splits_into_heading_and_page(
    caption: str, heading: str, page: str | None
) -> None:
    assert split_page(caption) == (heading, page)


def test_contacts_are_named_with_their_numbers_and_me_is_the_signatory() -> None:
    text = (
        "You may contact Jane Q. Roe, Staff Accountant, at (202) 551-0001 or John Doe "
        "(Branch Chief) at 202-551-0002 if you have questions regarding comments on the "
        "financial statements. Please contact Staff Attorneys Mary Major at (202) 551-0003 "
        "or me at (202) 551-0004 with any other questions."
    )
    assert read_contacts(text, "Rick Roe") == [
        Contact("Jane Q. Roe", "202-551-0001"),
        Contact("John Doe", "202-551-0002"),
        Contact("Mary Major", "202-551-0003"),
        Contact("Rick Roe", "202-551-0004"),
    ]


def test_a_signature_block_gives_the_signer_and_the_office() -> None:
    assert read_signature(
        [
            "/s/ John Doe for",
            "Rick Roe",
            "Assistant Director",
            "Office of Fictional Real Estate &",
            "Construction",
        ]
    ) == ("Rick Roe", "Office of Fictional Real Estate & Construction")
    assert read_signature(["Division of Corporation Finance", "Office of Technology"]) == (
        None,
        "Office of Technology",
    )
    assert read_signature(["Jeffrey Q. Fictional Assistant Director"]) == (
        "Jeffrey Q. Fictional",
        None,
    )

"""The authorities comments cite, read into the normal forms of TOPICS.md: on real staff
comments of different years and kinds, and on fictional sentences for the grammar's corners."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reviewdesk.letters import parse_path
from reviewdesk.letters.cites import cite_url, read_cites


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("accession", "number", "cites"),
    [
        (
            "0000000000-16-068040",
            1,
            ["S-K Item 303(a)(3)", "FRC 501.12.b.3", "FRC 501.12.b.4"],
        ),
        (
            "0000000000-16-088191",
            7,
            ["Form 8-K Item 2.02", "C&DI 100.01", "S-K Item 10(e)(1)(i)(B)", "C&DI 102.10"],
        ),
        ("0000000000-17-029248", 2, ["ASC 606-10-50-5", "ASC 606-10-55-89", "ASC 606-10-55-91"]),
        ("0000000000-18-013671", 2, ["Rule 13e-4(f)(5)", "Rule 14e-1(b)", "Release 34-43069"]),
        ("0000000000-19-013211", 2, ["Exchange Act Section 27", "Securities Act Section 22"]),
        (
            "0000000000-21-005831",
            4,
            ["S-K Item 303(c)", "S-K Item 303(b)(2)(i)", "S-K Item 303(b)(2)(iii)"],
        ),
        ("0000000000-22-005802", 1, ["Sample letter: China-based companies"]),
        ("0000000000-24-005934", 4, ["ASC 250-10-50-7", "SAB Topic 1.M", "SAB Topic 1.N"]),
        ("0000000000-24-009161", 1, ["S-K Item 402(v)(2)(vi)", "S-K Item 402(v)(6)"]),
        (
            "0000000000-24-010044",
            2,
            [
                "ASC 280-10-50-30(b)",
                "S-K Item 10(e)",
                "Regulation G",
                "ASC 280-10-50-30(a)",
                "ASC 280-10-50-30(c)",
                "ASC 280-10-50-30(d)",
            ],
        ),
    ],
)
def test_real_comments_cite_what_the_labeller_read(
    corpus_doc: Callable[[str], Path], accession: str, number: int, cites: list[str]
) -> None:
    letter = parse_path(corpus_doc(accession))
    comment = next(c for c in letter.comments if c.number == number)
    assert read_cites(comment.text) == cites


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        ("Refer to ASC 330-10-30-1 through 30-8.", ["ASC 330-10-30-1", "ASC 330-10-30-8"]),
        ("under ASC 470-50-40-6 through -12.", ["ASC 470-50-40-6", "ASC 470-50-40-12"]),
        (
            "See ASC 280-10- 50-40 and ASC 280-10-50-30b.",
            ["ASC 280-10-50-40", "ASC 280-10-50-30(b)"],
        ),
        ("guidance in Topic 606 and SAB Topic 11:B", ["ASC 606", "SAB Topic 11.B"]),
        ("paragraph 810-10-50-14(a) of the ASC", ["ASC 810-10-50-14(a)"]),
        ("Items 303(a) and (b) of Regulation S-K", ["S-K Item 303(a)", "S-K Item 303(b)"]),
        (
            "Rules 3-10(i) and 10-01(a)(4) of Regulation S-X",
            ["S-X Rule 3-10(i)", "S-X Rule 10-01(a)(4)"],
        ),
        ("Rule 100(b) of Regulation G", ["Regulation G Rule 100(b)"]),
        ("the information required by Item 1015(b)", ["Regulation M-A Item 1015(b)"]),
        ("Securities Act Rule 430A and Exchange Act Rule 12b-20", ["Rule 430A", "Rule 12b-20"]),
        ("Section 13(a) of the Exchange Act", ["Exchange Act Section 13(a)"]),
        ("Staff Accounting Bulletin No. 74 and SAB 99", ["SAB 74", "SAB 99"]),
        ("See Release Nos. 33-10890; 34-90459.", ["Release 33-10890", "Release 34-90459"]),
        ("CF Disclosure Guidance: Topic No. 9", ["CF Disclosure Guidance Topic 9"]),
        ("Section III.C.4 of Staff Legal Bulletin No. 19 (CF)", ["SLB 19"]),
        ("Refer to Item 102.11 of the non-GAAP C&DIs.", ["C&DI 102.11"]),
        ("PCAOB AS 3101, IFRS 15 and IAS 36", ["PCAOB AS 3101", "IFRS 15", "IAS 36"]),
        (
            "Item 4 of Form 20-F and Item 9.01 of Form 8-K",
            ["Form 20-F Item 4", "Form 8-K Item 9.01"],
        ),
    ],
)
def test_the_grammar_reads_lists_ranges_and_authorities(text: str, cites: list[str]) -> None:
    assert read_cites(text) == cites


@pytest.mark.parametrize(
    "text",
    [
        "As discussed in Note 4 of Item 8 of the Form 10-K for the year ended December 31, 2017.",
        "Please revise Item 7 of your Form 10-K to discuss the decline.",
        "In your related Rule 425 submission on May 30, you state that you will respond.",
        "We note your disclosure on page 42 under Item 1A, Risk Factors.",
        "Please call 202-551-3456 with any questions.",
    ],
)
def test_parts_of_the_filing_pages_and_filings_are_not_authorities(text: str) -> None:
    assert read_cites(text) == []


def test_citations_link_to_where_their_official_text_is_published() -> None:
    assert (
        cite_url("S-K Item 10(e)(1)(i)(A)")
        == "https://www.ecfr.gov/current/title-17/section-229.10"
    )
    assert cite_url("S-X Rule 3-05") == "https://www.ecfr.gov/current/title-17/section-210.3-05"
    assert cite_url("Rule 14a-9") == "https://www.ecfr.gov/current/title-17/section-240.14a-9"
    assert cite_url("Rule 430A") == "https://www.ecfr.gov/current/title-17/section-230.430A"
    assert cite_url("Exchange Act Section 27") is None

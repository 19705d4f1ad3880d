"""Hostile shapes from issue 15 that broke reading (built by tests/fuzz/shapes.py, never
committed): each is read, or refused with a clear error naming the document."""

from __future__ import annotations

import pytest

from reviewdesk.documents import DocumentError, read_bytes
from reviewdesk.letters import parse_bytes
from reviewdesk.letters.dates import find_dates
from tests.fuzz import shapes


def test_a_page_list_pointing_at_a_non_page_names_the_page() -> None:
    name, data = shapes.page_list_to_a_non_page()
    with pytest.raises(DocumentError) as refused:
        read_bytes(data, name)
    assert refused.value.reason == (
        "page 2 of 2 cannot be loaded (Failed to load page.); the PDF is damaged, "
        "save or print it to PDF again"
    )


def test_two_thousand_nested_document_wrappers_are_refused_not_recursed() -> None:
    name, data = shapes.nested_documents()
    reading = parse_bytes(data, name)
    assert reading.error == (
        "more than 8 nested <DOCUMENT> wrappers (a real submission has one or two); "
        "the file is damaged or crafted"
    )


def test_a_letter_inside_two_wrappers_is_still_read() -> None:
    name, data = shapes.nested_documents(0.001)
    reading = parse_bytes(data, name)
    assert reading.error is None
    assert [comment.number for comment in reading.comments] == [1]


def test_text_nested_1500_deep_is_read() -> None:
    name, data = shapes.deep_html()
    reading = parse_bytes(data, name)
    assert reading.error is None
    assert (reading.role, reading.company) == ("staff", "Fictional Corp.")
    assert [comment.text for comment in reading.comments] == ["Please revise your disclosure."]


def test_nesting_past_what_the_html_parser_keeps_is_refused() -> None:
    html = b"<html><body>" + b"<div>" * 2100 + b"<p>lost text</p>" + b"</div>" * 2100
    with pytest.raises(DocumentError) as refused:
        read_bytes(html, "deep.htm")
    assert refused.value.reason == (
        "elements are nested more than 2,000 deep; the HTML parser drops text nested deeper "
        "than about 2,048 levels, so it cannot be read whole; flatten the HTML"
    )


def test_a_text_node_over_10_mb_is_read_whole() -> None:
    name, data = shapes.huge_text_node()
    document = read_bytes(data, name)
    assert [line.text[:20] for line in document.lines] == ["Dear Sir:", "Please revise. Pleas"]
    assert len(document.lines[1].text) == len("Please revise. ") * 800_000 - 1


def test_every_date_of_a_long_run_of_dates_is_found() -> None:
    line = "On April 8, 2009 and 8 April 2009 and Sept. 3, 2021 we wrote. "
    found = find_dates(line * 20_000)
    assert len(found) == 60_000
    assert [iso for _s, _e, iso in found[:3]] == ["2009-04-08", "2009-04-08", "2021-09-03"]
    assert found[-1][0] == len(line) * 19_999 + line.index("Sept.")


def test_a_day_first_date_inside_a_month_first_one_is_not_found_twice() -> None:
    assert find_dates("March 5, 2010 and 5 March 2010") == [
        (0, 13, "2010-03-05"),
        (18, 30, "2010-03-05"),
    ]
    assert find_dates("On May 12 2010") == [(3, 14, "2010-05-12")]

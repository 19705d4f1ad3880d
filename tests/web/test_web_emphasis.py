"""Italics and underlines survive in the sanitised original and in the reading of an HTML
letter: Electronic Arts' 2019 response (0000712515-19-000115) underlines the disclosure it
proposes ("proposed new language is underlined") and sets captions in underlined italics and
game titles in italics, all as inline styles on <font> elements."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.documents import read_path
from reviewdesk.letters import parse_document
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import open_store, schema
from reviewdesk.web import create_app
from reviewdesk.web.emphasis import emphasised, styled_text
from reviewdesk.web.sanitise import document_html, sanitise_html
from tests.conftest import MANIFEST, thread_files

pytestmark = pytest.mark.corpus
EA = "0000712515-19-000115"
PROPOSED = (
    "(proposed new language is underlined):\n\nFor example, <u>extra content sales for</u> "
    "the <em>Ultimate Team</em> mode associated with our sports franchises"
)


def test_styled_emphasis_becomes_elements_before_styles_are_dropped() -> None:
    shown = sanitise_html(
        '<div style="text-align:justify"><font style="font-style:italic;'
        'text-decoration:underline;">Results of Operations, page 33</font> and '
        '<span style="font-weight:bold">bold <i>both</i></span>'
        '<span style="text-decoration:none">plain</span></div>'
    )
    assert shown == (
        '<div class="original-html"><div><font><i><u>Results of Operations, page 33</u></i>'
        "</font> and <span><b>bold <i>both</i></b></span><span>plain</span></div></div>"
    )


def test_the_sanitised_original_keeps_underlines_and_italics(corpus_doc) -> None:
    path: Path = corpus_doc(EA)
    shown = document_html(path.read_bytes(), path.name)
    assert "style=" not in shown
    assert "For example, </font><font><u>extra content sales for</u></font>" in shown
    assert "<font><i><u>Results of Operations, page 33</u></i></font>" in shown


def test_the_reading_of_the_answer_keeps_them(corpus_doc) -> None:
    document = read_path(corpus_doc(EA))
    letter = parse_document(document)
    first = letter.responses[0]
    assert first.number == 1
    shown = emphasised(first.response_text, styled_text(document))
    assert shown is not None and PROPOSED in str(shown)
    assert emphasised("Nothing here is <b>styled</b>.", styled_text(document)) is None


def test_the_letter_and_review_pages_show_them_and_the_api_keeps_plain_text(
    tmp_path: Path,
) -> None:
    thread = thread_files({"EA_0000000000-19-011278"})
    store = open_store(str(tmp_path / "ea.sqlite"))
    summary = ingest_paths(store, thread, MANIFEST, jobs=1)
    assert summary.stored == 7, summary.problems
    with store.session() as session:
        letter = session.scalars(select(schema.Letter).where(schema.Letter.accession == EA)).one()
        letter_id, review_id = letter.id, letter.review_id
    client = TestClient(create_app(store))
    page = client.get(f"/letters/{letter_id}").text
    assert PROPOSED in page
    assert "<em>Ultimate Team</em>" in page
    review = client.get(f"/reviews/{review_id}").text
    assert PROPOSED in review
    data = client.get(f"/api/letters/{letter_id}").json()
    assert "<u>" not in data["responses"][0]["response_text"]
    assert (
        "For example, extra content sales for the Ultimate Team mode"
        in (data["responses"][0]["response_text"])
    )
    store.close()

"""HTML letters are shown without scripts, event handlers, javascript: links, remote loads,
forms or frames (a fictional hostile letter), and every letter text on a page is escaped."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

from reviewdesk.pipeline import ingest_bytes
from reviewdesk.record import open_store
from reviewdesk.web import create_app
from reviewdesk.web.sanitise import document_html, safe_href, sanitise_html
from tests.fuzz import shapes

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "web" / "hostile_letter.htm"


def shown() -> str:
    return sanitise_html(HOSTILE.read_text(encoding="utf-8"))


def test_scripts_styles_forms_frames_and_images_are_gone() -> None:
    html = shown().lower()
    for tag in (
        "script",
        "style",
        "meta",
        "base",
        "img",
        "form",
        "input",
        "button",
        "iframe",
        "object",
        "svg",
        "link",
    ):
        assert f"<{tag}" not in html, tag
    assert "pwned" not in html
    assert "remote.example.invalid" not in html


def test_event_handlers_and_style_attributes_are_gone() -> None:
    tree = lxml.html.fragment_fromstring(shown())
    attributes = {name for node in tree.iter() for name in node.attrib}
    assert attributes <= {"href", "rel", "colspan", "class"}


def test_javascript_links_lose_their_target_and_web_links_stay() -> None:
    tree = lxml.html.fragment_fromstring(shown())
    links = {a.text_content(): a.get("href") for a in tree.iter("a")}
    assert links == {
        "click javascript": None,
        "entity javascript": None,
        "the SEC": "https://www.sec.gov/",
    }
    sec = next(a for a in tree.iter("a") if a.get("href"))
    assert sec.get("rel") == "noopener noreferrer nofollow"


def test_text_and_structure_survive() -> None:
    tree = lxml.html.fragment_fromstring(shown())
    text = tree.text_content()
    assert "Response to Comment 1: we will revise the segment disclosure." in text
    assert "Table cell kept" in text
    assert "Tail text after <script> stays text." in text
    assert tree.find(".//td").get("colspan") == "2"


def test_safe_href_accepts_only_web_mail_and_fragments() -> None:
    assert safe_href("https://www.sec.gov/x") == "https://www.sec.gov/x"
    assert safe_href("mailto:staff@example.invalid") == "mailto:staff@example.invalid"
    assert safe_href("#comment-3") == "#comment-3"
    assert safe_href("java\tscript:alert(1)") is None
    assert safe_href("data:text/html,<script>") is None
    assert safe_href("vbscript:x") is None


def test_plain_text_documents_are_escaped() -> None:
    assert document_html(b"Dear <b>Sir</b> & co", "x.txt") == (
        '<pre class="original-text">Dear &lt;b&gt;Sir&lt;/b&gt; &amp; co</pre>'
    )


def test_edgar_submission_shows_the_letter_inside() -> None:
    wrapped = (
        b"<DOCUMENT>\n<TYPE>CORRESP\n<TEXT>\n<html><body><p>Inside"
        b"<script>x()</script></p></body></html>\n</TEXT>\n</DOCUMENT>"
    )
    assert document_html(wrapped, "x.htm") == '<div class="original-html"><p>Inside</p></div>'


def test_hostile_demo_letter_page_is_safe(fictional_client: TestClient) -> None:
    letters = [fictional_client.get(f"/api/letters/{i}").json() for i in range(1, 6)]
    hostile = next(x for x in letters if x["accession"] == "0009999901-21-900002")
    page = fictional_client.get(f"/letters/{hostile['id']}")
    assert page.status_code == 200
    body = page.text
    original = body[body.index('class="original-html"') :]
    assert not re.search(r"<(script|img|iframe|form|link)\b", original, re.IGNORECASE)
    assert "onerror" not in original and "onload" not in original
    assert "javascript:" not in original.lower()
    assert "tracker.example.invalid" not in body
    assert "See our proposed disclosure" in original
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "form-action 'self'" in csp


def test_letter_text_is_escaped_on_pages(fictional_client: TestClient) -> None:
    hits = fictional_client.get("/api/search", params={"q": "headroom"}).json()["hits"]
    assert hits
    page = fictional_client.get("/search", params={"q": "headroom <script>"})
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "headroom &lt;script&gt;" in page.text


def test_an_xhtml_letter_with_an_xml_declaration_is_shown() -> None:
    _name, data = shapes.xhtml_letter()
    shown_html = sanitise_html(data.decode("utf-8"))
    assert shown_html.startswith('<div class="original-html"><p>Fictional Corp.</p>')
    assert "<?xml" not in shown_html


def test_a_comment_only_document_is_shown_empty() -> None:
    _name, data = shapes.comment_only_html()
    assert sanitise_html(data.decode("utf-8")) == '<div class="original-html"></div>'


@pytest.mark.parametrize("shape", [shapes.xhtml_letter, shapes.comment_only_html])
def test_letter_pages_of_xhtml_and_comment_only_letters_answer_200(
    tmp_path: Path, shape: shapes.Shape
) -> None:
    name, data = shape(1.0)
    store = open_store(str(tmp_path / "record.sqlite"))
    try:
        outcome = ingest_bytes(store, data, source=name)
        assert outcome.letter_id is not None
        desk = TestClient(create_app(store))
        page = desk.get(f"/letters/{outcome.letter_id}")
        assert page.status_code == 200
        assert desk.get(f"/api/letters/{outcome.letter_id}").status_code == 200
    finally:
        store.close()

"""Every document a user can hand in badly gets an error naming it and saying why."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from reviewdesk.documents import DocumentError, read_bytes, read_path
from reviewdesk.letters import parse_path
from tests.fictional_pdf import make_pdf


def _error(data: bytes, name: str, **options: int) -> str:
    with pytest.raises(DocumentError) as caught:
        read_bytes(data, name, **options)
    assert caught.value.source == name
    return caught.value.reason


def test_an_empty_document_is_refused() -> None:
    assert _error(b"", "empty.htm") == "the document is empty"
    assert _error(b"  \n\t ", "blank.txt") == "the document is empty"


def test_a_damaged_pdf_is_refused() -> None:
    reason = _error(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "damaged.pdf")
    assert reason.startswith("the PDF is damaged and cannot be opened")


def test_an_encrypted_pdf_says_it_needs_a_password() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(user="fictional", owner="fictional-owner"))
    reason = _error(buffer.getvalue(), "locked.pdf")
    assert reason == "the PDF is encrypted with a password; supply a decrypted copy"


def test_a_pdf_without_a_text_layer_asks_for_ocr() -> None:
    reason = _error(make_pdf([[]]), "scan.pdf")
    assert reason == "the PDF has no text layer (a scanned image?); run OCR on it first"


def test_a_file_that_is_not_what_its_extension_says_is_refused() -> None:
    html = b"<html><body><p>Fictional letter.</p></body></html>"
    assert _error(html, "letter.pdf") == (
        "named .pdf but the bytes are HTML, not a PDF; check the file"
    )
    pdf = make_pdf([["Fictional letter."]])
    assert _error(pdf, "letter.htm") == "named .htm but the bytes are a PDF; check the file"


def test_a_document_over_the_size_limit_is_refused() -> None:
    reason = _error(b"Fictional letter text. " * 100, "big.txt", max_bytes=1000)
    assert reason == "2,300 bytes is over the 1,000-byte limit; raise the limit to read it"


def test_binary_bytes_that_decode_as_no_text_are_refused() -> None:
    data = bytes(range(256)) * 4
    assert _error(data, "noise.txt") == "named .txt but the bytes are binary data; check the file"
    assert _error(data, "noise") == "not a PDF, HTML or text document (binary bytes)"


def test_html_without_any_text_is_refused() -> None:
    assert _error(b"<html><body><script>x()</script></body></html>", "x.htm") == (
        "the HTML document has no text"
    )


def test_an_edgar_submission_without_a_document_is_refused() -> None:
    data = b"<SEC-HEADER>\nACCESSION NUMBER: 0000000000-25-000001\n</SEC-HEADER>\n"
    assert _error(data, "0000000000-25-000001.txt") == (
        "an EDGAR submission with no <DOCUMENT> in it"
    )


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read_path(tmp_path / "nowhere.pdf")
    assert caught.value.reason == "no such file; check the path"


def test_parse_path_turns_a_bad_document_into_a_reading_with_its_error(tmp_path: Path) -> None:
    path = tmp_path / "0001234567-25-000001.pdf"
    path.write_bytes(b"not a pdf at all")
    letter = parse_path(path)
    assert letter.error == "named .pdf but the bytes are plain text, not a PDF; check the file"
    assert letter.accession == "0001234567-25-000001"
    assert letter.comments == [] and letter.role is None

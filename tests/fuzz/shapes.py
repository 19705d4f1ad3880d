"""Hostile documents, built in memory (never committed): the shapes issue 15 found driving the
reader past its memory and time, or stopping a batch. Every one is fictional; sizes scale so a
test can use a small one and the full fuzz run the size that was reported."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from tests.fictional_pdf import write_pdf

Shape = Callable[[float], tuple[str, bytes]]
"""A builder: given a scale (1.0 = the size reported in the issue), a file name and bytes."""

LETTER = (
    "<p>Fictional Corp.</p><p>Re: Fictional Corp. Form 10-K for the Fiscal Year Ended "
    "December 31, 2024, Filed March 1, 2025, File No. 001-00000</p><p>Dear Mr. Nobody:</p>"
    "<p>1. Please revise your disclosure.</p><p>Sincerely,</p><p>Division of Corporation "
    "Finance</p>"
)


def _stream(content: bytes, *, repeat: int = 1, compress: bool = False) -> bytes:
    """A stream object of `content` written `repeat` times (deflated when asked), built
    piece by piece so a bomb never sits expanded in the builder's memory."""
    if compress:
        packer = zlib.compressobj(6)
        packed = b"".join(packer.compress(content) for _ in range(repeat)) + packer.flush()
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + (b"\nendstream")
        )
    body = content * repeat
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def _one_page(content: bytes, *, repeat: int = 1, compress: bool = False) -> bytes:
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content, repeat=repeat, compress=compress),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def page_list_to_a_non_page(scale: float = 1.0) -> tuple[str, bytes]:
    """A PDF whose page list names a font where its second page should be."""
    text = b"BT /F1 11 Tf 72 740 Td (Fictional Corp. letter, page one.) Tj ET"
    return "non_page.pdf", write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(text),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def repeated_q(scale: float = 1.0) -> tuple[str, bytes]:
    """A 100 KB PDF whose page is nothing but `q` (save graphics state) operators."""
    return "repeated_q.pdf", _one_page(b"q " * int(50_000 * scale))


def compressed_pdf(scale: float = 1.0) -> tuple[str, bytes]:
    """A 1-2 MB PDF whose deflated content stream expands a thousandfold (text and `q`s)."""
    unit = b"BT /F1 11 Tf 72 740 Td (Fictional Corp.) Tj ET q q q q q q q q\n" * 16_000
    return "compressed.pdf", _one_page(unit, repeat=max(1, int(1_000 * scale)), compress=True)


def docx_bomb(scale: float = 1.0) -> tuple[str, bytes]:
    """A DOCX of about 1 MB whose document.xml expands to about 1 GB of empty paragraphs."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Fictional Corp. amendment</w:t></w:r></w:p>"
    )
    paragraphs = b"<w:p/>" * 1_000_000
    types = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(head)
            for _ in range(max(1, int(170 * scale))):
                document.write(paragraphs)
            document.write(b"</w:body></w:document>")
    return "amendment.docx", buffer.getvalue()


def one_paragraph_html(scale: float = 1.0) -> tuple[str, bytes]:
    """A 49 MB HTML letter that is one paragraph of words."""
    words = b"fictional " * int(4_900_000 * scale)
    return "one_paragraph.htm", b"<html><body><p>" + words + b"</p></body></html>"


def huge_text_node(scale: float = 1.0) -> tuple[str, bytes]:
    """An HTML letter whose one text node is over 10 MB (libxml2's default limit)."""
    words = b"Please revise. " * int(800_000 * scale)
    return "huge_node.htm", b"<html><body><p>Dear Sir:</p><p>" + words + b"</p></body></html>"


def deep_html(scale: float = 1.0) -> tuple[str, bytes]:
    """An HTML letter with its text nested 1,500 elements deep (past libxml2's default 255)."""
    depth = max(300, int(1_500 * min(scale, 1.0)))
    return "deep.htm", (
        b"<html><body>" + b"<div>" * depth + LETTER.encode() + b"</div>" * depth + b"</body></html>"
    )


def nested_documents(scale: float = 1.0) -> tuple[str, bytes]:
    """An EDGAR text file of 2,000 `<DOCUMENT>` wrappers, one inside the other."""
    depth = max(2, int(2_000 * scale))
    return "nested.txt", (
        b"<DOCUMENT>\n<TYPE>UPLOAD\n<TEXT>\n" * depth
        + LETTER.encode()
        + b"\n</TEXT>\n</DOCUMENT>\n" * depth
    )


def many_dates(scale: float = 1.0) -> tuple[str, bytes]:
    """A plain-text letter of 4.8 MB of dates (the date finder was quadratic in them)."""
    line = b"On April 8, 2009 and 8 April 2009 and Sept. 3, 2021 we wrote.\n"
    return "dates.txt", b"Fictional Corp.\n\nDear Sir:\n\n" + line * int(77_000 * scale)


def xhtml_letter(scale: float = 1.0) -> tuple[str, bytes]:
    """An XHTML letter that opens with an XML declaration."""
    return "xhtml.htm", (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        b"<body>" + LETTER.encode() + b"</body></html>"
    )


def comment_only_html(scale: float = 1.0) -> tuple[str, bytes]:
    """An HTML file that holds nothing but a comment."""
    return "comment_only.htm", b"<!-- <p>nothing but a comment</p> -->"


SHAPES: dict[str, Shape] = {
    "non-page in page list": page_list_to_a_non_page,
    "repeated q operators": repeated_q,
    "compressed PDF": compressed_pdf,
    "DOCX that expands": docx_bomb,
    "one-paragraph HTML": one_paragraph_html,
    "text node over 10 MB": huge_text_node,
    "deeply nested HTML": deep_html,
    "nested DOCUMENT wrappers": nested_documents,
    "many dates": many_dates,
    "XHTML letter": xhtml_letter,
    "comment-only HTML": comment_only_html,
}

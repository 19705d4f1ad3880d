"""Build small fictional PDFs for tests: pages of text lines set in Helvetica (or bold)."""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], *, leading: float = 14.0) -> bytes:
    """A PDF with one page per list of lines. A line starting with '**' is set in bold; an
    empty string leaves a blank line (a paragraph break)."""
    objects: list[bytes] = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font_regular = 3 + 2 * len(pages)
    font_bold = font_regular + 1
    for index, lines in enumerate(pages):
        content = ["BT", f"{leading} TL", "72 740 Td"]
        for line in lines:
            font = "/F2 11 Tf" if line.startswith("**") else "/F1 11 Tf"
            text = line[2:] if line.startswith("**") else line
            content.append(font)
            content.append(f"({_escape(text)}) '")
        content.append("ET")
        stream = "\n".join(content).encode("latin-1")
        page_number = 3 + 2 * index
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_number + 1} 0 R "
                f"/Resources << /Font << /F1 {font_regular} 0 R /F2 {font_bold} 0 R >> >> >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    return write_pdf(objects)


def write_pdf(objects: list[bytes]) -> bytes:
    """A well-formed PDF of the numbered objects (1-based, the first the catalog), with a
    correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)

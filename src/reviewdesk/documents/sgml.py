"""EDGAR SGML: full-submission .txt files (`<SEC-HEADER>` then `<DOCUMENT>`s) and the
`<DOCUMENT>` wrapper EDGAR puts around each served document."""

from __future__ import annotations

import binascii
import re
from dataclasses import replace

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import SubmissionHeader

_HEADER_FIELDS = {
    "accession": re.compile(rb"ACCESSION NUMBER:\s*(\S+)"),
    "cik": re.compile(rb"CENTRAL INDEX KEY:\s*([0-9]+)"),
    "company": re.compile(rb"COMPANY CONFORMED NAME:\s*(.+)"),
    "form": re.compile(rb"CONFORMED SUBMISSION TYPE:\s*(.+)"),
    "filed": re.compile(rb"FILED AS OF DATE:\s*([0-9]{8})"),
}
_DOCUMENT = re.compile(rb"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_TYPE = re.compile(rb"<TYPE>\s*([^\r\n<]+)", re.I)
_TEXT = re.compile(rb"<TEXT>\r?\n?(.*?)(?:</TEXT>|\Z)", re.S | re.I)
_LETTER_TYPES = (b"CORRESP", b"UPLOAD", b"LETTER")


def parse_header(data: bytes) -> SubmissionHeader:
    """The accession, CIK, company, form and filing date of an `<SEC-HEADER>`, as the header
    writes them: what an accession looks like is decided once, by the letters layer's
    identifiers (this layer may not import it), where the header's value is read."""
    end = data.find(b"</SEC-HEADER>")
    block = data[: end if end > 0 else 20000]
    found: dict[str, str | None] = {}
    for name, pattern in _HEADER_FIELDS.items():
        match = pattern.search(block)
        found[name] = match.group(1).decode("latin-1").strip() if match else None
    filed = found.get("filed")
    if filed:
        found["filed"] = f"{filed[:4]}-{filed[4:6]}-{filed[6:]}"
    return SubmissionHeader(**found)


def unwrap(data: bytes, source: str) -> tuple[bytes, SubmissionHeader]:
    """The letter's own bytes inside an SGML submission, and what its header says.

    The letter is the first `<DOCUMENT>` of a correspondence type (CORRESP, UPLOAD, ...),
    else the first document; a uuencoded PDF inside it is decoded.
    """
    header = parse_header(data) if b"<SEC-HEADER>" in data[:4096].upper() else SubmissionHeader()
    documents = _DOCUMENT.findall(data)
    if not documents:
        raise DocumentError(source, "an EDGAR submission with no <DOCUMENT> in it")
    chosen = documents[0]
    for document in documents:
        kind = _TYPE.search(document)
        if kind and kind.group(1).strip().upper().startswith(_LETTER_TYPES):
            chosen = document
            break
    kind = _TYPE.search(chosen)
    if kind and header.form is None:
        header = replace(header, form=kind.group(1).decode("latin-1").strip())
    text = _TEXT.search(chosen)
    body = text.group(1) if text else chosen
    if body.lstrip().startswith(b"begin "):
        body = _uudecode(body, source)
    if not body.strip():
        raise DocumentError(source, "the EDGAR submission's letter document is empty")
    return body, header


def merge(outer: SubmissionHeader | None, inner: SubmissionHeader) -> SubmissionHeader:
    """Fields known from outside (a manifest, a fetch) win over what the SGML says."""
    if outer is None:
        return inner
    return SubmissionHeader(
        accession=outer.accession or inner.accession,
        cik=outer.cik or inner.cik,
        company=outer.company or inner.company,
        form=outer.form or inner.form,
        filed=outer.filed or inner.filed,
    )


def _uudecode(body: bytes, source: str) -> bytes:
    out = bytearray()
    lines = body.strip().splitlines()
    for line in lines[1:]:
        if line.strip() in (b"end", b"`", b""):
            continue
        try:
            out.extend(binascii.a2b_uu(line))
        except binascii.Error:
            length = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                out.extend(binascii.a2b_uu(line[:length]))
            except binascii.Error as exc:
                raise DocumentError(source, "a uuencoded document in it is damaged") from exc
    return bytes(out)

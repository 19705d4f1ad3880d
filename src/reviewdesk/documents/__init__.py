"""Documents layer: bytes in, text with layout signals out (PDF, HTML, text, EDGAR SGML)."""

from reviewdesk.documents.errors import DocumentError
from reviewdesk.documents.model import Document, Line, Run, SubmissionHeader
from reviewdesk.documents.read import MAX_BYTES, read_bytes, read_path

__all__ = [
    "MAX_BYTES",
    "Document",
    "DocumentError",
    "Line",
    "Run",
    "SubmissionHeader",
    "read_bytes",
    "read_path",
]

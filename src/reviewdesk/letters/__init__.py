"""Letters layer: a read document in, the structured reading of a review letter out."""

from reviewdesk.letters.model import Comment, Contact, FilingRef, Letter, Response
from reviewdesk.letters.parse import parse_bytes, parse_document, parse_path

__all__ = [
    "Comment",
    "Contact",
    "FilingRef",
    "Letter",
    "Response",
    "parse_bytes",
    "parse_document",
    "parse_path",
]

"""Marked copies: two versions of a filing in, the changes between them out (HTML and DOCX)."""

from reviewdesk.services.redline.blocks import Block, Version
from reviewdesk.services.redline.compare import compare
from reviewdesk.services.redline.model import Entry, Redline, RowDiff, SectionChange, Segment
from reviewdesk.services.redline.read import RedlineInputError, read_version, read_version_bytes

__all__ = [
    "Block",
    "Entry",
    "Redline",
    "RedlineInputError",
    "RowDiff",
    "SectionChange",
    "Segment",
    "Version",
    "compare",
    "read_version",
    "read_version_bytes",
]

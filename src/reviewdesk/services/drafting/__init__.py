"""Drafting: the company's response letter to a staff comment letter (DOCX and Markdown)."""

from reviewdesk.services.drafting.acknowledgement import ACKNOWLEDGEMENTS, asks_acknowledgement
from reviewdesk.services.drafting.docx_writer import write_response_docx
from reviewdesk.services.drafting.markdown_writer import render_response_markdown
from reviewdesk.services.drafting.model import ResponseItem, ResponseLetter, build_response

__all__ = [
    "ACKNOWLEDGEMENTS",
    "ResponseItem",
    "ResponseLetter",
    "asks_acknowledgement",
    "build_response",
    "render_response_markdown",
    "write_response_docx",
]

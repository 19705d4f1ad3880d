"""The acknowledgement statements staff letters asked for until 2016, and how to tell a letter
asks for them."""

from __future__ import annotations

import re

ACKNOWLEDGEMENT_LEAD = (
    "In connection with responding to the Staff's comments, the Company acknowledges that:"
)
ACKNOWLEDGEMENTS = (
    "the Company is responsible for the adequacy and accuracy of the disclosure in the filing;",
    "staff comments or changes to disclosure in response to staff comments do not foreclose the "
    "Commission from taking any action with respect to the filing; and",
    "the Company may not assert staff comments as a defense in any proceeding initiated by the "
    "Commission or any person under the federal securities laws of the United States.",
)

_REQUEST = re.compile(
    r"(?:statement|letter)\s+from\s+the\s+(?:company|registrant|fund|trust|issuer)\s+"
    r"acknowledging|acknowledging\s+that\s*:?\s*(?:[•\-–*]\s*)?the\s+(?:company|registrant)\s+is\s+"
    r"responsible\s+for\s+the\s+adequacy",
    re.I,
)


def asks_acknowledgement(text: str) -> bool:
    """Whether a staff letter's text asks for the company's written acknowledgement."""
    return _REQUEST.search(" ".join(text.split())) is not None

"""Straight quotes and apostrophes as a typeset letter prints them: “the Company”, the
Staff’s letter, ‘single quotes’, the ’90s. A response letter goes to the Commission on the
company's letterhead; typewriter quotes look like a draft nobody finished."""

from __future__ import annotations

import re

_OPENS_AFTER = frozenset("([{<\u2014\u2013-/\u201c\u2018")
"""Characters after which a quote opens rather than closes (besides space and the start)."""
_DECADE = re.compile(r"\d\d(?:s\b|\b)")


def _opens(previous: str) -> bool:
    return previous == "" or previous.isspace() or previous in _OPENS_AFTER


def typographic(text: str) -> str:
    """`text` with each straight double quote made “ or ” and each straight single quote
    made ‘ or ’ (an apostrophe, as in Company’s, don’t and ’90s, is ’)."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        previous = out[-1] if out else ""
        if char == '"':
            out.append("\u201c" if _opens(previous) else "\u201d")
        elif char == "'":
            if previous.isalnum() or (_opens(previous) and _DECADE.match(text, index + 1)):
                out.append("\u2019")
            else:
                out.append("\u2018" if _opens(previous) else "\u2019")
        else:
            out.append(char)
    return "".join(out)

"""Standalone pages the desk serves (an issued letter, a marked copy) carry their look in an
embedded <style>, which the desk's own Content-Security-Policy (`style-src 'self'`) refuses;
the desk serves that look as a stylesheet of its own and links it in instead."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from reviewdesk.services.redline.html_writer import STYLE as MARKED_COPY_STYLE
from reviewdesk.workflow.letter_render import STYLE as LETTER_STYLE

STYLESHEETS = {
    "letter.css": LETTER_STYLE,
    "marked-copy.css": MARKED_COPY_STYLE.replace("body{", ".marked-copy{", 1),
}
"""The marked copy's look applies to its part of the desk's page (.marked-copy), not to the
desk's own header and footer around it."""
_EMBEDDED = re.compile(r"<style>.*?</style>", re.DOTALL)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)

pages = APIRouter(include_in_schema=False)


@pages.get("/styles/{name}")
def stylesheet(name: str) -> Response:
    """The look of an issued letter or a marked copy, as a stylesheet."""
    css = STYLESHEETS.get(name)
    if css is None:
        raise HTTPException(404, f"no stylesheet {name!r}; the desk has {sorted(STYLESHEETS)}")
    return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})


def linked(page: str, name: str) -> str:
    """The page with its embedded <style> (the first, in the head we wrote) replaced by a link
    to the served stylesheet `name`."""
    link = f'<link rel="stylesheet" href="/styles/{name}">'
    return _EMBEDDED.sub(lambda _: link, page, count=1)


def body_of(page: str) -> str:
    """What a standalone page we wrote holds inside <body> (the whole text if it has none)."""
    found = _BODY.search(page)
    return found.group(1) if found else page

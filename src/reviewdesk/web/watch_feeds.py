"""A watch's Atom feed at its token address: no sign-in (feed readers cannot), the token in
the address is the owner's, and renewing it revokes every address given out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from reviewdesk.services.watchlist import atom_feed, feed_watch
from reviewdesk.web.deps import store_of

pages = APIRouter(include_in_schema=False)
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@pages.get("/feeds/{token}/{watch_id}.atom")
def watch_feed(
    request: Request,
    token: Annotated[str, Path(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    watch_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> Response:
    """The newest matches of a watch as Atom (404 for an unknown or revoked address)."""
    with store_of(request).session() as session:
        watch = feed_watch(session, token, watch_id)
        body = atom_feed(session, watch, str(request.base_url), str(request.url))
    return Response(body, media_type=ATOM_TYPE, headers={"Cache-Control": "private, max-age=300"})

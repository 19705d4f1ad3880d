"""The watchlist in the desk: a signed-in person's saved searches and follows, each with its
Atom feed address, the e-mail address digests go to; the same as JSON under /api/watchlist.
Every route needs a signed-in person (API: a token); the feeds themselves are served by
web/watch_feeds.py at their token addresses, since feed readers cannot sign in."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.letters import vocabulary
from reviewdesk.services.search import Hit, Scope, newest_matches
from reviewdesk.services.search.filters import staff_offices
from reviewdesk.services.watchlist import (
    Watch,
    WatchKind,
    follow,
    query_of,
    remove_watch,
    renew_feed_token,
    save_search,
    set_email,
    watch_of,
    watcher_of,
    watches_of,
)
from reviewdesk.views.labels import vocabulary_view
from reviewdesk.web.auth import csrf_token, principal, signed_in
from reviewdesk.web.deps import page, store_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/watchlist", tags=["watchlist"])
WatchId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Id of the watch")]
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"description": "Not signed in"},
    403: {"description": "No CSRF token (browser sessions)"},
    404: {"description": "No such watch on your watchlist"},
    422: {"description": "A search that cannot run, or an unknown company, topic or office"},
}


class WatchOut(BaseModel):
    """One watch: what it runs, where its feed is, and the search page that shows it."""

    id: int
    kind: WatchKind
    name: str
    params: dict[str, str] = Field(description="The search's q, scope and filters")
    created_at: dt.datetime
    feed_url: str = Field(description="Atom feed; works without signing in until revoked")
    search_url: str


class WatchlistOut(BaseModel):
    """A person's watchlist and where digests go (null: no digest)."""

    email: str | None
    watches: list[WatchOut]


class SavedSearchIn(BaseModel):
    """A search to save: words and/or filters as /api/search names them."""

    q: str = Field(default="", max_length=500)
    scope: Scope = Scope.all
    filters: dict[str, str] = Field(
        default_factory=dict, description="company_id, cik, form, year, office, topic, cite ..."
    )
    name: str = Field(default="", max_length=200)


class FollowIn(BaseModel):
    """A company (CIK), topic (TOPICS.md code) or staff office to follow."""

    kind: Literal["company", "topic", "office"]
    value: str = Field(min_length=1, max_length=200)


class EmailIn(BaseModel):
    """Where digests go; null or empty stops them."""

    email: str | None = Field(default=None, max_length=254)


class MatchOut(BaseModel):
    """One matching comment or response."""

    kind: str
    id: int
    letter_id: int
    number: int | None
    company: str | None
    letter_date: dt.date | None
    heading: str | None
    snippet: str
    url: str


class MatchesOut(BaseModel):
    """A watch's newest matches, latest letter first."""

    watch: WatchOut
    matches: list[MatchOut]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _watch_out(request: Request, watch: Watch, token: str) -> WatchOut:
    base = _base(request)
    return WatchOut(
        id=watch.id,
        kind=WatchKind(watch.kind),
        name=watch.name,
        params=dict(watch.params),
        created_at=watch.created_at,
        feed_url=f"{base}/feeds/{token}/{watch.id}.atom",
        search_url=f"{base}/search?{urlencode(watch.params)}",
    )


def _watchlist(request: Request, session: Session, who: Principal) -> WatchlistOut:
    watcher = watcher_of(session, who.user_id)
    return WatchlistOut(
        email=watcher.email,
        watches=[
            _watch_out(request, w, watcher.feed_token) for w in watches_of(session, who.user_id)
        ],
    )


def _match(request: Request, hit: Hit) -> MatchOut:
    return MatchOut(
        kind=hit.kind,
        id=hit.id,
        letter_id=hit.letter_id,
        number=hit.number,
        company=hit.company,
        letter_date=hit.letter_date,
        heading=hit.heading,
        snippet=hit.snippet_text,
        url=f"{_base(request)}/letters/{hit.letter_id}#{hit.anchor}",
    )


@api.get("", summary="Your watchlist", responses=ERRORS)
def watchlist_data(request: Request) -> WatchlistOut:
    """Saved searches and follows with their feed addresses, and the digest address."""
    who = signed_in(request)
    with store_of(request).write() as session:
        return _watchlist(request, session, who)


@api.post("/searches", status_code=201, summary="Save a search", responses=ERRORS)
def save_search_data(request: Request, body: SavedSearchIn) -> WatchOut:
    """Save a search; its matches from now on reach the feed and the digest."""
    who = signed_in(request)
    params = {**body.filters, "q": body.q, "scope": body.scope.value}
    with store_of(request).write() as session:
        watch = save_search(session, who.user_id, params, body.name)
        return _watch_out(request, watch, watcher_of(session, who.user_id).feed_token)


@api.post(
    "/follows", status_code=201, summary="Follow a company, topic or office", responses=ERRORS
)
def follow_data(request: Request, body: FollowIn) -> WatchOut:
    """Follow every new comment and answer of a company, topic or staff office."""
    who = signed_in(request)
    with store_of(request).write() as session:
        watch = follow(session, who.user_id, WatchKind(body.kind), body.value)
        return _watch_out(request, watch, watcher_of(session, who.user_id).feed_token)


@api.delete("/{watch_id}", status_code=204, summary="Remove a watch", responses=ERRORS)
def remove_data(request: Request, watch_id: WatchId) -> Response:
    """Remove one of your watches."""
    who = signed_in(request)
    with store_of(request).write() as session:
        remove_watch(session, who.user_id, watch_id)
    return Response(status_code=204)


@api.get("/{watch_id}/matches", summary="A watch's newest matches", responses=ERRORS)
def matches_data(request: Request, watch_id: WatchId) -> MatchesOut:
    """The newest 50 matches of one of your watches (what its feed holds)."""
    who = signed_in(request)
    with store_of(request).write() as session:
        watch = watch_of(session, who.user_id, watch_id)
        token = watcher_of(session, who.user_id).feed_token
        hits = newest_matches(session, query_of(watch.params))
        return MatchesOut(
            watch=_watch_out(request, watch, token), matches=[_match(request, h) for h in hits]
        )


@api.put("/email", summary="Where digests go", responses=ERRORS)
def email_data(request: Request, body: EmailIn) -> WatchlistOut:
    """Set (or with null, stop) the e-mail digest of new matches."""
    who = signed_in(request)
    with store_of(request).write() as session:
        set_email(session, who.user_id, body.email)
        return _watchlist(request, session, who)


@api.post("/feed-token", summary="Revoke your feed addresses", responses=ERRORS)
def feed_token_data(request: Request) -> WatchlistOut:
    """Make new feed addresses; the old ones stop working."""
    who = signed_in(request)
    with store_of(request).write() as session:
        renew_feed_token(session, who.user_id)
        return _watchlist(request, session, who)


@pages.get("/desk/watchlist", response_class=HTMLResponse, response_model=None)
def watchlist_page(request: Request) -> HTMLResponse | RedirectResponse:
    """The watchlist page (the anonymous are sent to sign in first)."""
    who = principal(request)
    if who is None:
        return RedirectResponse("/login?next=/desk/watchlist", status_code=303)
    with store_of(request).write() as session:
        data = _watchlist(request, session, who)
        offices = staff_offices(session)
    return page(
        request,
        "watchlist.html",
        {
            "me": who,
            "csrf": csrf_token(request),
            "data": data,
            "vocabulary": vocabulary_view(),
            "offices": offices,
            "topic_label": lambda code: vocabulary.label("topic", code),
        },
    )


def _back() -> RedirectResponse:
    return RedirectResponse("/desk/watchlist", status_code=303)


@pages.post("/desk/watchlist/searches")
def save_search_form(
    request: Request,
    search: Annotated[str, Form(max_length=4000)],
    name: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Save the search of the search page (its query string, as the form's `search`)."""
    who = signed_in(request)
    with store_of(request).write() as session:
        save_search(session, who.user_id, dict(parse_qsl(search)), name)
    return _back()


@pages.post("/desk/watchlist/follows")
def follow_form(
    request: Request,
    kind: Annotated[Literal["company", "topic", "office"], Form()],
    value: Annotated[str, Form(min_length=1, max_length=200)],
) -> RedirectResponse:
    """Follow a company, topic or office from the watchlist page."""
    who = signed_in(request)
    with store_of(request).write() as session:
        follow(session, who.user_id, WatchKind(kind), value)
    return _back()


@pages.post("/desk/watchlist/{watch_id}/remove")
def remove_form(request: Request, watch_id: WatchId) -> RedirectResponse:
    """Remove a watch from the watchlist page."""
    who = signed_in(request)
    with store_of(request).write() as session:
        remove_watch(session, who.user_id, watch_id)
    return _back()


@pages.post("/desk/watchlist/email")
def email_form(
    request: Request, email: Annotated[str, Form(max_length=254)] = ""
) -> RedirectResponse:
    """Set where digests go from the watchlist page."""
    who = signed_in(request)
    with store_of(request).write() as session:
        set_email(session, who.user_id, email)
    return _back()


@pages.post("/desk/watchlist/feed-token")
def feed_token_form(request: Request) -> RedirectResponse:
    """Revoke the feed addresses from the watchlist page."""
    who = signed_in(request)
    with store_of(request).write() as session:
        renew_feed_token(session, who.user_id)
    return _back()

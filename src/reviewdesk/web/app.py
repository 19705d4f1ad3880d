"""The desk's web application: pages for people, the same data as JSON under /api for
programs (OpenAPI at /api/openapi.json, read at /api/docs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from reviewdesk.pipeline import settle
from reviewdesk.record.store import Store, open_store, pool_capacity
from reviewdesk.services.search.engine_index.stage import install as install_index_stage
from reviewdesk.services.watchlist import install as install_digests
from reviewdesk.web import (
    api_docs,
    companies,
    dashboard,
    desk,
    errors,
    letters,
    reviews,
    search,
    search_threads,
    trends,
)
from reviewdesk.web.admission import QUEUE_SECONDS, Admission
from reviewdesk.web.deps import HERE

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self'"
)
"""Pages load nothing from elsewhere, even if a letter's text slipped past the sanitiser."""

Scope_ = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope_, Receive, Send], Awaitable[None]]


class PageForms:
    """Drop empty query parameters of page requests (a form's blank fields mean 'any'), and
    add the security headers to every response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope_, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not scope["path"].startswith("/api") and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            scope["query_string"] = urlencode([(k, v) for k, v in pairs if v.strip()]).encode()

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, secured)


def create_app(
    store_url: str | Store | None = None, *, queue_seconds: float = QUEUE_SECONDS
) -> FastAPI:
    """The desk over the record at `store_url` (path or URL; default: $REVIEWDESK_DB or the
    per-user store), migrated, with every stored letter threaded and the search index in place;
    it serves as many requests at once as the store pools connections, and queues the rest up
    to `queue_seconds`."""
    store = store_url if isinstance(store_url, Store) else open_store(store_url)
    install_digests()
    install_index_stage()
    settle(store)
    app = FastAPI(
        title="ReviewDesk",
        summary="SEC filing reviews and comment letters: reviews, letters, comments, search.",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    errors.install(app)
    for module in (dashboard, companies, reviews, letters, search, search_threads, trends):
        app.include_router(module.api)
        app.include_router(module.pages)
    desk.install(app)
    api_docs.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Admission, limit=pool_capacity(store), queue_seconds=queue_seconds)
    app.add_middleware(PageForms)
    return app

"""Who is asking, on every request of the desk: a session cookie (a server-side session row)
or an API token; and CSRF protection on every state-changing request that a browser could send.

Installed by the app factory as middleware, so it covers every endpoint, the read pages of
the record as much as the workflow's. A request with `Authorization: Bearer rdt_...` is a
program's (no cookie is read, no CSRF token needed); any other POST, PUT, PATCH or DELETE
must carry its client's CSRF token, in the form field `csrf_token` or the header
`X-CSRF-Token`, or it is refused with 403. A browser without a session gets a visitor cookie
of its own random value on its first request, so even the sign-in form's token is its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

import anyio.to_thread
from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse, PlainTextResponse

from reviewdesk.accounts.roles import Principal
from reviewdesk.accounts.sessions import (
    COOKIE,
    VISITOR_COOKIE,
    CsrfTokens,
    desk_secret,
    new_token,
    session_user,
)
from reviewdesk.accounts.tokens import user_for_token
from reviewdesk.record.store import Store
from reviewdesk.workflow.access import load_principal

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
VISITOR_MAX_AGE_SECONDS = 24 * 60 * 60


def csrf_for(store: Store, state: Any) -> CsrfTokens:
    """The app's CSRF token maker, made once from the desk's stored secret."""
    tokens: CsrfTokens | None = getattr(state, "csrf_tokens", None)
    if tokens is None:
        with store.write() as session:
            tokens = CsrfTokens(desk_secret(session))
        state.csrf_tokens = tokens
    return tokens


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header carries no session
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


class DeskAccess:
    """Resolve the principal of each request into `request.state`, and check CSRF tokens."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        app_state = scope["app"].state
        store: Store = app_state.store
        tokens: CsrfTokens | None = getattr(app_state, "csrf_tokens", None)
        if tokens is None:
            tokens = await anyio.to_thread.run_sync(csrf_for, store, app_state)
        headers = _headers(scope)
        cookies = _cookies(headers)
        principal, session_token, bearer = await anyio.to_thread.run_sync(
            _identify, store, headers, cookies.get(COOKIE)
        )
        seed = session_token or cookies.get(VISITOR_COOKIE) or ""
        visitor = None
        if not bearer and not session_token and len(seed) < 32:
            seed = visitor = new_token()
        state = scope.setdefault("state", {})
        state["principal"], state["session_token"], state["bearer"] = (
            principal,
            session_token,
            bearer,
        )
        state["csrf_token"] = tokens.token(seed) if seed else ""
        if scope["method"] in UNSAFE and not bearer:
            body = await _read_body(receive)
            token = headers.get(CSRF_HEADER) or await _form_token(scope, body)
            if visitor is not None or not tokens.ok(seed, token):
                response = _refusal(scope["path"])
                await response(scope, _replay(b""), _with_visitor(send, visitor))
                return
            receive = _replay(body)
        await self.app(scope, receive, _with_visitor(send, visitor))


def _identify(
    store: Store, headers: dict[str, str], cookie: str | None
) -> tuple[Principal | None, str | None, bool]:
    """Who is asking, the session token they hold (None: no live session), and whether they
    came with an API token."""
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        with store.session() as session:
            user = user_for_token(session, authorization[7:].strip())
            return (load_principal(session, user) if user else None), None, True
    if not cookie:
        return None, None, False
    with store.session() as session:
        user = session_user(session, cookie)
        if user is None:
            return None, None, False
        return load_principal(session, user), cookie, False


def _with_visitor(send: Send, visitor: str | None) -> Send:
    """`send`, setting the new visitor cookie on the response when one was made."""
    if visitor is None:
        return send

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.append(
                "set-cookie",
                f"{VISITOR_COOKIE}={visitor}; Max-Age={VISITOR_MAX_AGE_SECONDS}; Path=/; "
                "HttpOnly; SameSite=Lax",
            )
        await send(message)

    return sending


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body", False))
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _form_token(scope: Scope, body: bytes) -> str | None:
    kind = _headers(scope).get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    try:
        form = await StarletteRequest(scope, _replay(body)).form()
    except Exception:  # an unreadable form carries no token
        return None
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def _refusal(path: str) -> JSONResponse | PlainTextResponse:
    message = (
        "this request carries no valid CSRF token; reload the page and submit the form again "
        "(programs: send an API token as 'Authorization: Bearer ...')"
    )
    if path.startswith("/api"):
        return JSONResponse({"error": message, "status": 403}, status_code=403)
    return PlainTextResponse(message, status_code=403)


def principal(request: Request) -> Principal | None:
    """The person making the request (None: anonymous)."""
    found: Principal | None = getattr(request.state, "principal", None)
    return found


def signed_in(request: Request) -> Principal:
    """The person making the request; 401 when nobody is signed in."""
    found = principal(request)
    if found is None:
        raise HTTPException(401, "sign in to see this (or send an API token)")
    return found


def csrf_token(request: Request) -> str:
    """The CSRF token forms of this page must carry."""
    token: str = getattr(request.state, "csrf_token", "")
    return token

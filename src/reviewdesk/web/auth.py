"""Who is asking, on every request of the desk: a signed session cookie or an API token;
and CSRF protection on every state-changing request that a browser could send.

Installed by the app factory as middleware, so it covers every endpoint, the read pages of
the record as much as the workflow's. A request with `Authorization: Bearer rdt_...` is a
program's (no cookie is read, no CSRF token needed); any other POST, PUT, PATCH or DELETE
must carry the session's CSRF token, in the form field `csrf_token` or the header
`X-CSRF-Token`, or it is refused with 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from fastapi import HTTPException, Request
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse, PlainTextResponse

from reviewdesk.accounts.roles import Principal
from reviewdesk.accounts.schema import User
from reviewdesk.accounts.sessions import COOKIE, SessionData, SessionSigner, desk_secret
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


def signer_for(store: Store, state: Any) -> SessionSigner:
    """The app's session signer, made once from the desk's stored secret."""
    signer: SessionSigner | None = getattr(state, "session_signer", None)
    if signer is None:
        with store.write() as session:
            signer = SessionSigner(desk_secret(session))
        state.session_signer = signer
    return signer


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


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
        signer = signer_for(store, app_state)
        headers = _headers(scope)
        principal, data, bearer = self._identify(store, signer, headers)
        state = scope.setdefault("state", {})
        state["principal"], state["session_data"], state["bearer"] = principal, data, bearer
        state["csrf_token"] = signer.csrf_token(data)
        if scope["method"] in UNSAFE and not bearer:
            body = await _read_body(receive)
            token = headers.get(CSRF_HEADER) or await _form_token(scope, body)
            if not signer.csrf_ok(data, token):
                response = _refusal(scope["path"])
                await response(scope, _replay(b""), send)
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    @staticmethod
    def _identify(
        store: Store, signer: SessionSigner, headers: dict[str, str]
    ) -> tuple[Principal | None, SessionData | None, bool]:
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            with store.session() as session:
                user = user_for_token(session, authorization[7:].strip())
                return (load_principal(session, user) if user else None), None, True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no session
            return None, None, False
        morsel = cookie.get(COOKIE)
        data = signer.read(morsel.value if morsel else None)
        if data is None:
            return None, None, False
        with store.session() as session:
            user = session.get(User, data.user_id)
            if user is None or user.disabled:
                return None, None, False
            return load_principal(session, user), data, False


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

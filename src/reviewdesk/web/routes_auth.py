"""Sign in and out of the desk (a server-side session behind a random cookie), with a back-off
on wrong passwords per account and per address; and who am I (pages and API)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reviewdesk.accounts import throttle
from reviewdesk.accounts.roles import Role
from reviewdesk.accounts.sessions import (
    COOKIE,
    MAX_AGE_SECONDS,
    VISITOR_COOKIE,
    end_session,
    start_session,
)
from reviewdesk.accounts.users import authenticate
from reviewdesk.views.desk import SignedIn
from reviewdesk.web.auth import csrf_token, principal, signed_in
from reviewdesk.web.deps import ErrorBody, page, store_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "") -> HTMLResponse:
    """The sign-in form."""
    shown = _local(next) if next else ""
    return page(request, "workflow/login.html", _context(request, next=shown, error=None))


@pages.post("/login", response_model=None)
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "",
) -> Response:
    """Check the password and start a session; a wrong one says so, not which half. After
    a few wrong passwords in a row for the account or the address, sign-in is refused for a
    while (429 with Retry-After), doubling with each further failure."""
    store = store_of(request)
    name = username.strip().lower()
    counters = throttle.keys(name, request.client.host if request.client else "unknown")
    token = None
    start = "/desk/reviews"
    with store.write() as session:
        wait = throttle.wait_seconds(session, counters)
        user = authenticate(session, name, password) if not wait else None
        if user is not None:
            throttle.clear(session, counters[0])
            token = start_session(session, user.id)
            start = start_page(user.role)
        elif not wait:
            throttle.record_failure(session, counters)
    if token is None:
        error = (
            f"too many wrong passwords; try again in {wait} seconds"
            if wait
            else "wrong user name or password"
        )
        context = _context(request, next=_local(next) if next else "", error=error)
        refused = page(request, "workflow/login.html", context, status_code=429 if wait else 401)
        if wait:
            refused.headers["Retry-After"] = str(wait)
        return refused
    response = RedirectResponse(_local(next) if next else start, status_code=303)
    response.set_cookie(
        COOKIE, token, max_age=MAX_AGE_SECONDS, httponly=True, samesite="lax", path="/"
    )
    response.delete_cookie(VISITOR_COOKIE, path="/")
    return response


@pages.post("/logout")
def logout(request: Request) -> RedirectResponse:
    """End the session on the server (its cookie no longer works anywhere) and forget it."""
    token: str | None = getattr(request.state, "session_token", None)
    if token:
        with store_of(request).write() as session:
            end_session(session, token)
    response = RedirectResponse("/desk/reviews", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@api.get(
    "/me",
    responses={401: {"model": ErrorBody, "description": "Not signed in"}},
    summary="Who the request is signed in as",
)
def me(request: Request) -> SignedIn:
    """The signed-in person (401 when anonymous)."""
    who = signed_in(request)
    return SignedIn(
        username=who.username,
        name=who.label,
        role=who.role.value,
        company_id=who.company_id,
        reviews=sorted(who.review_ids),
    )


def start_page(role: str) -> str:
    """Where a person lands after signing in without a page to return to: a company user on
    their company's letters to answer, everyone else on the desk's reviews."""
    return "/desk/letters" if role == Role.company.value else "/desk/reviews"


def _local(target: str) -> str:
    """Only paths of this site are followed after signing in."""
    return target if target.startswith("/") and not target.startswith("//") else "/desk/reviews"


def _context(request: Request, **values: Any) -> dict[str, Any]:
    return {"me": principal(request), "csrf": csrf_token(request), **values}

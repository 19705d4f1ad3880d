"""Sign in and out of the desk (a signed session cookie), and who am I (pages and API)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reviewdesk.accounts.sessions import COOKIE, MAX_AGE_SECONDS
from reviewdesk.accounts.users import authenticate
from reviewdesk.web.auth import csrf_token, principal, signed_in, signer_for
from reviewdesk.web.deps import page, store_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["accounts"])


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/desk/reviews") -> HTMLResponse:
    """The sign-in form."""
    return page(request, "workflow/login.html", _context(request, next=_local(next), error=None))


@pages.post("/login", response_model=None)
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/desk/reviews",
) -> Response:
    """Check the password and set the session cookie; a wrong one says so, not which half."""
    store = store_of(request)
    with store.session() as session:
        user = authenticate(session, username.strip().lower(), password)
        user_id = user.id if user is not None else None
    if user_id is None:
        context = _context(request, next=_local(next), error="wrong user name or password")
        return page(request, "workflow/login.html", context, status_code=401)
    cookie, _ = signer_for(store, request.app.state).new_session(user_id)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        COOKIE, cookie, max_age=MAX_AGE_SECONDS, httponly=True, samesite="lax", path="/"
    )
    return response


@pages.post("/logout")
def logout() -> RedirectResponse:
    """Forget the session cookie."""
    response = RedirectResponse("/desk/reviews", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@api.get("/me", summary="Who the request is signed in as")
def me(request: Request) -> dict[str, Any]:
    """The signed-in person (401 when anonymous)."""
    who = signed_in(request)
    return {
        "username": who.username,
        "name": who.label,
        "role": who.role.value,
        "company_id": who.company_id,
        "reviews": sorted(who.review_ids),
    }


def _local(target: str) -> str:
    """Only paths of this site are followed after signing in."""
    return target if target.startswith("/") and not target.startswith("//") else "/desk/reviews"


def _context(request: Request, **values: Any) -> dict[str, Any]:
    return {"me": principal(request), "csrf": csrf_token(request), **values}

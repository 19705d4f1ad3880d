"""Errors as people and programs expect them: JSON bodies under /api, HTML pages elsewhere;
unknown ids are 404, bad parameters and unsearchable words are 422."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from reviewdesk.errors import Conflict, Forbidden, Invalid, NotFound, ReviewDeskError
from reviewdesk.services.search import SearchError
from reviewdesk.web.deps import page

STATUS = ((NotFound, 404), (Forbidden, 403), (Conflict, 409), (Invalid, 422))
"""Each kind of ReviewDeskError and its HTTP status, in one place."""


def status_of(error: ReviewDeskError) -> int:
    """The HTTP status of an error of ReviewDesk's hierarchy (500 for the others)."""
    return next((status for kind, status in STATUS if isinstance(error, kind)), 500)


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def _error(request: Request, status: int, message: str, detail: Any = None) -> Response:
    if _api(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status)
    html: HTMLResponse = page(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    return html


def install(app: FastAPI) -> None:
    """Register the error handlers on the app."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors())
        return _error(request, 422, _describe(errors), errors)

    @app.exception_handler(ReviewDeskError)
    async def refused(request: Request, exc: ReviewDeskError) -> Response:
        return _error(request, status_of(exc), str(exc))

    @app.exception_handler(SearchError)
    async def unsearchable(request: Request, exc: SearchError) -> Response:
        detail = [{"loc": ["query", "q"], "msg": str(exc), "type": "value_error"}]
        return _error(request, 422, str(exc), detail)

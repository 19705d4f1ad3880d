"""What every route needs: a session on the app's store, the templates, and the day the
deadlines are counted from."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel
from sqlalchemy.orm import Session

from reviewdesk.letters.model import KIND_NAMES
from reviewdesk.record.store import Store

HERE = Path(__file__).resolve().parent
_env = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


DEADLINE_NAMES = {
    "on_time": "on time",
    "no_response": "no response on record",
}
"""A round's deadline status as pages say it."""


def plural(count: int, noun: str) -> str:
    """'1 response', '2 responses'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def audit_action(action: str) -> str:
    """'workflow.sign_off_withdrawn' as a page says it: 'sign off withdrawn'."""
    return action.partition(".")[2].replace("_", " ") if "." in action else action.replace("_", " ")


def audit_detail(detail: Any) -> str:
    """An audit entry's details as words ('round: 1; text: The company's MD&A'), not JSON."""
    if not isinstance(detail, dict):
        return "" if detail is None else str(detail)

    def shown(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(shown(v) for v in value)
        if isinstance(value, dict):
            return audit_detail(value)
        return "" if value is None else str(value)

    return "; ".join(
        f"{str(key).replace('_', ' ')}: {shown(value)}" for key, value in detail.items()
    )


_env.filters["kind_name"] = lambda kind: KIND_NAMES.get(kind or "", kind or "")
_env.filters["plural"] = plural
_env.filters["deadline_name"] = lambda status: DEADLINE_NAMES.get(
    status or "", (status or "").replace("_", " ")
)
_env.filters["audit_action"] = audit_action
_env.filters["audit_detail"] = audit_detail
templates = Jinja2Templates(env=_env)


class ErrorBody(BaseModel):
    """The JSON body of an API error."""

    error: str
    status: int


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such id"}
}


def store_of(request: Request) -> Store:
    """The store the app was made for."""
    store: Store = request.app.state.store
    return store


def session(request: Request) -> Iterator[Session]:
    """A read session for one request."""
    with store_of(request).session() as opened:
        yield opened


SessionDep = Annotated[Session, Depends(session)]
TodayParam = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Count deadlines as of this day (YYYY-MM-DD); default: today.",
    ),
]

PAGE_LIMIT = 100
"""Lines in a page of a long list (reviews, companies) when the request names no limit."""
MAX_PAGE_LIMIT = 1000
"""The most lines one page of a long list gives."""
TOTAL_HEADER = "X-Total-Count"
"""The response header that gives how many lines the whole list holds."""
PAGED: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            TOTAL_HEADER: {
                "description": "How many lines the whole list holds",
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    }
}
"""OpenAPI's word on a paged list's answer: the header with the count of all its lines."""


def today_or(value: str | None) -> date:
    """The given day (YYYY-MM-DD), else today; 422 when it is no calendar day."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(422, f"today={value!r} is not a calendar day; give YYYY-MM-DD") from exc


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page template; every value is escaped by the template engine."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)

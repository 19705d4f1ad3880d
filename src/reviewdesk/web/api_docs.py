"""The API's documentation at /api/docs: Swagger UI over /api/openapi.json, its files served
by the desk itself from the fastapi-offline wheel (no CDN: the desk may have no internet, and
its pages load nothing from elsewhere), started by a script of ours (the content security
policy allows no inline script)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from reviewdesk.web.deps import page

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
"""Where the installed fastapi-offline keeps swagger-ui-bundle.js and swagger-ui.css."""
ASSETS_URL = "/api/docs/assets"

pages = APIRouter(include_in_schema=False)


@pages.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Every endpoint of the API with its parameters and answers, to read and to try."""
    return page(request, "api_docs.html", {"assets": ASSETS_URL, "spec": "/api/openapi.json"})


def install(app: FastAPI) -> None:
    """Add the page and serve the Swagger UI files."""
    app.include_router(pages)
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="api-docs-assets")

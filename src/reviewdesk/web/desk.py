"""Plug the desk's people and workflow into the app: sign-in, the workflow's pages and API,
and the access middleware that covers every endpoint."""

from __future__ import annotations

import shutil

from fastapi import FastAPI

from reviewdesk.web import (
    api_workflow,
    letter_response,
    page_styles,
    routes_auth,
    routes_labels,
    routes_letter_answers,
    routes_workflow,
    watch_feeds,
    watchlist,
)
from reviewdesk.web.auth import DeskAccess


def install(app: FastAPI) -> None:
    """Add the routers and the access middleware (call before the app serves requests)."""
    app.state.letter_pdf = shutil.which("libreoffice") is not None
    for router in (
        routes_auth.pages,
        routes_auth.api,
        routes_workflow.pages,
        api_workflow.api,
        letter_response.pages,
        letter_response.api,
        routes_letter_answers.pages,
        routes_letter_answers.api,
        routes_labels.pages,
        routes_labels.api,
        page_styles.pages,
        watchlist.pages,
        watchlist.api,
        watch_feeds.pages,
    ):
        app.include_router(router)
    app.add_middleware(DeskAccess)

"""The desk over a workflow store, served for the browser tests (Debian's Chromium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reviewdesk.record import Store
from reviewdesk.web.app import create_app
from tests.web.served import served as served_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def served(store: Store) -> Iterator[str]:
    """Serve the desk over `store` and yield its base URL; skips without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent; install Debian's chromium to run browser tests")
    app = create_app(store)
    app.state.letter_pdf = shutil.which("libreoffice") is not None
    with served_app(app) as base:
        yield base

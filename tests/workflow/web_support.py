"""Signing the fictional people into a test client of the desk."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.workflow.support import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = CSRF.search(html)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


def signed_in(client: TestClient, username: str) -> TestClient:
    """Sign `username` in on `client` (its cookie jar keeps the session)."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client

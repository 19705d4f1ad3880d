"""Signed-cookie sessions and CSRF tokens (itsdangerous): nothing about a session is stored.

The cookie carries the user id and a random session nonce, signed with the desk's secret;
the CSRF token of a session is an HMAC of that nonce, so a form posted from another site
(which cannot read the cookie) cannot carry it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from reviewdesk.accounts.schema import DeskSecret

COOKIE = "reviewdesk_session"
MAX_AGE_SECONDS = 12 * 60 * 60
"""A session lasts a working day."""
SECRET_NAME = "session"


@dataclass(frozen=True, slots=True)
class SessionData:
    """What a session cookie says: whose it is, and its nonce (the CSRF token's seed)."""

    user_id: int
    nonce: str


def desk_secret(session: Session) -> str:
    """The session-signing secret shared by every worker; made on first use."""
    row = session.get(DeskSecret, SECRET_NAME)
    if row is None:
        row = DeskSecret(name=SECRET_NAME, value=secrets.token_urlsafe(48))
        session.add(row)
        session.flush()
    return row.value


class SessionSigner:
    """Makes and reads session cookies and CSRF tokens with one secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")
        self._serializer = URLSafeTimedSerializer(secret, salt="reviewdesk.session")

    def new_session(self, user_id: int) -> tuple[str, SessionData]:
        """A fresh cookie value for `user_id`, with its data."""
        data = SessionData(user_id, secrets.token_urlsafe(16))
        return self._serializer.dumps({"u": user_id, "n": data.nonce}), data

    def read(self, cookie: str | None) -> SessionData | None:
        """The session a cookie holds, or None when absent, forged or expired."""
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=MAX_AGE_SECONDS)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("u"), int):
            return None
        return SessionData(raw["u"], str(raw.get("n", "")))

    def csrf_token(self, data: SessionData | None) -> str:
        """The CSRF token of a session (of the anonymous 'session' when None)."""
        seed = data.nonce if data is not None else "anonymous"
        return hmac.new(self._secret, f"csrf:{seed}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, data: SessionData | None, token: str | None) -> bool:
        """Whether a posted CSRF token belongs to this session."""
        return bool(token) and hmac.compare_digest(self.csrf_token(data), token or "")

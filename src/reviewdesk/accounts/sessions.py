"""Server-side sessions and per-client CSRF tokens.

A signed-in browser holds a random token in its cookie; the record keeps only the token's
SHA-256 with the user and an expiry, so logging out, disabling the user or changing the
password ends the session on every worker (its row is gone). A CSRF token is an HMAC, with
the desk's secret, of the browser's session token, or before sign-in of its visitor cookie's
random value: each client gets its own, and another site, which cannot read the cookie,
cannot make it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewdesk.accounts.schema import DeskSecret, DeskSession, User
from reviewdesk.record.audit import now
from reviewdesk.record.dialects import insert_for

COOKIE = "reviewdesk_session"
VISITOR_COOKIE = "reviewdesk_visitor"
MAX_AGE_SECONDS = 12 * 60 * 60
"""A session lasts a working day."""
SECRET_NAME = "session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random value for a session or visitor cookie (256 bits)."""
    return secrets.token_urlsafe(32)


def start_session(session: Session, user_id: int) -> str:
    """Record a new session for `user_id` and return its cookie token (shown only here);
    sessions past their expiry are cleared on the way."""
    at = now()
    session.execute(delete(DeskSession).where(DeskSession.expires_at <= at))
    token = new_token()
    session.add(
        DeskSession(
            key=_digest(token),
            user_id=user_id,
            created_at=at,
            expires_at=at + dt.timedelta(seconds=MAX_AGE_SECONDS),
        )
    )
    session.flush()
    return token


def session_user(session: Session, token: str | None) -> User | None:
    """The enabled user of a live session token, else None (absent, ended, expired)."""
    if not token:
        return None
    user_id = session.scalar(
        select(DeskSession.user_id).where(
            DeskSession.key == _digest(token), DeskSession.expires_at > now()
        )
    )
    user = session.get(User, user_id) if user_id is not None else None
    return user if user is not None and not user.disabled else None


def end_session(session: Session, token: str | None) -> None:
    """End one session (logout); nothing happens for an unknown token."""
    if token:
        session.execute(delete(DeskSession).where(DeskSession.key == _digest(token)))


def end_sessions_of(session: Session, user_id: int) -> int:
    """End every session of a user (disabled, password changed); returns how many."""
    ended = session.execute(delete(DeskSession).where(DeskSession.user_id == user_id))
    return int(getattr(ended, "rowcount", 0) or 0)


def desk_secret(session: Session) -> str:
    """The CSRF-signing secret shared by every worker; made on first use (by whichever
    request or worker comes first: the others read the one it made)."""
    row = session.get(DeskSecret, SECRET_NAME)
    if row is None:
        made = {"name": SECRET_NAME, "value": secrets.token_urlsafe(48)}
        session.execute(insert_for(session, DeskSecret).values(**made).on_conflict_do_nothing())
        row = session.get(DeskSecret, SECRET_NAME, populate_existing=True)
        if row is None:
            raise RuntimeError("the desk's secret could not be stored; check the database")
    return row.value


class CsrfTokens:
    """Makes and checks the CSRF token of a client from its session or visitor token."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")

    def token(self, seed: str) -> str:
        """The CSRF token of the client whose cookie holds `seed`."""
        return hmac.new(self._secret, f"csrf:{seed}".encode(), hashlib.sha256).hexdigest()

    def ok(self, seed: str | None, token: str | None) -> bool:
        """Whether a posted CSRF token belongs to the client whose cookie holds `seed`."""
        if not seed or not token:
            return False
        return hmac.compare_digest(self.token(seed), token)

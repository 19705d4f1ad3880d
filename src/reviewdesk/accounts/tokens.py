"""API tokens for programs: shown once when made, kept only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.schema import ApiToken, User
from reviewdesk.record.audit import now

PREFIX = "rdt_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, name: str) -> str:
    """Make a new token for `user`; the clear token is returned once and never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_sha256=_digest(token), created_at=now()))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The enabled user a live token belongs to, else None."""
    if not token.startswith(PREFIX):
        return None
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_sha256 == _digest(token), ApiToken.revoked.is_(False))
    )
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and not user.disabled else None


def revoke_tokens(session: Session, user: User) -> int:
    """Revoke every token of `user`; returns how many were live."""
    rows = list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
        )
    )
    for row in rows:
        row.revoked = True
    return len(rows)

"""Add, find, list and disable users; check a password; turn a user into a Principal."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.passwords import hash_password, verify_password
from reviewdesk.accounts.roles import ROLE_NAMES, Principal, Role
from reviewdesk.accounts.schema import User
from reviewdesk.accounts.sessions import end_sessions_of
from reviewdesk.errors import Invalid
from reviewdesk.record import schema as record
from reviewdesk.record.audit import now

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_DUMMY_HASH = hash_password("not-a-real-password")


class AccountError(Invalid, ValueError):
    """A user cannot be added or changed; the message names the input and what to do."""


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise AccountError(f"role {value!r} is not one of {names}") from None


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    company_cik: str | None = None,
    phone: str | None = None,
) -> User:
    """Create a user; a company user must name their company's CIK, nobody else may."""
    kind = _role(role)
    if not _USERNAME.match(username):
        raise AccountError(
            f"user name {username!r}: use 2-64 lower-case letters, digits, '.', '_', '@' or '-'"
        )
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"user name {username!r} is taken; choose another")
    company_id = None
    if kind is Role.company:
        if not company_cik:
            raise AccountError(f"{username}: a company user needs --company CIK")
        company_id = company_for_cik(session, company_cik).id
    elif company_cik:
        raise AccountError(f"{username}: only company users are bound to a company")
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise AccountError(f"{username}: {exc}") from exc
    user = User(
        username=username,
        display_name=display_name,
        role=kind.value,
        company_id=company_id,
        phone=phone,
        password_hash=hashed,
        disabled=False,
        created_at=now(),
    )
    session.add(user)
    session.flush()
    return user


def company_for_cik(session: Session, cik: str) -> record.Company:
    """The company with this CIK (zero-padded to 10 digits), created if the record lacks it."""
    digits = cik.strip()
    if not digits.isdigit() or len(digits) > 10:
        raise AccountError(f"CIK {cik!r}: give up to 10 digits, e.g. 0000874766")
    padded = digits.zfill(10)
    company = session.scalar(select(record.Company).where(record.Company.cik == padded))
    if company is None:
        company = record.Company(cik=padded)
        session.add(company)
        session.flush()
    return company


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, or None."""
    return session.scalar(select(User).where(User.username == username))


def list_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.username)))


def _existing(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise AccountError(f"no user named {username!r}; see `reviewdesk users list`")
    return user


def disable_user(session: Session, username: str) -> User:
    """Stop a user from signing in or using tokens and end their sessions (the user is kept
    for the audit log's sake)."""
    user = _existing(session, username)
    user.disabled = True
    end_sessions_of(session, user.id)
    return user


def set_password(session: Session, username: str, password: str) -> int:
    """Give a user a new password and end every session they had; returns how many."""
    user = _existing(session, username)
    try:
        user.password_hash = hash_password(password)
    except ValueError as exc:
        raise AccountError(f"{username}: {exc}") from exc
    return end_sessions_of(session, user.id)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user whose password matches, else None (same cost either way)."""
    user = find_user(session, username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or user.disabled:
        return None
    return user


def principal_of(user: User, review_ids: Iterable[int] = ()) -> Principal:
    """The acting person for a user (counsel carry the reviews they are named on)."""
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        display_name=user.display_name,
        company_id=user.company_id,
        review_ids=frozenset(review_ids),
    )


def role_name(role: str) -> str:
    """The role as people say it ('supervising reviewer')."""
    return ROLE_NAMES.get(Role(role), role)

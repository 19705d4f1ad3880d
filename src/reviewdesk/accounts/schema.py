"""Account tables: users, their API tokens, and the desk's signing secret (migration 0002)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from reviewdesk.record.schema import NAMING, Company


class DeskBase(DeclarativeBase):
    """Declarative base of the desk's own tables (accounts, authored reviews): a metadata of
    their own, so the record's table set stays the record's; keys into the record's tables
    name their columns directly."""

    metadata = MetaData(naming_convention=NAMING)


class User(DeskBase):
    """A person who signs in: role, company (company users), argon2 password hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String, default="")
    role: Mapped[str] = mapped_column(String(16))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey(Company.__table__.c.id, ondelete="RESTRICT"), index=True
    )
    phone: Mapped[str | None] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(DeskBase):
    """A token a program sends as `Authorization: Bearer ...`; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class DeskSecret(DeskBase):
    """A named secret shared by every worker of the desk (the session-signing key)."""

    __tablename__ = "desk_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String)


class DeskSession(DeskBase):
    """A signed-in browser: the SHA-256 of its cookie's random token, whose it is, and until
    when it holds. Deleting the row ends the session on every worker at once."""

    __tablename__ = "desk_sessions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginFailures(DeskBase):
    """Wrong passwords in a row for one account or one address, and until when sign-in is
    refused for it (kept in the record so every worker sees the same count)."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

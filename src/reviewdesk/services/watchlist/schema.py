"""Watchlist tables (migration 0011): a watcher (a user who watches something: their e-mail
address for digests and their feed token) and their watches (a saved search or a follow of
a company, topic or office, stored as the search parameters it runs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from reviewdesk.accounts.schema import DeskBase


class Watcher(DeskBase):
    """A user's watchlist settings. The feed token is kept as given (not hashed) because the
    watchlist page shows each feed's address; it grants reading feeds of the public record's
    search results only, and a new token revokes every address made with the old one."""

    __tablename__ = "watchers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Watch(DeskBase):
    """One saved search or follow: the search parameters it runs (q, scope and filters as the
    search page names them), and the newest comment and response id its last digest covered
    (matches above them are new)."""

    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("watchers.user_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    seen_comment_id: Mapped[int] = mapped_column(Integer)
    seen_response_id: Mapped[int] = mapped_column(Integer)

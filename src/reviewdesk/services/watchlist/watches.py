"""A user's watchlist: saved searches and follows of companies, topics and offices, the
e-mail address digests go to, and the token that makes the feed addresses."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.letters import vocabulary
from reviewdesk.record import schema
from reviewdesk.record.audit import now
from reviewdesk.services.watchlist.errors import WatchInvalid, WatchNotFound
from reviewdesk.services.watchlist.params import checked, clean_params, describe
from reviewdesk.services.watchlist.schema import Watch, Watcher

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class WatchKind(StrEnum):
    """What a watch follows: a saved search, or every new item of a company, topic or office."""

    search = "search"
    company = "company"
    topic = "topic"
    office = "office"


def new_feed_token() -> str:
    """An unguessable feed token (256 random bits)."""
    return secrets.token_urlsafe(32)


def watcher_of(session: Session, user_id: int) -> Watcher:
    """The user's watchlist settings, made on first use."""
    watcher = session.get(Watcher, user_id)
    if watcher is None:
        watcher = Watcher(user_id=user_id, feed_token=new_feed_token(), created_at=now())
        session.add(watcher)
        session.flush()
    return watcher


def record_top(session: Session) -> dict[str, int]:
    """The newest comment and response id in the record: a new watch starts there, so its
    first digest holds only what arrives after it was saved."""
    return {
        "comment": session.scalar(select(func.max(schema.Comment.id))) or 0,
        "response": session.scalar(select(func.max(schema.Response.id))) or 0,
    }


def _add(
    session: Session, user_id: int, kind: WatchKind, name: str, params: dict[str, str]
) -> Watch:
    watcher_of(session, user_id)
    top = record_top(session)
    watch = Watch(
        user_id=user_id,
        kind=kind.value,
        name=name[:200],
        params=params,
        created_at=now(),
        seen_comment_id=top["comment"],
        seen_response_id=top["response"],
    )
    session.add(watch)
    session.flush()
    return watch


def save_search(
    session: Session, user_id: int, given: Mapping[str, object], name: str = ""
) -> Watch:
    """Save a search (q, scope and filters as the search page names them); SearchError when
    it cannot run, or has neither words nor filters."""
    params = clean_params(given)
    checked(params)
    return _add(session, user_id, WatchKind.search, name.strip() or describe(params), params)


def follow(session: Session, user_id: int, kind: WatchKind, value: str) -> Watch:
    """Follow a company (its CIK), a topic (its TOPICS.md code) or a staff office (its name,
    or a part of it); WatchInvalid names a value that does not exist."""
    value = value.strip()
    if kind is WatchKind.company:
        cik = value.zfill(10) if value.isdigit() else value
        company = session.scalar(select(schema.Company).where(schema.Company.cik == cik))
        if company is None:
            raise WatchInvalid(f"no company with CIK {value!r} in the record; give a CIK it holds")
        name = company.name or company.cik
        return _add(session, user_id, kind, name, {"company_id": str(company.id)})
    if kind is WatchKind.topic:
        if value not in vocabulary.CODES["topic"]:
            raise WatchInvalid(
                f"topic {value!r} is not a topic code; use one of "
                + ", ".join(vocabulary.CODES["topic"])
            )
        return _add(session, user_id, kind, vocabulary.label("topic", value), {"topic": value})
    if kind is WatchKind.office:
        if not value:
            raise WatchInvalid("give the staff office to follow, e.g. 'Office of Manufacturing'")
        return _add(session, user_id, kind, value, {"office": value})
    raise WatchInvalid(f"{kind.value!r} is not followed; save a search instead")


def watches_of(session: Session, user_id: int) -> list[Watch]:
    """The user's watches, oldest first."""
    return list(session.scalars(select(Watch).where(Watch.user_id == user_id).order_by(Watch.id)))


def watch_of(session: Session, user_id: int, watch_id: int) -> Watch:
    """One of the user's watches; WatchNotFound when there is none of that id (or not theirs)."""
    watch = session.get(Watch, watch_id)
    if watch is None or watch.user_id != user_id:
        raise WatchNotFound(f"no watch {watch_id} on your watchlist; see the list for the ids")
    return watch


def remove_watch(session: Session, user_id: int, watch_id: int) -> Watch:
    """Remove one of the user's watches; returns it."""
    watch = watch_of(session, user_id, watch_id)
    session.delete(watch)
    session.flush()
    return watch


def renew_feed_token(session: Session, user_id: int) -> str:
    """Give the user a new feed token: every feed address made with the old one stops working."""
    watcher = watcher_of(session, user_id)
    watcher.feed_token = new_feed_token()
    session.flush()
    return watcher.feed_token


def set_email(session: Session, user_id: int, email: str | None) -> Watcher:
    """Where the user's digests go (None or blank: no digest)."""
    address = (email or "").strip() or None
    if address is not None and (len(address) > 254 or not EMAIL.match(address)):
        raise WatchInvalid(f"{address!r} is not an e-mail address; give one like name@example.com")
    watcher = watcher_of(session, user_id)
    watcher.email = address
    session.flush()
    return watcher


def feed_watch(session: Session, token: str, watch_id: int) -> Watch:
    """The watch a feed address names, if its token is the owner's live one."""
    watcher = session.scalar(select(Watcher).where(Watcher.feed_token == token))
    watch = session.get(Watch, watch_id) if watcher is not None else None
    if watcher is None or watch is None or watch.user_id != watcher.user_id:
        raise WatchNotFound("no such feed; the address may have been revoked")
    return watch

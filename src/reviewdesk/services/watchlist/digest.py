"""The e-mail digest: for each user with an address and watches, the matches that arrived
since each watch's last digest, in one message; each watch then remembers the newest comment
and response it covered, so nothing is sent twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record.audit import now
from reviewdesk.record.store import Store
from reviewdesk.services.search import Hit, SearchError, newest_matches
from reviewdesk.services.watchlist.feed import hit_link, hit_title
from reviewdesk.services.watchlist.mail import MailServer
from reviewdesk.services.watchlist.params import query_of
from reviewdesk.services.watchlist.schema import Watch, Watcher
from reviewdesk.services.watchlist.watches import record_top, watches_of

log = logging.getLogger(__name__)
PER_WATCH = 20
"""The most matches a digest lists for one watch; the rest are a link away."""
SNIPPET_CHARS = 300


@dataclass(slots=True)
class DigestReport:
    """What one digest run did: messages sent (address, matches), users with nothing new,
    and addresses whose message could not be handed over (tried again next run)."""

    sent: list[tuple[str, int]] = field(default_factory=list)
    nothing_new: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """One watch's new matches in a digest."""

    watch: Watch
    hits: list[Hit]
    more: bool = False
    """Whether there are more new matches than the digest lists."""


def _new_matches(session: Session, watch: Watch, top: dict[str, int]) -> Section | None:
    """The watch's newest matches above its watermark and up to the record's top (None when
    there are none)."""
    after = {"comment": watch.seen_comment_id, "response": watch.seen_response_id}
    if all(after[kind] >= top[kind] for kind in after):
        return None  # nothing stored since: no search to run
    try:
        hits = newest_matches(session, query_of(watch.params), after, PER_WATCH + 1)
    except SearchError as exc:
        log.warning("watch %s (%s) cannot run: %s", watch.id, watch.name, exc)
        return None
    hits = [hit for hit in hits if hit.id <= top[hit.kind]]
    if not hits:
        return None
    return Section(watch, hits[:PER_WATCH], more=len(hits) > PER_WATCH)


def _search_link(base_url: str, watch: Watch) -> str:
    return f"{base_url}/search?{urlencode(watch.params)}"


def compose(sender: str, to: str, sections: list[Section], base_url: str) -> EmailMessage:
    """The digest message: per watch, each new match's title, link and opening words."""
    count = sum(len(s.hits) for s in sections)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    noun = "match" if count == 1 else "matches"
    counted = f"{count}+" if any(s.more for s in sections) else str(count)
    message["Subject"] = f"ReviewDesk: {counted} new {noun} on your watchlist"
    lines = [f"New on your ReviewDesk watchlist ({counted} {noun}):", ""]
    for section in sections:
        shown = len(section.hits)
        heading = f"the newest {shown} of more" if section.more else f"{shown} new"
        lines.append(f"== {section.watch.name} ({heading})")
        for hit in section.hits:
            lines.append(f"- {hit_title(hit)}")
            lines.append(f"  {hit_link(base_url, hit)}")
            snippet = " ".join(hit.snippet_text.split())
            if snippet:
                lines.append(f"  {snippet[:SNIPPET_CHARS]}")
        if section.more:
            lines.append(f"  more: {_search_link(base_url, section.watch)}")
        lines.append("")
    lines.append(f"Your watchlist: {base_url}/desk/watchlist")
    message.set_content("\n".join(lines))
    return message


def _digest_one(
    store: Store, user_id: int, server: MailServer, base_url: str, report: DigestReport
) -> None:
    """One user's digest in one write transaction: the watermarks move only when the message
    was handed over (a failed send is tried again by the next run)."""
    with store.write() as session:
        watcher = session.get(Watcher, user_id, with_for_update=True)
        if watcher is None or watcher.email is None:
            return
        top = record_top(session)
        watches = watches_of(session, user_id)
        sections = [s for w in watches if (s := _new_matches(session, w, top)) is not None]
        if sections:
            message = compose(server.sender, watcher.email, sections, base_url)
            try:
                server.send([message])
            except OSError as exc:  # smtplib.SMTPException is an OSError
                report.failed.append((watcher.email, str(exc)))
                return
            report.sent.append((watcher.email, sum(len(s.hits) for s in sections)))
        else:
            report.nothing_new += 1
        for watch in watches:
            watch.seen_comment_id = max(watch.seen_comment_id, top["comment"])
            watch.seen_response_id = max(watch.seen_response_id, top["response"])
        watcher.last_digest_at = now()


def send_digests(store: Store, server: MailServer, base_url: str) -> DigestReport:
    """Send every user with an e-mail address and watches their digest of new matches."""
    report = DigestReport()
    with store.session() as session:
        user_ids = list(
            session.scalars(
                select(Watcher.user_id)
                .where(Watcher.email.is_not(None))
                .where(Watcher.user_id.in_(select(Watch.user_id)))
                .order_by(Watcher.user_id)
            )
        )
    for user_id in user_ids:
        _digest_one(store, user_id, server, base_url.rstrip("/"), report)
    return report

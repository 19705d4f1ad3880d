"""Watchlists and alerts: a user's saved searches and follows of companies, topics and
offices, each with an Atom feed at a revocable token address, and an e-mail digest of new
matches after each ingest when a mail server is configured ($REVIEWDESK_SMTP_URL)."""

from reviewdesk.services.watchlist.alerts import install
from reviewdesk.services.watchlist.digest import DigestReport, send_digests
from reviewdesk.services.watchlist.errors import WatchInvalid, WatchNotFound
from reviewdesk.services.watchlist.feed import atom_feed
from reviewdesk.services.watchlist.mail import MailServer, configured_server, desk_url
from reviewdesk.services.watchlist.params import query_of
from reviewdesk.services.watchlist.schema import Watch, Watcher
from reviewdesk.services.watchlist.watches import (
    WatchKind,
    feed_watch,
    follow,
    remove_watch,
    renew_feed_token,
    save_search,
    set_email,
    watch_of,
    watcher_of,
    watches_of,
)

__all__ = [
    "DigestReport",
    "MailServer",
    "Watch",
    "WatchInvalid",
    "WatchKind",
    "WatchNotFound",
    "Watcher",
    "atom_feed",
    "configured_server",
    "desk_url",
    "feed_watch",
    "follow",
    "install",
    "query_of",
    "remove_watch",
    "renew_feed_token",
    "save_search",
    "send_digests",
    "set_email",
    "watch_of",
    "watcher_of",
    "watches_of",
]

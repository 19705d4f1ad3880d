"""`reviewdesk watch add|list|remove|email|revoke-feeds` (a user's watchlist: saved searches
and follows of companies, topics and offices, with their feed addresses) and `reviewdesk
alerts send` (the e-mail digest of new matches, by hand)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reviewdesk.accounts import find_user
from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.errors import ReviewDeskError
from reviewdesk.record.store import Store
from reviewdesk.services.watchlist import (
    WatchKind,
    configured_server,
    desk_url,
    follow,
    remove_watch,
    renew_feed_token,
    save_search,
    send_digests,
    set_email,
    watcher_of,
    watches_of,
)
from reviewdesk.services.watchlist.mail import SMTP_URL_VAR

watch_app = typer.Typer(
    help="A user's watchlist: saved searches and followed companies, topics and offices."
)
alerts_app = typer.Typer(help="E-mail digests of new matches on watchlists.")
app.add_typer(watch_app, name="watch")
app.add_typer(alerts_app, name="alerts")
out = Console()
err = Console(stderr=True)


def _fail(message: str, status: int = 1) -> typer.Exit:
    err.print(f"[red]reviewdesk: {escape(message)}[/red]")
    return typer.Exit(status)


def _user_id(store: Store, username: str) -> int:
    with store.session() as session:
        user = find_user(session, username)
        if user is None:
            raise _fail(f"no user {username!r}; see `reviewdesk users list`")
        return user.id


def feed_url(token: str, watch_id: int) -> str:
    """The address of a watch's Atom feed on the desk ($REVIEWDESK_URL)."""
    return f"{desk_url()}/feeds/{token}/{watch_id}.atom"


@watch_app.command("add")
def watch_add(
    username: str = typer.Argument(..., help="Whose watchlist."),
    search: str | None = typer.Option(None, "--search", "-q", help="Words to search for."),
    company: str | None = typer.Option(
        None, "--company", help="CIK: follow the company, or (with --search) narrow to it."
    ),
    topic: str | None = typer.Option(
        None, "--topic", help="Topic code (non_gaap ...): follow it, or narrow a search."
    ),
    office: str | None = typer.Option(
        None, "--office", help="Staff office (or part of its name): follow it, or narrow."
    ),
    form: str | None = typer.Option(None, "--form", help="Narrow a search to a form (10-K)."),
    cite: str | None = typer.Option(None, "--cite", help="Narrow a search to a cited rule."),
    scope: str = typer.Option("all", "--scope", help="all, comments or responses."),
    name: str = typer.Option("", "--name", help="Name of a saved search."),
    db: str | None = DbOption,
) -> None:
    """Follow one company, topic or office (give just that option), or save a search (words
    and/or several filters); new matches reach the user's feed and digest."""
    store = open_record(db)
    user_id = _user_id(store, username)
    follows = {
        WatchKind.company: company,
        WatchKind.topic: topic,
        WatchKind.office: office,
    }
    given = {k: v for k, v in follows.items() if v is not None}
    try:
        with store.write() as session:
            if search is None and form is None and cite is None and len(given) == 1:
                kind, value = next(iter(given.items()))
                watch = follow(session, user_id, kind, value)
            else:
                params = {
                    "q": search,
                    "scope": scope,
                    "cik": company,
                    "topic": topic,
                    "office": office,
                    "form": form,
                    "cite": cite,
                }
                watch = save_search(session, user_id, params, name)
            token = watcher_of(session, user_id).feed_token
            watch_id, watch_name, kind_name = watch.id, watch.name, watch.kind
    except ReviewDeskError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"watch {watch_id} ({kind_name}): {escape(watch_name)}")
    out.print(f"feed: {escape(feed_url(token, watch_id))}", soft_wrap=True)


@watch_app.command("list")
def watch_list(
    username: str = typer.Argument(..., help="Whose watchlist."), db: str | None = DbOption
) -> None:
    """The user's watches with their feed addresses, and where digests go."""
    store = open_record(db)
    user_id = _user_id(store, username)
    with store.write() as session:
        watcher = watcher_of(session, user_id)
        table = Table("id", "kind", "watch", "feed")
        for watch in watches_of(session, user_id):
            table.add_row(
                str(watch.id),
                watch.kind,
                escape(watch.name),
                escape(feed_url(watcher.feed_token, watch.id)),
            )
        email = watcher.email
    store.close()
    out.print(table)
    out.print(f"digests to: {escape(email) if email else 'nobody (set with `watch email`)'}")


@watch_app.command("remove")
def watch_remove(
    username: str = typer.Argument(..., help="Whose watchlist."),
    watch_id: int = typer.Argument(..., help="Id of the watch (see `watch list`)."),
    db: str | None = DbOption,
) -> None:
    """Remove a watch from the user's watchlist."""
    store = open_record(db)
    user_id = _user_id(store, username)
    try:
        with store.write() as session:
            watch = remove_watch(session, user_id, watch_id)
            name = watch.name
    except ReviewDeskError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"removed watch {watch_id}: {escape(name)}")


@watch_app.command("email")
def watch_email(
    username: str = typer.Argument(..., help="Whose digests."),
    address: str = typer.Argument(..., help="E-mail address; '' to stop digests."),
    db: str | None = DbOption,
) -> None:
    """Set where the user's digests go."""
    store = open_record(db)
    user_id = _user_id(store, username)
    try:
        with store.write() as session:
            set_email(session, user_id, address)
    except ReviewDeskError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"digests for {escape(username)}: {escape(address) if address else 'off'}")


@watch_app.command("revoke-feeds")
def watch_revoke_feeds(
    username: str = typer.Argument(..., help="Whose feed addresses."), db: str | None = DbOption
) -> None:
    """Give the user a new feed token: every feed address given out before stops working."""
    store = open_record(db)
    user_id = _user_id(store, username)
    with store.write() as session:
        renew_feed_token(session, user_id)
    store.close()
    out.print(f"feed addresses of {escape(username)} renewed; see `reviewdesk watch list`")


@alerts_app.command("send")
def alerts_send(db: str | None = DbOption) -> None:
    """Send each user with an e-mail address the digest of new matches since their last one
    (what runs after each ingest and `fetch --daily` when $REVIEWDESK_SMTP_URL is set)."""
    try:
        server = configured_server()
    except ReviewDeskError as exc:
        raise _fail(str(exc), 2) from exc
    if server is None:
        raise _fail(f"no mail server: set {SMTP_URL_VAR}=smtp://host:port", 2)
    store = open_record(db)
    try:
        report = send_digests(store, server, desk_url())
    finally:
        store.close()
    for address, count in report.sent:
        out.print(f"sent {escape(address)}: {count} new")
    for address, reason in report.failed:
        err.print(f"[red]not sent to {escape(address)}: {escape(reason)}[/red]")
    out.print(
        f"{len(report.sent)} digests sent, {report.nothing_new} with nothing new, "
        f"{len(report.failed)} failed"
    )
    if report.failed:
        raise typer.Exit(1)

"""`reviewdesk users add|list|disable|password|token` (the desk's accounts), `reviewdesk audit
REVIEW_ID` (who did what in a review run in the desk) and `reviewdesk audit --verify`."""

from __future__ import annotations

import json
import os

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reviewdesk.accounts import (
    AccountError,
    add_user,
    disable_user,
    find_user,
    list_users,
    set_password,
)
from reviewdesk.accounts.tokens import issue_token, revoke_tokens
from reviewdesk.accounts.users import role_name
from reviewdesk.cli import app
from reviewdesk.cli.options import DbOption, open_record
from reviewdesk.record.audit_chain import verify_log
from reviewdesk.record.grants import audit_guard
from reviewdesk.record.schema import Company
from reviewdesk.workflow.schema import AuthoredReview, ReviewCounsel
from reviewdesk.workflow.trail import entries

users_app = typer.Typer(
    help="The desk's accounts: add, list, disable, change a password, make API tokens."
)
app.add_typer(users_app, name="users")
out = Console()
err = Console(stderr=True)
PASSWORD_VAR = "REVIEWDESK_PASSWORD"


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]reviewdesk: {escape(message)}[/red]")
    return typer.Exit(1)


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Sign-in name (lower case)."),
    role: str = typer.Option(
        ...,
        "--role",
        help="reviewer, supervisor, company, counsel, admin or analyst (labels topics).",
    ),
    company: str | None = typer.Option(None, "--company", help="CIK of a company user's company."),
    name: str = typer.Option("", "--name", help="Full name shown in the desk."),
    review: list[int] = typer.Option([], "--review", help="Review id counsel are named on."),
    db: str | None = DbOption,
) -> None:
    """Add a user; the password is read from $REVIEWDESK_PASSWORD or asked for."""
    password = os.environ.get(PASSWORD_VAR) or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    store = open_record(db)
    try:
        with store.write() as session:
            user = add_user(
                session, username, password, role, display_name=name, company_cik=company
            )
            if review and user.role != "counsel":
                raise AccountError(f"{username}: only outside counsel are named on reviews")
            for review_id in review:
                if session.get(AuthoredReview, review_id) is None:
                    raise AccountError(f"no review {review_id}; see the desk's review list")
                session.add(ReviewCounsel(review_id=review_id, user_id=user.id))
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"added {escape(username)} ({role_name(role)})")


@users_app.command("list")
def users_list(db: str | None = DbOption) -> None:
    """Every user with role, company and whether they are disabled."""
    store = open_record(db)
    with store.session() as session:
        table = Table("user", "name", "role", "company", "state")
        for user in list_users(session):
            company = session.get(Company, user.company_id) if user.company_id else None
            table.add_row(
                escape(user.username),
                escape(user.display_name),
                role_name(user.role),
                escape(f"{company.name or ''} (CIK {company.cik})") if company else "",
                "disabled" if user.disabled else "active",
            )
    store.close()
    out.print(table)


@users_app.command("disable")
def users_disable(username: str, db: str | None = DbOption) -> None:
    """Stop a user signing in and revoke their API tokens (their audit entries stay)."""
    store = open_record(db)
    try:
        with store.write() as session:
            user = disable_user(session, username)
            revoked = revoke_tokens(session, user)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"disabled {escape(username)}; {revoked} API token(s) revoked, sessions ended")


@users_app.command("password")
def users_password(username: str, db: str | None = DbOption) -> None:
    """Set a new password (from $REVIEWDESK_PASSWORD or asked for); ends the user's sessions."""
    password = os.environ.get(PASSWORD_VAR) or typer.prompt(
        "New password", hide_input=True, confirmation_prompt=True
    )
    store = open_record(db)
    try:
        with store.write() as session:
            ended = set_password(session, username, password)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    out.print(f"new password for {escape(username)}; {ended} session(s) ended")


@users_app.command("token")
def users_token(
    username: str, label: str = typer.Option("api", "--label"), db: str | None = DbOption
) -> None:
    """Make an API token for a user; it is printed once and cannot be shown again."""
    store = open_record(db)
    try:
        with store.write() as session:
            user = find_user(session, username)
            if user is None or user.disabled:
                raise AccountError(
                    f"no active user named {username!r}; see `reviewdesk users list`"
                )
            token = issue_token(session, user, label)
    except AccountError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    print(token)


@app.command("audit")
def audit(
    review_id: int | None = typer.Argument(None, help="Id of a review run in the desk."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    check: bool = typer.Option(
        False, "--verify", help="Check the whole log's hash chain (and, on PostgreSQL, the role)."
    ),
    db: str | None = DbOption,
) -> None:
    """Who did what, and when, in a review run in the desk (oldest first); or, with
    --verify, whether any audit entry was changed, removed or replaced (exit 1 if so)."""
    if check:
        _verify(db)
        return
    if review_id is None:
        raise _fail("give a review id, or --verify to check the whole audit log")
    store = open_record(db)
    with store.session() as session:
        if session.get(AuthoredReview, review_id) is None:
            store.close()
            raise _fail(f"no review {review_id} run in the desk; see /desk/reviews")
        rows = [
            (e.at.isoformat(timespec="seconds"), e.actor, e.action, e.detail)
            for e in entries(session, review_id)
        ]
    store.close()
    if as_json:
        for at, actor, action, detail in rows:
            print(json.dumps({"at": at, "actor": actor, "action": action, "detail": detail}))
        return
    table = Table("when (UTC)", "who", "what", "details")
    for at, actor, action, detail in rows:
        table.add_row(
            at, escape(actor), action.removeprefix("workflow."), escape(json.dumps(detail)[:120])
        )
    out.print(table)


def _verify(db: str | None) -> None:
    store = open_record(db)
    try:
        with store.session() as session:
            verdict = verify_log(session)
        guard = audit_guard(store)
    finally:
        store.close()
    for found in verdict.breaks:
        err.print(
            f"[red]audit entry {found.entry_id}: {escape(found.problem)}[/red]", soft_wrap=True
        )
    if guard is not None and not guard.append_only:
        powers = ", ".join(guard.powers)
        err.print(
            f"[yellow]role {escape(guard.role)} can rewrite the audit log ({powers}); run the "
            "desk as a role set up with `reviewdesk db grant-desk` (README)[/yellow]",
            soft_wrap=True,
        )
    if verdict.breaks:
        raise _fail(f"{len(verdict.breaks)} break(s) in the chain of {verdict.entries} entries")
    out.print(
        f"{verdict.entries} audit entries, chain intact; newest hash {verdict.head}",
        soft_wrap=True,
    )

"""Accounts: argon2 passwords, roles bound to companies, disabling, API tokens, server-side
sessions and per-client CSRF tokens. (Every person and company here is fictional.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reviewdesk.accounts import (
    AccountError,
    add_user,
    authenticate,
    disable_user,
    list_users,
    set_password,
)
from reviewdesk.accounts.schema import DeskSession
from reviewdesk.accounts.sessions import (
    CsrfTokens,
    desk_secret,
    end_session,
    session_user,
    start_session,
)
from reviewdesk.accounts.tokens import issue_token, revoke_tokens, user_for_token
from reviewdesk.record import Store, open_store
from reviewdesk.record.schema import Company


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "accounts.sqlite"))
    yield opened
    opened.close()


def test_passwords_are_stored_as_argon2id_hashes_and_checked(store: Store) -> None:
    with store.write() as session:
        user = add_user(session, "rita", "long enough secret", "reviewer")
        assert user.password_hash.startswith("$argon2id$")
        assert "long enough secret" not in user.password_hash
    with store.session() as session:
        assert authenticate(session, "rita", "long enough secret") is not None
        assert authenticate(session, "rita", "wrong password") is None
        assert authenticate(session, "nobody", "long enough secret") is None


def test_a_company_user_is_bound_to_the_company_of_their_cik(store: Store) -> None:
    with store.write() as session:
        user = add_user(session, "cora", "long enough secret", "company", company_cik="9990001")
        company = session.get(Company, user.company_id)
        assert company is not None and company.cik == "0009990001"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "long enough secret", "reviewer"), "user name 'x': use 2-64 lower-case"),
        (("ann", "short", "reviewer"), "ann: the password has 5 characters; use at least 8"),
        (("ann", "long enough secret", "boss"), "role 'boss' is not one of reviewer, supervisor"),
        (("ann", "long enough secret", "company"), "ann: a company user needs --company CIK"),
    ],
)
def test_bad_accounts_are_refused_naming_the_input(
    store: Store, args: tuple[str, str, str], message: str
) -> None:
    with store.write() as session, pytest.raises(AccountError, match=message):
        add_user(session, *args)


def test_a_taken_name_and_a_reviewer_with_a_company_are_refused(store: Store) -> None:
    with store.write() as session:
        add_user(session, "rita", "long enough secret", "reviewer")
        with pytest.raises(AccountError, match="user name 'rita' is taken"):
            add_user(session, "rita", "long enough secret", "reviewer")
        with pytest.raises(AccountError, match="only company users are bound to a company"):
            add_user(session, "rick", "long enough secret", "reviewer", company_cik="1")


def test_a_disabled_user_cannot_sign_in_or_use_tokens(store: Store) -> None:
    with store.write() as session:
        user = add_user(session, "rita", "long enough secret", "reviewer")
        token = issue_token(session, user, "script")
        assert token.startswith("rdt_")
        assert user_for_token(session, token) is user
        disable_user(session, "rita")
        assert authenticate(session, "rita", "long enough secret") is None
        assert user_for_token(session, token) is None
        assert [u.username for u in list_users(session)] == ["rita"]


def test_revoked_and_forged_tokens_are_refused(store: Store) -> None:
    with store.write() as session:
        user = add_user(session, "rita", "long enough secret", "reviewer")
        token = issue_token(session, user, "script")
        assert revoke_tokens(session, user) == 1
        assert user_for_token(session, token) is None
        assert user_for_token(session, "rdt_forged") is None


def test_sessions_live_in_the_record_and_end_on_logout_disable_and_new_password(
    store: Store,
) -> None:
    with store.write() as session:
        user = add_user(session, "rita", "long enough secret", "reviewer")
        first, second = start_session(session, user.id), start_session(session, user.id)
        assert session_user(session, first) is user
        assert session_user(session, first[:-2] + "xx") is None
        end_session(session, first)
        assert (session_user(session, first), session_user(session, second)) == (None, user)
        assert set_password(session, "rita", "another long secret") == 1
        assert session_user(session, second) is None
        third = start_session(session, user.id)
        disable_user(session, "rita")
        assert session_user(session, third) is None
        assert session.scalar(select(func.count()).select_from(DeskSession)) == 0


def test_csrf_tokens_belong_to_one_client_and_the_secret_is_kept(store: Store) -> None:
    with store.write() as session:
        secret = desk_secret(session)
    with store.write() as session:
        assert desk_secret(session) == secret
    tokens = CsrfTokens(secret)
    token = tokens.token("seed-of-one-browser")
    assert tokens.ok("seed-of-one-browser", token)
    assert not tokens.ok("seed-of-another-browser", token)
    assert not CsrfTokens("another secret").ok("seed-of-one-browser", token)
    assert not tokens.ok("seed-of-one-browser", None)
    assert not tokens.ok(None, token)

"""Accounts: people with roles, argon2 passwords, API tokens, server-side sessions, CSRF tokens
and the sign-in back-off."""

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.accounts.users import (
    AccountError,
    add_user,
    authenticate,
    disable_user,
    find_user,
    list_users,
    principal_of,
    set_password,
)

__all__ = [
    "AccountError",
    "Principal",
    "Role",
    "add_user",
    "authenticate",
    "disable_user",
    "find_user",
    "list_users",
    "principal_of",
    "set_password",
]

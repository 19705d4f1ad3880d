"""Accounts: people with roles, argon2 passwords, API tokens, signed sessions and CSRF tokens."""

from reviewdesk.accounts.roles import Principal, Role
from reviewdesk.accounts.users import (
    AccountError,
    add_user,
    authenticate,
    disable_user,
    find_user,
    list_users,
    principal_of,
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
]

"""Errors of the watchlist, in the package's hierarchy."""

from __future__ import annotations

from reviewdesk import errors


class WatchInvalid(errors.Invalid, ValueError):
    """A watch, e-mail address or mail server that cannot be used; the message says which."""


class WatchNotFound(errors.NotFound, LookupError):
    """No such watch, feed or user (or not the caller's)."""

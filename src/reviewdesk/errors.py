"""The one error hierarchy: every error ReviewDesk raises on purpose is a `ReviewDeskError`,
and says which input and what to do. The four kinds a caller can act on are mapped to HTTP
once (web/errors.py): not found 404, forbidden 403, conflict 409, invalid 422."""

from __future__ import annotations


class ReviewDeskError(Exception):
    """An error ReviewDesk raises on purpose; its message names the input and what to do."""


class NotFound(ReviewDeskError):
    """No such record, or one the caller may not see (the two are not told apart)."""


class Forbidden(ReviewDeskError):
    """The caller may see the record but not take this action."""


class Conflict(ReviewDeskError):
    """The action does not fit the record's current state."""


class Invalid(ReviewDeskError):
    """Input that cannot be used: a document, a file, a parameter or a value."""

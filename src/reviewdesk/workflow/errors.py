"""Errors of the workflow other than illegal transitions: unknown or hidden records, actions a
role may not take, and bad input. Each message names the thing and what to do."""

from __future__ import annotations

from reviewdesk import errors


class NotFound(errors.NotFound, LookupError):
    """No such record, or one the person may not see (the two are not told apart)."""


class NotAllowed(errors.Forbidden, PermissionError):
    """The person can see the review but their role may not take this action."""


class WorkflowInputError(errors.Invalid, ValueError):
    """Input the workflow cannot accept (empty text, unknown scope, unreadable filing ...)."""

"""Where a round's letter and each authored comment stand, as string-valued enums: the stored
values and the JSON the pages and the API get are these strings, unchanged."""

from __future__ import annotations

from enum import StrEnum


class RoundKind(StrEnum):
    """What the letter of a round is."""

    comments = "comments"
    """A comment letter: numbered comments the company answers."""
    completion = "completion"
    """The completion letter that closes the review."""


class CommentStatus(StrEnum):
    """Where an authored comment stands."""

    draft = "draft"
    """Being written; only staff see it."""
    issued = "issued"
    """In an issued letter, awaiting the company's answer or the reviewers' decision."""
    resolved = "resolved"
    """Answered to the reviewers' satisfaction."""
    followed_up = "followed_up"
    """Answered, and taken up again by a follow-up comment in the next letter."""

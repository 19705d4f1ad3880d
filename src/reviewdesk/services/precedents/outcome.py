"""How a comment's thread ended, in words a reader of precedents wants: resolved after one
round, resolved after several, followed up, still open, or never answered in the record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reviewdesk.reviews.model import CommentStatus


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a comment's thread stands: its status, which round of the thread it was in
    (1 = the comment opened the matter) and the comments that followed it up."""

    status: str | None
    round: int
    followed_up_by: tuple[int, ...]

    @property
    def summary(self) -> str:
        """One line: 'resolved after one round', 'followed up', 'resolved after 2 rounds' ..."""
        if self.followed_up_by or self.status == CommentStatus.followed_up:
            return "followed up"
        if self.status == CommentStatus.resolved:
            if self.round == 1:
                return "resolved after one round"
            return f"resolved after {self.round} rounds"
        if self.status == CommentStatus.answered:
            return "answered; review still open"
        return "no answer in the record"


def thread_round(comment_id: int, follow_up_of: Mapping[int, int | None]) -> int:
    """Which round of its matter a comment was: 1 plus the length of its follow-up chain
    (a cycle in bad data stops the walk instead of looping)."""
    seen = {comment_id}
    current = follow_up_of.get(comment_id)
    depth = 1
    while current is not None and current not in seen:
        seen.add(current)
        depth += 1
        current = follow_up_of.get(current)
    return depth


def outcomes(
    statuses: Mapping[int, str | None], follow_up_of: Mapping[int, int | None]
) -> dict[int, Outcome]:
    """The outcome of every comment, from each one's status and follow-up link."""
    followers: dict[int, list[int]] = {}
    for comment_id, earlier in follow_up_of.items():
        if earlier is not None:
            followers.setdefault(earlier, []).append(comment_id)
    return {
        comment_id: Outcome(
            status=status,
            round=thread_round(comment_id, follow_up_of),
            followed_up_by=tuple(sorted(followers.get(comment_id, []))),
        )
        for comment_id, status in statuses.items()
    }

"""Who may act: the six roles of the desk, and the acting person as the workflow sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """A user's role: staff reviewers, the company side, analysts who label comments, and the
    desk's administrator."""

    reviewer = "reviewer"
    supervisor = "supervisor"
    company = "company"
    counsel = "counsel"
    admin = "admin"
    analyst = "analyst"

    @property
    def staff(self) -> bool:
        """Reviewers, supervising reviewers and administrators see every review."""
        return self in (Role.reviewer, Role.supervisor, Role.admin)

    @property
    def labels(self) -> bool:
        """Staff and analysts (researchers and lawyers who label) correct topics, asks and
        answer classes."""
        return self.staff or self is Role.analyst

    @property
    def company_side(self) -> bool:
        """Company users and outside counsel answer letters."""
        return self in (Role.company, Role.counsel)


ROLE_NAMES = {
    Role.reviewer: "reviewer",
    Role.supervisor: "supervising reviewer",
    Role.company: "company user",
    Role.counsel: "outside counsel",
    Role.admin: "administrator",
    Role.analyst: "analyst",
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The person acting: their account, role, company (company users) and reviews (counsel)."""

    user_id: int
    username: str
    role: Role
    display_name: str = ""
    company_id: int | None = None
    review_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """How the desk names them: display name, else user name."""
        return self.display_name or self.username

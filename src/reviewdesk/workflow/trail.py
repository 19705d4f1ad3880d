"""The desk's entries in the record's append-only audit log (authored reviews, answers drafted
to stored letters, corrected labels), written in one way, and reading a review's back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.audit import now
from reviewdesk.record.schema import AuditEntry


def subject(review_id: int) -> str:
    """How the audit log names an authored review."""
    return f"authored_review:{review_id}"


def write(
    session: Session,
    principal: Principal | None,
    action: str,
    about: str,
    detail: dict[str, Any],
    *,
    at: dt.datetime | None = None,
) -> None:
    """Append one entry: who (user name, or 'system'), the action, what it was done to, the
    details, and when (now, unless the change carries its own time)."""
    session.add(
        AuditEntry(
            at=at or now(),
            actor=principal.username if principal is not None else "system",
            action=action,
            subject=about,
            detail=detail,
        )
    )


def record(
    session: Session, principal: Principal | None, review_id: int, action: str, **detail: Any
) -> None:
    """Append one entry of an authored review: `workflow.<action>` with the details."""
    write(session, principal, f"workflow.{action}", subject(review_id), detail)


def entries(session: Session, review_id: int) -> list[AuditEntry]:
    """Every audit entry of a review, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject == subject(review_id))
            .order_by(AuditEntry.id)
        )
    )

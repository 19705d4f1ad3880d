"""The workflow's entries in the record's append-only audit log, and reading them back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.accounts.roles import Principal
from reviewdesk.record.audit import now
from reviewdesk.record.schema import AuditEntry


def subject(review_id: int) -> str:
    """How the audit log names an authored review."""
    return f"authored_review:{review_id}"


def record(
    session: Session, principal: Principal | None, review_id: int, action: str, **detail: Any
) -> None:
    """Append one entry: who (user name, or 'system'), the action, the review, the details."""
    session.add(
        AuditEntry(
            at=now(),
            actor=principal.username if principal is not None else "system",
            action=f"workflow.{action}",
            subject=subject(review_id),
            detail=detail,
        )
    )


def entries(session: Session, review_id: int) -> list[AuditEntry]:
    """Every audit entry of a review, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject == subject(review_id))
            .order_by(AuditEntry.id)
        )
    )

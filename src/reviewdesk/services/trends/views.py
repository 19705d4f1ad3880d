"""The trends views by name, and finding the company a filter names."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewdesk.errors import NotFound
from reviewdesk.record import schema
from reviewdesk.services.trends.asks import asks_view
from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.follow_ups import follow_ups_view
from reviewdesk.services.trends.model import TrendView
from reviewdesk.services.trends.profile import profile_view
from reviewdesk.services.trends.reviews import reviews_view
from reviewdesk.services.trends.topics import topics_view

View = Callable[[Session, TrendFilters], TrendView]
VIEWS: dict[str, View] = {
    "reviews": reviews_view,
    "topics": topics_view,
    "asks": asks_view,
    "follow_ups": follow_ups_view,
    "profile": profile_view,
}


class UnknownCompany(NotFound, LookupError):
    """A company filter that names no company, or several."""


def find_company(session: Session, named: str) -> int:
    """The id of the company `named` by record id, CIK or a unique part of its name."""
    text = named.strip()
    if text.isdigit():
        by_cik = session.scalar(
            select(schema.Company.id).where(schema.Company.cik == text.zfill(10))
        )
        by_id = session.get(schema.Company, int(text)) if len(text) < 10 else None
        if by_cik is not None:
            return by_cik
        if by_id is not None:
            return by_id.id
    rows = list(
        session.execute(
            select(schema.Company.id, schema.Company.name)
            .where(func.lower(schema.Company.name).contains(text.lower()))
            .limit(6)
        )
    )
    if len(rows) == 1:
        return int(rows[0][0])
    if not rows:
        raise UnknownCompany(f"no company in the record is named {named!r}; give its CIK or name")
    names = ", ".join(str(name) for _, name in rows[:5])
    raise UnknownCompany(f"{named!r} names several companies ({names}); give the CIK instead")

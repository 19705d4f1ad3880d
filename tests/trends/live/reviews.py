"""How reviews go, as it counted before the trend facts: the histograms counted live over
reviews, rounds and letters, set out by the product's own `reviews_from`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewdesk.services.trends.filters import TrendFilters
from reviewdesk.services.trends.model import TrendView
from reviewdesk.services.trends.reviews import reviews_from
from tests.trends.live.review_sql import histograms


def reviews_view(session: Session, filters: TrendFilters) -> TrendView:
    """The reviews view over live histograms by year, form and office."""
    grouped = {by: histograms(session, filters, by) for by in ("year", "form", "office")}
    return reviews_from(grouped, filters)

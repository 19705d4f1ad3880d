"""Trends: what the staff asks about and how reviews go, counted live on the record, and the
profession's published figures beside ours."""

from reviewdesk.services.trends.filters import PeriodKind, TrendFilters
from reviewdesk.services.trends.model import ChartSpec, TrendTable, TrendView
from reviewdesk.services.trends.published import Figure, published_figures
from reviewdesk.services.trends.reviews import reviews_view

__all__ = [
    "ChartSpec",
    "Figure",
    "PeriodKind",
    "TrendFilters",
    "TrendTable",
    "TrendView",
    "published_figures",
    "reviews_view",
]

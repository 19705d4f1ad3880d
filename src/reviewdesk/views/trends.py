"""Trends as the /api shows them: the views on offer, a view's tables under its filters, and
the published figures beside ours."""

from __future__ import annotations

from reviewdesk.services.trends.model import Cell, TrendTable, TrendView
from reviewdesk.services.trends.published import Figure
from reviewdesk.views.model import ReadModel


class TrendsIndex(ReadModel):
    """The views /api/trends/{view} offers, where the published figures are, and what each
    kind of period means."""

    views: list[str]
    published: str
    periods: dict[str, str]


class TrendTableData(ReadModel):
    """One table of a view: its columns and its rows keyed by column."""

    name: str
    title: str
    note: str
    columns: list[str]
    rows: list[dict[str, Cell]]


class TrendViewData(ReadModel):
    """A view's tables and the filters they were counted under, in words."""

    view: str
    title: str
    filters: str
    tables: list[TrendTableData]


class PublishedFigure(ReadModel):
    """A published figure and ours: `ours` computed on the record, `n` what it counts, `gap`
    why the two differ."""

    figure: str
    ours: float | None
    published: float
    published_text: str
    source: str
    period: str
    definition: str
    n: int
    gap: str


def trend_table(table: TrendTable) -> TrendTableData:
    """A table as shown."""
    return TrendTableData(
        name=table.name,
        title=table.title,
        note=table.note,
        columns=list(table.columns),
        rows=table.records(),
    )


def trend_view(view: TrendView) -> TrendViewData:
    """A view as shown."""
    return TrendViewData(
        view=view.name,
        title=view.title,
        filters=view.filters,
        tables=[trend_table(t) for t in view.tables],
    )


def published_figure(figure: Figure) -> PublishedFigure:
    """A published figure beside ours, as shown."""
    return PublishedFigure(
        figure=figure.figure,
        ours=figure.ours,
        published=figure.published,
        published_text=figure.published_text,
        source=figure.source,
        period=figure.period,
        definition=figure.definition,
        n=figure.n,
        gap=figure.gap,
    )

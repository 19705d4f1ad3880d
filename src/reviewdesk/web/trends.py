"""Trends: each view's charts (SVG drawn on the server, bars linking to their search) with the
table and CSV one click away, the published figures beside ours, and the JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from reviewdesk.services.trends import PeriodKind, TrendFilters, published_figures
from reviewdesk.services.trends.charts import render
from reviewdesk.services.trends.filters import PERIOD_DEFINITIONS
from reviewdesk.services.trends.model import TrendTable, TrendView
from reviewdesk.services.trends.profile import ProfileNeedsCompany
from reviewdesk.services.trends.views import VIEWS
from reviewdesk.views.trends import (
    PublishedFigure,
    TrendsIndex,
    TrendViewData,
    published_figure,
    trend_view,
)
from reviewdesk.web.deps import NOT_FOUND, SessionDep, page

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["trends"])
Year = Annotated[int | None, Query(ge=1990, le=2100)]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
ViewName = Annotated[str, Path(max_length=40, description=f"One of: {', '.join(VIEWS)}")]
TableName = Annotated[str, Path(max_length=40, description="A table of the view")]


def trend_filters(
    period: Annotated[
        PeriodKind, Query(description="calendar year, or review year (1 Oct–30 Sep)")
    ] = PeriodKind.calendar,
    year_from: Annotated[Year, Query(alias="from", description="First year")] = None,
    year_to: Annotated[Year, Query(alias="to", description="Last year")] = None,
    form: Annotated[Text, Query(description="Form of the reviewed filing, e.g. 10-K")] = None,
    office: Annotated[Text, Query(description="Staff office")] = None,
    company_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Company id")] = None,
    group: Annotated[Text, Query(description="Topic group, e.g. MD&A")] = None,
    filer: Annotated[
        Text,
        Query(description="Kind of filer (EDGAR filer category), e.g. Large Accelerated Filer"),
    ] = None,
    industry: Annotated[
        Text,
        Query(description="Company's industry: SIC code (e.g. 2834) or words of its description"),
    ] = None,
) -> TrendFilters:
    """The filters of a trends request."""
    return TrendFilters(
        period, year_from, year_to, form, office, company_id, group, filer, industry
    )


FiltersDep = Annotated[TrendFilters, Depends(trend_filters)]


def _view(session: SessionDep, name: str, filters: TrendFilters) -> TrendView:
    if name not in VIEWS:
        raise HTTPException(404, f"no trends view {name!r}; the views are {', '.join(VIEWS)}")
    try:
        return VIEWS[name](session, filters)
    except ProfileNeedsCompany as exc:
        raise HTTPException(422, f"{exc} (company_id)") from exc


def _table(view: TrendView, name: str) -> TrendTable:
    try:
        return view.table(name)
    except KeyError as exc:
        names = ", ".join(t.name for t in view.tables)
        raise HTTPException(404, f"view {view.name} has no table {name!r}; it has {names}") from exc


def _csv(table: TrendTable, view: TrendView) -> PlainTextResponse:
    return PlainTextResponse(
        table.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="trends-{view.name}-{table.name}.csv"'
        },
    )


@api.get("/trends", summary="The trends views and the period definitions")
def trends_index() -> TrendsIndex:
    """What /api/trends/{view} offers."""
    return TrendsIndex(
        views=list(VIEWS),
        published="/api/trends/published",
        periods={k.value: v for k, v in PERIOD_DEFINITIONS.items()},
    )


@api.get("/trends/published", summary="Published figures beside ours, with definitions")
def published_data(session: SessionDep) -> list[PublishedFigure]:
    """Each published figure the record can define: ours, the published value, source, period,
    definition, how many reviews or letters ours counts, and why the two differ."""
    return [published_figure(f) for f in published_figures(session)]


@api.get("/trends/{view}", responses=NOT_FOUND, summary="A trends view's tables")
def view_data(session: SessionDep, view: ViewName, filters: FiltersDep) -> TrendViewData:
    """One view's tables under the filters."""
    return trend_view(_view(session, view, filters))


@api.get(
    "/trends/{view}/{table}.csv",
    responses={**NOT_FOUND, 200: {"content": {"text/csv": {}}}},
    response_class=Response,
    summary="One table of a view as CSV",
)
def view_csv_data(
    session: SessionDep, view: ViewName, table: TableName, filters: FiltersDep
) -> PlainTextResponse:
    """The table as CSV."""
    shown = _view(session, view, filters)
    return _csv(_table(shown, table), shown)


@pages.get("/trends/{view}/{table}.csv")
def view_csv_page(
    session: SessionDep, view: ViewName, table: TableName, filters: FiltersDep
) -> PlainTextResponse:
    """CSV download from the trends page."""
    shown = _view(session, view, filters)
    return _csv(_table(shown, table), shown)


@pages.get("/trends/{view}/{table}.svg")
def view_chart_page(
    request: Request, session: SessionDep, view: ViewName, table: TableName, filters: FiltersDep
) -> Response:
    """A table's chart as an SVG file."""
    shown = _view(session, view, filters)
    svg = render(_table(shown, table), "svg", str(request.base_url))
    if svg is None:
        raise HTTPException(404, f"table {table!r} has nothing to draw for these filters")
    return Response(svg, media_type="image/svg+xml")


@pages.get("/trends", response_class=HTMLResponse)
def trends_page(
    request: Request,
    session: SessionDep,
    filters: FiltersDep,
    view: Annotated[str, Query(max_length=40)] = "reviews",
) -> HTMLResponse:
    """The trends page: a view's charts with their tables, or the published figures."""
    params = {k: v for k, v in request.query_params.items() if k != "view"}
    context: dict[str, Any] = {
        "views": [*VIEWS, "published"],
        "view": view,
        "filters": filters,
        "periods": [p.value for p in PeriodKind],
        "params": params,
        "shown": None,
        "charts": {},
        "figures": None,
        "needs_company": False,
    }
    if view == "published":
        context["figures"] = published_figures(session)
    elif view == "profile" and filters.company_id is None:
        context["needs_company"] = True
    else:
        shown = _view(session, view, filters)
        context["shown"] = shown
        base = str(request.base_url)
        context["charts"] = {t.name: render(t, "svg", base) for t in shown.tables}
    return page(request, "trends.html", context)

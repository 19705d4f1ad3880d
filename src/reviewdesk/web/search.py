"""Search over comments and responses: highlighted, paged hits and CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from reviewdesk.letters import vocabulary
from reviewdesk.services.search import (
    LetterKind,
    ReviewStatus,
    Scope,
    SearchFilters,
    SearchQuery,
    Sort,
    export_csv,
    search,
)
from reviewdesk.services.search.filters import label_filters_check, staff_offices
from reviewdesk.services.search.model import MAX_PAGE
from reviewdesk.services.search.words import MAX_QUERY_CHARS, read_words
from reviewdesk.views.labels import vocabulary_view
from reviewdesk.views.search import SearchResults, search_results
from reviewdesk.web.auth import csrf_token, principal
from reviewdesk.web.deps import SessionDep, page, store_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["search"])

Words = Annotated[
    str,
    Query(
        max_length=MAX_QUERY_CHARS,
        description='Words to find; "quoted phrase", OR between alternatives, -word to leave out, '
        "prefix*; may be left out when a topic, group, ask, answer or cite filter is given "
        "(then the newest matches come first)",
    ),
]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of results")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Hits per page")]


def search_filters(
    company_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Company id")] = None,
    cik: Annotated[str | None, Query(pattern=r"^\d{1,10}$", description="Company CIK")] = None,
    form: Annotated[
        str | None,
        Query(min_length=1, max_length=20, description="Form of the reviewed filing, e.g. 10-K"),
    ] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="Year of the letter")] = None,
    office: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Staff office, or a part of its name: 'Manufacturing' finds the "
            "Office of Manufacturing",
        ),
    ] = None,
    kind: Annotated[LetterKind | None, Query(description="Kind of letter")] = None,
    status: Annotated[ReviewStatus | None, Query(description="Status of the review")] = None,
    topic: Annotated[
        str | None, Query(max_length=40, description="Topic code of TOPICS.md, e.g. non_gaap")
    ] = None,
    group: Annotated[
        str | None, Query(max_length=40, description="Topic group, e.g. accounting, MD&A")
    ] = None,
    ask: Annotated[
        str | None, Query(max_length=20, description="What a comment asks, e.g. revise")
    ] = None,
    answer: Annotated[
        str | None, Query(max_length=20, description="How an answer answers, e.g. declined")
    ] = None,
    cite: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=120,
            description="Cited authority (normal form); 'S-K Item 10(e)' also finds its paragraphs",
        ),
    ] = None,
    industry: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Company's industry: SIC code (e.g. 2000) or words of its description",
        ),
    ] = None,
    date_from: Annotated[
        date | None,
        Query(alias="from", description="Letters dated on or after this day (YYYY-MM-DD)"),
    ] = None,
    date_to: Annotated[
        date | None,
        Query(alias="to", description="Letters dated on or before this day (YYYY-MM-DD)"),
    ] = None,
) -> SearchFilters:
    """The filters of a search request."""
    return SearchFilters(
        company_id,
        cik,
        form,
        year,
        office,
        kind,
        status,
        topic,
        group,
        ask,
        answer,
        cite,
        industry,
        date_from=date_from,
        date_to=date_to,
    )


FiltersDep = Annotated[SearchFilters, Depends(search_filters)]
ScopeParam = Annotated[Scope, Query(description="Search comments, responses or both")]
SortParam = Annotated[
    Sort, Query(description="Best match first (relevance), or by the letter's date")
]


@api.get("/search", summary="Full-text search over comments and responses")
def search_data(
    session: SessionDep,
    filters: FiltersDep,
    q: Words = "",
    scope: ScopeParam = Scope.all,
    page: PageNumber = 1,
    per_page: PerPage = 20,
    sort: SortParam = Sort.relevance,
) -> SearchResults:
    """Ranked hits with highlighted snippets (`snippet_html` is escaped, matches in <mark>),
    best first or by the letter's date (`sort`)."""
    return search_results(search(session, SearchQuery(q, filters, scope, page, per_page, sort)))


def _csv(request: Request, query: SearchQuery) -> StreamingResponse:
    if query.text.strip() or not query.filters.labelled():
        read_words(query.text)
    label_filters_check(query.filters)
    store = store_of(request)

    def rows() -> Iterator[str]:
        with store.session() as session:
            yield from export_csv(session, query)

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="reviewdesk-search.csv"'},
    )


@api.get(
    "/search.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
    summary="The whole result set as CSV",
)
def search_csv_data(
    request: Request,
    filters: FiltersDep,
    q: Words = "",
    scope: ScopeParam = Scope.all,
    sort: SortParam = Sort.relevance,
) -> StreamingResponse:
    """Every hit (up to 10,000, best first or by date) with its full text."""
    return _csv(request, SearchQuery(q, filters, scope, sort=sort))


@pages.get("/search.csv")
def search_csv_page(
    request: Request,
    filters: FiltersDep,
    q: Words = "",
    scope: ScopeParam = Scope.all,
    sort: SortParam = Sort.relevance,
) -> StreamingResponse:
    """CSV download from the search page."""
    return _csv(request, SearchQuery(q, filters, scope, sort=sort))


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: SessionDep,
    filters: FiltersDep,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None,
    scope: ScopeParam = Scope.all,
    page_number: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
    per_page: PerPage = 20,
    sort: SortParam = Sort.relevance,
) -> HTMLResponse:
    """The search page: the form, and the hits when words were given."""
    result = None
    if (q and q.strip()) or filters.labelled():
        query = SearchQuery(q or "", filters, scope, page_number, per_page, sort)
        result = search(session, query)
    params = {k: v for k, v in request.query_params.items() if k != "page"}
    return page(
        request,
        "search.html",
        {
            "q": q or "",
            "filters": filters,
            "scope": scope.value,
            "sort": sort.value,
            "sorts": [x.value for x in Sort],
            "result": result,
            "params": params,
            "kinds": [k.value for k in LetterKind],
            "statuses": [s.value for s in ReviewStatus],
            "scopes": [s.value for s in Scope],
            "vocabulary": vocabulary_view(),
            "offices": staff_offices(session),
            "label": vocabulary.label,
            "me": principal(request),
            "csrf": csrf_token(request),
        },
    )

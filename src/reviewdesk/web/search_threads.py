"""Research export from a search: the whole thread of every match (comment, answer,
follow-ups of later rounds, topics, citations, filing form and period) as CSV, JSON lines or
Parquet; linked from the search page, the same under /api."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import StreamingResponse

from reviewdesk.services.search import Scope, SearchQuery, Sort
from reviewdesk.services.search.filters import label_filters_check
from reviewdesk.services.search.threads import ThreadFormat, export_threads
from reviewdesk.services.search.words import read_words
from reviewdesk.web.deps import store_of
from reviewdesk.web.search import FiltersDep, ScopeParam, SortParam, Words

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["search"])
MEDIA_TYPES = {
    ThreadFormat.csv: "text/csv; charset=utf-8",
    ThreadFormat.jsonl: "application/x-ndjson; charset=utf-8",
    ThreadFormat.parquet: "application/vnd.apache.parquet",
}
FormatParam = Annotated[ThreadFormat, Path(description="csv, jsonl or parquet")]


def _threads(request: Request, query: SearchQuery, format: ThreadFormat) -> StreamingResponse:
    """Check the search before the download starts (a bad one is a 422, not a cut file)."""
    if query.text.strip() or not query.filters.labelled():
        read_words(query.text)
    label_filters_check(query.filters)
    store = store_of(request)

    def chunks() -> Iterator[bytes]:
        with store.session() as session:
            yield from export_threads(session, query, format)

    return StreamingResponse(
        chunks(),
        media_type=MEDIA_TYPES[format],
        headers={
            "Content-Disposition": f'attachment; filename="reviewdesk-threads.{format.value}"'
        },
    )


@api.get(
    "/search/threads.{format}",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/x-ndjson": {},
                "application/vnd.apache.parquet": {},
            }
        }
    },
    summary="The threads of a search's matches as CSV, JSON lines or Parquet",
)
def threads_data(
    request: Request,
    format: FormatParam,
    filters: FiltersDep,
    q: Words = "",
    scope: ScopeParam = Scope.all,
    sort: SortParam = Sort.relevance,
) -> StreamingResponse:
    """One row per comment of each matched thread (up to 10,000 matches, best first): the
    comment, its answer, topics, asks, citations, answer classes, the reviewed filing's form
    and period; `thread_id` is the thread's first comment, `matched` marks the found rows."""
    return _threads(request, SearchQuery(q, filters, scope, sort=sort), format)


@pages.get("/search/threads.{format}")
def threads_page(
    request: Request,
    format: FormatParam,
    filters: FiltersDep,
    q: Words = "",
    scope: ScopeParam = Scope.all,
    sort: SortParam = Sort.relevance,
) -> StreamingResponse:
    """Thread download from the search page (threads in the order of the search's matches)."""
    return _threads(request, SearchQuery(q, filters, scope, sort=sort), format)

"""Search results as the /api shows them: a page of hits, each with where it sits, what the
record says it is about, and its snippet as text and as safe HTML."""

from __future__ import annotations

import datetime as dt

from reviewdesk.services.search import ResultPage
from reviewdesk.services.search.model import Hit, Sort
from reviewdesk.views.model import ReadModel


class SearchHit(ReadModel):
    """One matching comment or response: its letter, company, review, number and caption,
    its labels, and the snippet (`snippet_html` is escaped, matches in <mark>)."""

    kind: str
    id: int
    score: float
    snippet: str
    letter_id: int
    accession: str | None
    letter_date: dt.date | None
    letter_kind: str | None
    office: str | None
    company_id: int | None
    company: str | None
    cik: str | None
    review_id: int | None
    review_status: str | None
    number: int | None
    heading: str | None
    anchor: str
    forms: list[str]
    topics: list[str]
    asks: list[str]
    answer: list[str]
    cites: list[str]
    snippet_html: str


class SearchResults(ReadModel):
    """A page of hits: the words, the order, the paging, the (capped) total and the hits."""

    q: str
    sort: Sort
    page: int
    per_page: int
    pages: int
    total: int
    total_capped: bool
    hits: list[SearchHit]


def search_hit(hit: Hit) -> SearchHit:
    """A hit as shown, with the snippet as text and as safe HTML."""
    return SearchHit(
        kind=hit.kind,
        id=hit.id,
        score=hit.score,
        snippet=hit.snippet_text,
        letter_id=hit.letter_id,
        accession=hit.accession,
        letter_date=hit.letter_date,
        letter_kind=hit.letter_kind,
        office=hit.office,
        company_id=hit.company_id,
        company=hit.company,
        cik=hit.cik,
        review_id=hit.review_id,
        review_status=hit.review_status,
        number=hit.number,
        heading=hit.heading,
        anchor=hit.anchor,
        forms=list(hit.forms),
        topics=list(hit.topics),
        asks=list(hit.asks),
        answer=list(hit.answer),
        cites=list(hit.cites),
        snippet_html=hit.snippet_html,
    )


def search_results(result: ResultPage) -> SearchResults:
    """A page of results as shown."""
    return SearchResults(
        q=result.query.text,
        sort=result.query.sort,
        page=result.query.page,
        per_page=result.query.per_page,
        pages=result.pages,
        total=result.total,
        total_capped=result.total_capped,
        hits=[search_hit(hit) for hit in result.hits],
    )

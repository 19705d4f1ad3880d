"""What a search asks for (words and filters) and what it gives back (ranked, paged hits)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from reviewdesk.errors import Invalid

MARK_START = "\x02"
MARK_END = "\x03"
"""Markers the backends put around matched words; replaced by <mark> only after escaping."""

COUNT_CAP = 10_000
"""Matches are counted up to this many; beyond it the total reads 'at least 10,000'."""

RANK_WINDOW = 5_000
"""On SQLite, each of comments and responses is ranked among at most this many newest
matches (all of them when fewer match) and counted up to there: the cost of a very common
word is bounded (about 50 ms per table on a million comments)."""

FILTERED_WINDOW = 1_000
"""The window when letter filters (year, office, form, kind, status) must be checked per
match: ranking among the newest 1,000 matches that pass, counted up to there."""

MAX_PAGE = 200
"""The deepest page a search serves."""

EXPORT_CAP = 10_000
"""The most rows a CSV export holds."""


class SearchError(Invalid, ValueError):
    """The search cannot run as asked; the message names the input and what to do."""


class Scope(StrEnum):
    """Which texts to search."""

    all = "all"
    comments = "comments"
    responses = "responses"


class LetterKind(StrEnum):
    """Kinds of letter a parsed reading can have (letters.Kind)."""

    comments = "comments"
    completion = "completion"
    no_review = "no_review"
    response = "response"
    acceleration_request = "acceleration_request"
    other = "other"


class Sort(StrEnum):
    """The order of hits: best match first, or by the letter's date."""

    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


class ReviewStatus(StrEnum):
    """Where a review stands."""

    open = "open"
    closed = "closed"


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Narrowing of a search: by company, reviewed filing's form, year, office, kind, status;
    and by what the record says each item is about (effective labels, TOPICS.md codes):
    topic, topic group, ask (comments), answer class (responses), cited authority; and by
    the company's industry."""

    company_id: int | None = None
    cik: str | None = None
    form: str | None = None
    year: int | None = None
    office: str | None = None
    kind: LetterKind | None = None
    status: ReviewStatus | None = None
    topic: str | None = None
    group: str | None = None
    ask: str | None = None
    answer: str | None = None
    cite: str | None = None
    industry: str | None = None
    """The company's SIC code (digits), or words of EDGAR's description of it."""
    date_from: dt.date | None = None
    """Letters dated on or after this day (the letter's date, else its filing date)."""
    date_to: dt.date | None = None
    """Letters dated on or before this day."""

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SearchError(
                f"the date range from {self.date_from} to {self.date_to} is empty; "
                "give a 'from' day on or before the 'to' day"
            )

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(value is not None for value in asdict(self).values())

    def labelled(self) -> bool:
        """Whether a label filter is set (then words are optional: matches come newest first)."""
        return any(
            x is not None for x in (self.topic, self.group, self.ask, self.answer, self.cite)
        )


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One search: the words, the filters, which texts, and which page."""

    text: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    scope: Scope = Scope.all
    page: int = 1
    per_page: int = 20
    sort: Sort = Sort.relevance

    @property
    def offset(self) -> int:
        """Hits before this page."""
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Hit:
    """One matching comment or response, with where it sits and a highlighted snippet."""

    kind: str
    id: int
    score: float
    snippet: str
    letter_id: int
    accession: str | None = None
    letter_date: dt.date | None = None
    letter_kind: str | None = None
    office: str | None = None
    company_id: int | None = None
    company: str | None = None
    cik: str | None = None
    review_id: int | None = None
    review_status: str | None = None
    number: int | None = None
    heading: str | None = None
    anchor: str = ""
    forms: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)

    @property
    def snippet_html(self) -> str:
        """The snippet escaped, with matched words in <mark>: safe to put in a page."""
        escaped = html.escape(self.snippet)
        return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")

    @property
    def snippet_text(self) -> str:
        """The snippet without highlight markers."""
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, with the snippet as text and as safe HTML."""
        out = asdict(self)
        out["snippet"] = self.snippet_text
        out["snippet_html"] = self.snippet_html
        out["letter_date"] = self.letter_date.isoformat() if self.letter_date else None
        return out


@dataclass(slots=True)
class ResultPage:
    """One page of hits, the (capped) total, and the paging around it."""

    query: SearchQuery
    hits: list[Hit]
    total: int
    total_capped: bool

    @property
    def pages(self) -> int:
        """How many pages the (capped) total makes."""
        return min(MAX_PAGE, max(1, -(-self.total // self.query.per_page)))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages

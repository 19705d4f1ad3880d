"""Run a search: rank comments and responses, merge them, page, and describe each hit with
its letter, company and review; export a whole result set as CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.record.labels import comment_labels, response_labels
from reviewdesk.services.search.backends import (
    SOURCES,
    Backend,
    ListingBackend,
    Source,
    backend_for,
)
from reviewdesk.services.search.engine_index import configured
from reviewdesk.services.search.filters import label_filters_check
from reviewdesk.services.search.model import (
    EXPORT_CAP,
    RANK_WINDOW,
    Hit,
    ResultPage,
    Scope,
    SearchQuery,
    Sort,
)
from reviewdesk.services.search.words import Words, read_words


def _sources(query: SearchQuery) -> list[Source]:
    """The tables a query searches; a staff-office or ask filter leaves out company responses
    (their letters name no office, answers carry no asks) and an answer filter leaves out
    staff comments: scanning them would only find nothing, slowly."""
    filters = query.filters
    comments = query.scope is not Scope.responses and filters.answer is None
    responses = query.scope is not Scope.comments and filters.office is None and filters.ask is None
    return [
        SOURCES[name]
        for name, wanted in (("comments", comments), ("responses", responses))
        if wanted
    ]


def _backend(session: Session, query: SearchQuery) -> Backend:
    """The full-text backend of the session's database; with no words but a label filter, the
    newest matches. Raises SearchError for label codes outside the vocabulary."""
    label_filters_check(query.filters)
    dialect = session.get_bind().dialect.name
    if not query.text.strip() and query.filters.labelled():
        return ListingBackend(dialect)
    return _words_backend(session, read_words(query.text))


def _words_backend(session: Session, words: Words) -> Backend:
    """The backend that finds words: on PostgreSQL with an engine index configured
    ($REVIEWDESK_SEARCH_INDEX) the index, else the database's own full text."""
    dialect = session.get_bind().dialect.name
    where = configured()
    if dialect == "postgresql" and where is not None:
        from reviewdesk.services.search.engine_index.backend import engine_backend

        return engine_backend(session, words, where)
    return backend_for(dialect, words)


def _merged(
    session: Session, backend: Backend, query: SearchQuery, limit: int
) -> tuple[list[tuple[Source, int, float]], int, bool]:
    """The first `limit` items over the searched tables (best first, or by the letter's date
    as the query sorts), the total, whether it is capped; sorted by date, scores read 0."""
    found: list[tuple[Source, int, float]] = []
    total = 0
    capped = False
    for source in _sources(query):
        if query.sort is Sort.relevance:
            best, counted, stopped = backend.ranked(session, source, query.filters, limit)
        else:
            newest = query.sort is Sort.newest
            best, counted, stopped = backend.dated(session, source, query.filters, limit, newest)
        found.extend((source, i, score) for i, score in best)
        total += counted
        capped = capped or stopped
    way = 1 if query.sort is Sort.oldest else -1
    found.sort(key=lambda hit: (-hit[2], hit[0].kind, way * hit[1]))
    if query.sort is not Sort.relevance:
        found = [(source, i, 0.0) for source, i, _ in found]
    return found[:limit], total, capped


def search(session: Session, query: SearchQuery) -> ResultPage:
    """One page of hits for `query`, best first, with snippets; raises SearchError for words
    that cannot be searched."""
    backend = _backend(session, query)
    ranked, total, capped = _merged(session, backend, query, query.offset + query.per_page)
    hits = _describe(session, backend, ranked[query.offset :])
    return ResultPage(query, hits, total, capped)


def newest_matches(
    session: Session, query: SearchQuery, after: Mapping[str, int] | None = None, limit: int = 50
) -> list[Hit]:
    """The newest `limit` matches of `query` (latest letter first), only items whose id is
    above `after[kind]` ('comment', 'response') when given: what a watch has not seen yet.
    Without words any filter lists (a follow of a company or an office); with words the
    matches are those the search ranks (its window of newest matches)."""
    label_filters_check(query.filters)
    dialect = session.get_bind().dialect.name
    backend: Backend = (
        ListingBackend(dialect)
        if not query.text.strip()
        else _words_backend(session, read_words(query.text))
    )
    found: list[tuple[Source, int, float]] = []
    for source in _sources(query):
        best, _counted, _capped = backend.ranked(session, source, query.filters, RANK_WINDOW)
        floor = (after or {}).get(source.kind, 0)
        newest = sorted((i for i, _score in best if i > floor), reverse=True)[:limit]
        found.extend((source, i, 0.0) for i in newest)
    hits = _describe(session, backend, found)
    hits.sort(key=lambda h: (h.letter_date is not None, h.letter_date, h.id), reverse=True)
    return hits[:limit]


def _describe(
    session: Session, backend: Backend, page: list[tuple[Source, int, float]]
) -> list[Hit]:
    hits: list[Hit] = []
    for source in SOURCES.values():
        ids = [i for s, i, _ in page if s is source]
        if not ids:
            continue
        snippets = backend.snippets(session, source, ids)
        rows = _items(session, source, ids)
        for s, i, score in page:
            if s is source and i in rows:
                hits.append(_hit(source.kind, rows[i], score, snippets.get(i, "")))
    _add_letters(session, hits)
    _add_labels(session, hits)
    order = {(s.kind, i): n for n, (s, i, _) in enumerate(page)}
    hits.sort(key=lambda hit: order[(hit.kind, hit.id)])
    return hits


def _items(
    session: Session, source: Source, ids: list[int]
) -> dict[int, schema.Comment | schema.Response]:
    """The comments or responses of the given ids, by id."""
    out: dict[int, schema.Comment | schema.Response] = {}
    if source.kind == "comment":
        out.update(
            (row.id, row)
            for row in session.scalars(select(schema.Comment).where(schema.Comment.id.in_(ids)))
        )
    else:
        out.update(
            (row.id, row)
            for row in session.scalars(select(schema.Response).where(schema.Response.id.in_(ids)))
        )
    return out


def _hit(kind: str, row: schema.Comment | schema.Response, score: float, snippet: str) -> Hit:
    label = row.number if row.number is not None else row.position + 1
    return Hit(
        kind,
        row.id,
        score,
        snippet,
        row.letter_id,
        number=row.number,
        heading=row.heading,
        anchor=f"{kind}-{label}",
    )


def _add_letters(session: Session, hits: list[Hit]) -> None:
    letter_ids = {hit.letter_id for hit in hits}
    letters = {
        x.id: x
        for x in session.scalars(select(schema.Letter).where(schema.Letter.id.in_(letter_ids)))
    }
    review_ids = {x.review_id for x in letters.values() if x.review_id is not None}
    statuses: dict[int, str | None] = {
        review_id: status
        for review_id, status in session.execute(
            select(schema.Review.id, schema.Review.status).where(schema.Review.id.in_(review_ids))
        )
    }
    forms: dict[int, list[str]] = {}
    for letter_id, form in session.execute(
        select(schema.LetterFiling.letter_id, schema.LetterFiling.form)
        .where(schema.LetterFiling.letter_id.in_(letter_ids))
        .order_by(schema.LetterFiling.position)
    ):
        if form and form not in forms.setdefault(letter_id, []):
            forms[letter_id].append(form)
    for hit in hits:
        letter = letters[hit.letter_id]
        hit.accession = letter.accession
        hit.letter_date = letter.date or letter.filing_date
        hit.letter_kind = letter.kind
        hit.office = letter.office
        hit.company_id = letter.company_id
        hit.company = letter.company_name
        hit.cik = letter.cik
        hit.review_id = letter.review_id
        hit.review_status = statuses.get(letter.review_id) if letter.review_id else None
        hit.forms = forms.get(letter.id, [])


CSV_COLUMNS = [
    "kind",
    "id",
    "score",
    "company",
    "cik",
    "accession",
    "letter_date",
    "letter_kind",
    "office",
    "forms",
    "review_id",
    "review_status",
    "number",
    "heading",
    "topics",
    "asks",
    "answer",
    "cites",
    "text",
]


def export_csv(session: Session, query: SearchQuery, limit: int = EXPORT_CAP) -> Iterator[str]:
    """The whole result set (up to `limit` rows, best first) as CSV text, a chunk at a time;
    each row carries the full text of the comment or response."""
    backend = _backend(session, query)
    ranked, _total, _capped = _merged(session, backend, replace(query, page=1), limit)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for start in range(0, len(ranked), 200):
        chunk = ranked[start : start + 200]
        hits = _describe_plain(session, chunk)
        for hit, full_text in hits:
            writer.writerow(
                _cell(value)
                for value in [
                    hit.kind,
                    hit.id,
                    f"{hit.score:.4f}",
                    hit.company or "",
                    hit.cik or "",
                    hit.accession or "",
                    hit.letter_date.isoformat() if hit.letter_date else "",
                    hit.letter_kind or "",
                    hit.office or "",
                    "; ".join(hit.forms),
                    hit.review_id or "",
                    hit.review_status or "",
                    hit.number if hit.number is not None else "",
                    hit.heading or "",
                    "; ".join(hit.topics),
                    "; ".join(hit.asks),
                    "; ".join(hit.answer),
                    "; ".join(hit.cites),
                    full_text,
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if not ranked:
        yield buffer.getvalue()


def _cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (letters are untrusted)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _describe_plain(
    session: Session, chunk: list[tuple[Source, int, float]]
) -> list[tuple[Hit, str]]:
    out: list[tuple[Hit, str]] = []
    rows: dict[tuple[str, int], schema.Comment | schema.Response] = {}
    for source in SOURCES.values():
        ids = [i for s, i, _ in chunk if s is source]
        for item_id, item in _items(session, source, ids).items():
            rows[(source.kind, item_id)] = item
    for source, i, score in chunk:
        row = rows.get((source.kind, i))
        if row is None:
            continue
        full = row.text if isinstance(row, schema.Comment) else row.response_text
        out.append((_hit(source.kind, row, score, ""), full))
    _add_letters(session, [hit for hit, _ in out])
    _add_labels(session, [hit for hit, _ in out])
    return out


def _add_labels(session: Session, hits: list[Hit]) -> None:
    """Each hit's effective topics, asks, answer classes and citations."""
    comments = comment_labels(session, [h.id for h in hits if h.kind == "comment"])
    responses = response_labels(session, [h.id for h in hits if h.kind == "response"])
    for hit in hits:
        labels = (comments if hit.kind == "comment" else responses)[hit.id]
        hit.topics, hit.asks = list(labels.topics), list(labels.asks)
        hit.answer, hit.cites = list(labels.answer), list(labels.cites)

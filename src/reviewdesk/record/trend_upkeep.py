"""Keeping the trend facts current: a refresh recounts the facts of the companies a change
touched (a batch's threading, a label correction, a company's new filer category), stores each
company's cells, and moves the sums by the difference from what the company counted before, so
no refresh reads more than those companies; a rebuild recounts the whole record."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from reviewdesk.record import schema
from reviewdesk.record.trend_facts import (
    CompanyFacts,
    LetterCell,
    ReviewCell,
    Scope,
    count_facts,
)

LetterSums = dict[LetterCell, list[int]]
REBUILD_CHUNK = 2000
"""Companies counted together by a rebuild."""


def letter_cells(stored: list[list[Any]]) -> LetterSums:
    """Letter cells from their JSON form."""
    return {tuple(row[:8]): list(row[8:]) for row in stored}


def review_cells(stored: list[list[Any]]) -> Counter[ReviewCell]:
    """Review cells from their JSON form."""
    return Counter({tuple(row[:9]): int(row[9]) for row in stored})


def stored_facts(session: Session, company_id: int | None) -> CompanyFacts:
    """A company's stored cells (empty when it has none)."""
    found = CompanyFacts()
    column = schema.TrendCompanyFacts.company_id
    where = column.is_(None) if company_id is None else column == company_id
    for row in session.scalars(select(schema.TrendCompanyFacts).where(where)):
        found.letters.update(letter_cells(row.letter_cells))
        found.reviews.update(review_cells(row.review_cells))
    return found


def refresh_trend_facts(session: Session, company_ids: Iterable[int | None]) -> int:
    """Recount the trend facts of these companies (None: letters of no company) and move the
    sums by the difference; returns how many companies were recounted."""
    wanted = set(company_ids)
    if not wanted:
        return 0
    scope = Scope(frozenset(c for c in wanted if c is not None), None in wanted)
    stored = schema.TrendCompanyFacts
    old = CompanyFacts()
    for row in session.scalars(select(stored).where(scope.condition(stored.company_id))):
        _add_letters(old.letters, letter_cells(row.letter_cells), 1)
        old.reviews.update(review_cells(row.review_cells))
    session.execute(delete(stored).where(scope.condition(stored.company_id)))
    new = count_facts(session, scope)
    _store_companies(session, new)
    letters: LetterSums = defaultdict(lambda: [0, 0, 0])
    reviews: Counter[ReviewCell] = Counter()
    for facts in new.values():
        _add_letters(letters, facts.letters, 1)
        reviews.update(facts.reviews)
    _add_letters(letters, old.letters, -1)
    reviews.subtract(old.reviews)
    _move_letter_sums(session, {k: v for k, v in letters.items() if any(v)})
    _move_review_sums(session, {k: n for k, n in reviews.items() if n})
    session.flush()
    return len(wanted)


def facts_missing(session: Session) -> bool:
    """Whether the record has comments but no trend facts (a record from before them)."""
    counted = select(schema.TrendCompanyFacts.id).limit(1)
    commented = select(schema.Comment.id).limit(1)
    return session.scalar(counted) is None and session.scalar(commented) is not None


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """What a rebuild counted: companies, and cells of the sums."""

    companies: int
    letter_cells: int
    review_cells: int


def rebuild_trend_facts(session: Session) -> Rebuilt:
    """Recount the trend facts of the whole record (an existing record, a full re-thread)."""
    for table in (schema.TrendCompanyFacts, schema.TrendLetterFact, schema.TrendReviewFact):
        session.execute(delete(table))
    letters: LetterSums = defaultdict(lambda: [0, 0, 0])
    reviews: Counter[ReviewCell] = Counter()
    found = set(session.scalars(select(schema.Letter.company_id).distinct()))
    found |= set(session.scalars(select(schema.Review.company_id).distinct()))
    ids = sorted(c for c in found if c is not None)
    scopes = [Scope(without_company=True)]
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = ids[start : start + REBUILD_CHUNK]
        scopes.append(Scope(low=chunk[0], high=chunk[-1]))
    companies = 0
    for scope in scopes:
        counted = count_facts(session, scope)
        companies += len(counted)
        _store_companies(session, counted)
        for facts in counted.values():
            _add_letters(letters, facts.letters, 1)
            reviews.update(facts.reviews)
    _move_letter_sums(session, letters)
    _move_review_sums(session, reviews)
    session.flush()
    return Rebuilt(companies, len(letters), len(reviews))


def _add_letters(into: LetterSums, cells: LetterSums, sign: int) -> None:
    for cell, counts in cells.items():
        sums = into.setdefault(cell, [0, 0, 0])
        for index, value in enumerate(counts):
            sums[index] += sign * value


def _store_companies(session: Session, counted: dict[int | None, CompanyFacts]) -> None:
    rows = [
        {
            "company_id": company_id,
            "letter_cells": [[*cell, *counts] for cell, counts in facts.letters.items()],
            "review_cells": [[*cell, n] for cell, n in facts.reviews.items()],
        }
        for company_id, facts in counted.items()
        if facts.letters or facts.reviews
    ]
    if rows:
        session.execute(insert(schema.TrendCompanyFacts), rows)


def _months(cells: Iterable[tuple[Any, ...]], column: Any) -> Any:
    months = {cell[0] for cell in cells}
    known = sorted(m for m in months if m is not None)
    return or_(column.in_(known), column.is_(None)) if None in months else column.in_(known)


LETTER_DIMS = ("month", "office", "filer", "forms", "closed", "kind", "key", "code")
REVIEW_DIMS = ("month", "office", "filer", "forms", "groups", "kind", "letters", "days", "flag")


def _move_letter_sums(session: Session, change: LetterSums) -> None:
    """Add `change` to the letter sums (cells that reach zero go)."""
    table = schema.TrendLetterFact
    present: dict[LetterCell, schema.TrendLetterFact] = {}
    if change:
        for found in session.scalars(select(table).where(_months(change, table.month))):
            present[tuple(getattr(found, d) for d in LETTER_DIMS)] = found
    fresh: list[dict[str, Any]] = []
    for cell, (letters, items, followed) in change.items():
        row = present.get(cell)
        if row is None:
            fresh.append(
                {
                    **dict(zip(LETTER_DIMS, cell, strict=True)),
                    "letters": letters,
                    "items": items,
                    "followed": followed,
                }
            )
            continue
        row.letters += letters
        row.items += items
        row.followed += followed
        if not (row.letters or row.items or row.followed):
            session.delete(row)
    if fresh:
        session.execute(insert(table), fresh)


def _move_review_sums(session: Session, change: dict[ReviewCell, int]) -> None:
    """Add `change` to the review sums (cells that reach zero go)."""
    table = schema.TrendReviewFact
    present: dict[ReviewCell, schema.TrendReviewFact] = {}
    if change:
        for found in session.scalars(select(table).where(_months(change, table.month))):
            present[tuple(getattr(found, d) for d in REVIEW_DIMS)] = found
    fresh: list[dict[str, Any]] = []
    for cell, n in change.items():
        row = present.get(cell)
        if row is None:
            fresh.append({**dict(zip(REVIEW_DIMS, cell, strict=True)), "n": n})
            continue
        row.n += n
        if not row.n:
            session.delete(row)
    if fresh:
        session.execute(insert(table), fresh)

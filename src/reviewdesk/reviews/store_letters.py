"""Letters read from the record as threading sees them, for the whole record or for the
companies a batch touched (threading never joins letters of two companies)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.letters.identifiers import iso_date, normal_file_number
from reviewdesk.record import schema
from reviewdesk.reviews.model import (
    CommentItem,
    ThreadLetter,
    staff_role_of_form,
)
from reviewdesk.reviews.threading import squeezed_name

CHUNK = 500
"""Ids per IN (...) list, well under every database's limit on bound parameters."""


@dataclass(frozen=True, slots=True)
class Companies:
    """The companies whose letters are threaded together: by stored company (CIK), and by
    the squeezed name of letters that give no CIK ("" for letters that give neither)."""

    ids: frozenset[int] = frozenset()
    names: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.ids or self.names)

    def __or__(self, other: Companies) -> Companies:
        return Companies(self.ids | other.ids, self.names | other.names)


def chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def companies_of(session: Session, letter_ids: Collection[int]) -> Companies:
    """The companies of the given letters, and of every letter already threaded into the
    same reviews (so a letter that changed company leaves its old review re-threaded too)."""
    ids: set[int] = set()
    names: set[str] = set()
    review_ids: set[int] = set()
    for chunk in chunks(letter_ids):
        query = select(
            schema.Letter.company_id, schema.Letter.company_name, schema.Letter.review_id
        ).where(schema.Letter.id.in_(chunk))
        for company_id, name, review_id in session.execute(query):
            _add(ids, names, company_id, name)
            if review_id is not None:
                review_ids.add(review_id)
    for chunk in chunks(review_ids):
        linked = select(schema.Letter.company_id, schema.Letter.company_name).where(
            schema.Letter.review_id.in_(chunk)
        )
        for company_id, name in session.execute(linked):
            _add(ids, names, company_id, name)
    return Companies(frozenset(ids), frozenset(names))


def _add(ids: set[int], names: set[str], company_id: int | None, name: str | None) -> None:
    if company_id is not None:
        ids.add(company_id)
    else:
        names.add(squeezed_name(name))


def _letter_ids(session: Session, companies: Companies) -> list[int]:
    """Ids of every stored letter of the companies (indexed by company; the few letters
    without a CIK are matched by squeezed name)."""
    found: set[int] = set()
    for chunk in chunks(companies.ids):
        found.update(
            session.scalars(select(schema.Letter.id).where(schema.Letter.company_id.in_(chunk)))
        )
    if companies.names:
        query = select(schema.Letter.id, schema.Letter.company_name).where(
            schema.Letter.company_id.is_(None)
        )
        found.update(
            letter_id
            for letter_id, name in session.execute(query)
            if squeezed_name(name) in companies.names
        )
    return sorted(found)


def stored_letters(session: Session, companies: Companies | None = None) -> list[schema.Letter]:
    """Every stored letter (or every letter of `companies`) with its filings, comments and
    responses loaded, in id order."""
    query = select(schema.Letter).options(
        selectinload(schema.Letter.filings),
        selectinload(schema.Letter.comments),
        selectinload(schema.Letter.responses),
    )
    if companies is None:
        return list(session.scalars(query.order_by(schema.Letter.id)))
    rows: list[schema.Letter] = []
    for chunk in chunks(_letter_ids(session, companies)):
        rows.extend(session.scalars(query.where(schema.Letter.id.in_(chunk))))
    return sorted(rows, key=lambda row: row.id)


def thread_letter(row: schema.Letter) -> ThreadLetter:
    """A stored letter as a ThreadLetter keyed by its id (the EDGAR form decides a missing role)."""
    numbers = {normal_file_number(f.file_number) for f in row.filings}
    cik = (row.cik.lstrip("0") or "0") if row.cik else None
    return ThreadLetter(
        key=str(row.id),
        cik=cik,
        role=row.role or staff_role_of_form(row.edgar_form),
        kind=row.kind,
        date=row.date,
        filed=row.filing_date,
        company=row.company_name,
        file_numbers=frozenset(n for n in numbers if n),
        forms=frozenset(f.form.strip().upper() for f in row.filings if f.form),
        in_reply_to=iso_date(row.in_reply_to),
        prior_letter_date=row.prior_letter_date,
        refers_to_prior=bool(row.refers_to_prior),
        comments=[CommentItem(c.number, c.text) for c in row.comments],
        response_numbers=[r.number for r in row.responses],
    )

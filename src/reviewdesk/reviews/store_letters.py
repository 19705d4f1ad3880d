"""Letters read from the record as threading sees them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.record import schema
from reviewdesk.reviews.model import (
    CommentItem,
    ThreadLetter,
    iso_date,
    normal_file_number,
    staff_role_of_form,
)


def stored_letters(session: Session) -> list[schema.Letter]:
    """Every stored letter with its filings, comments and responses loaded."""
    query = select(schema.Letter).options(
        selectinload(schema.Letter.filings),
        selectinload(schema.Letter.comments),
        selectinload(schema.Letter.responses),
    )
    return list(session.scalars(query.order_by(schema.Letter.id)))


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

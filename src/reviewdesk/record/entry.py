"""Put a parsed reading into a letter row and its child rows, in place: a new reading of a
stored letter updates the rows it had (same ids) rather than replacing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk import letters
from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters.identifiers import as_cik, iso_date
from reviewdesk.letters.model import Kind, Role
from reviewdesk.record import schema
from reviewdesk.record.labels import write_machine_labels
from reviewdesk.record.reading import classifier_version

Row = TypeVar("Row", schema.Comment, schema.Response, schema.LetterFiling, schema.LetterContact)


def fill_letter(
    session: Session,
    row: schema.Letter,
    reading: letters.Letter,
    given: SubmissionHeader,
    version: str,
    now: dt.datetime,
) -> None:
    """Set every parsed field of `row` from `reading` (what `given` says fills what the
    document lacks) and bring its filings, contacts, comments and responses up to date, with
    the machine's labels of each comment and response (people's labels stay)."""
    row.accession = reading.accession or given.accession
    row.edgar_form = given.form
    row.filing_date = iso_date(given.filed)
    row.cik = as_cik(given.cik)
    row.company_name = reading.company or given.company
    row.role = reading.role
    row.kind = reading.kind
    row.date = iso_date(reading.date)
    row.refers_to_prior = reading.refers_to_prior
    row.prior_letter_date = iso_date(reading.prior_letter_date)
    row.in_reply_to = reading.in_reply_to
    row.signatory = reading.signatory
    row.office = reading.office
    row.parser_version = version
    row.parse_error = reading.error
    row.parsed_at = now
    company = _company(session, row.cik, given.company, row.company_name, row.date)
    row.company_id = company.id if company else None
    _sync(
        session,
        row.filings,
        reading.filings,
        lambda ref: None,
        schema.LetterFiling,
        lambda target, ref: _set_filing(session, target, ref, row.company_id),
    )
    _sync(
        session,
        row.contacts,
        reading.contacts,
        lambda contact: None,
        schema.LetterContact,
        lambda target, contact: _set(target, name=contact.name, phone=contact.phone),
    )
    _sync(
        session,
        row.comments,
        reading.comments,
        lambda comment: comment.number,
        schema.Comment,
        lambda target, comment: _set(
            target,
            number=comment.number,
            heading=comment.heading,
            page=comment.page,
            text=comment.text,
        ),
    )
    _sync(
        session,
        row.responses,
        reading.responses,
        lambda response: response.number,
        schema.Response,
        lambda target, response: _set(
            target,
            number=response.number,
            heading=response.heading,
            comment_text=response.comment_text,
            response_text=response.response_text,
        ),
    )
    write_machine_labels(session, row, reading, classifier_version(), now)


def letter_of(row: schema.Letter) -> letters.Letter:
    """A stored letter as a reading again (the inverse of `fill_letter`), for the layers that
    work on readings (drafting a response to a stored letter)."""
    return letters.Letter(
        source=row.source,
        accession=row.accession,
        error=row.parse_error,
        role=cast(Role | None, row.role),
        kind=cast(Kind | None, row.kind),
        date=_iso(row.date),
        company=row.company_name,
        filings=[
            letters.FilingRef(f.form, f.amendment, _iso(f.period), _iso(f.filed), f.file_number)
            for f in row.filings
        ],
        contacts=[letters.Contact(c.name, c.phone) for c in row.contacts],
        signatory=row.signatory,
        office=row.office,
        comments=[letters.Comment(c.number, c.heading, c.page, c.text) for c in row.comments],
        refers_to_prior=bool(row.refers_to_prior),
        prior_letter_date=_iso(row.prior_letter_date),
        in_reply_to=row.in_reply_to,
        responses=[
            letters.Response(r.number, r.comment_text, r.response_text, heading=r.heading)
            for r in row.responses
        ],
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _set(target: object, **values: Any) -> None:
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)


def _sync(
    session: Session,
    rows: list[Row],
    items: Sequence[Any],
    number_of: Callable[[Any], int | None],
    make: Callable[[], Row],
    apply: Callable[[Row, Any], None],
) -> None:
    """Make `rows` match `items` in order, reusing a row for the item with the same number,
    else for the item at the same position; new items get new rows, leftover rows go."""
    matched = _match(rows, items, number_of)
    leftovers = [row for row in rows if all(row is not kept for kept in matched)]
    moving = [row for row in matched if row is not None]
    if leftovers or any(row.position != index for index, row in enumerate(matched) if row):
        for row in moving:
            row.position = -1 - row.position
        for row in leftovers:
            rows.remove(row)
        session.flush()
    for index, (found, item) in enumerate(zip(matched, items, strict=True)):
        target = found if found is not None else make()
        if found is None:
            rows.append(target)
        target.position = index
        apply(target, item)
    rows.sort(key=lambda row: row.position)


def _match(
    rows: Sequence[Row], items: Sequence[Any], number_of: Callable[[Any], int | None]
) -> list[Row | None]:
    free = list(rows)
    matched: list[Row | None] = [None] * len(items)
    for index, item in enumerate(items):
        number = number_of(item)
        if number is None:
            continue
        for row in free:
            if getattr(row, "number", None) == number:
                matched[index] = row
                free.remove(row)
                break
    for index in range(len(items)):
        if matched[index] is None:
            for row in free:
                if row.position == index:
                    matched[index] = row
                    free.remove(row)
                    break
    return matched


def _set_filing(
    session: Session, target: schema.LetterFiling, ref: letters.FilingRef, company_id: int | None
) -> None:
    _set(
        target,
        form=ref.form,
        amendment=ref.amendment,
        period=iso_date(ref.period),
        filed=iso_date(ref.filed),
        file_number=ref.file_number,
    )
    filing = _filing(session, company_id, target)
    target.filing_id = filing.id if filing else None


def _filing(
    session: Session, company_id: int | None, ref: schema.LetterFiling
) -> schema.Filing | None:
    """The filings row for a Re: reference (created on first sight), or None if the reference
    names neither a form nor a file number."""
    if ref.form is None and ref.file_number is None:
        return None
    columns = schema.Filing
    query = select(schema.Filing).where(
        columns.company_id.is_not_distinct_from(company_id),
        columns.form.is_not_distinct_from(ref.form),
        columns.amendment.is_not_distinct_from(ref.amendment),
        columns.period.is_not_distinct_from(ref.period),
        columns.filed.is_not_distinct_from(ref.filed),
        columns.file_number.is_not_distinct_from(ref.file_number),
    )
    found = session.scalars(query.order_by(columns.id).limit(1)).first()
    if found is None:
        found = schema.Filing(
            company_id=company_id,
            form=ref.form,
            amendment=ref.amendment,
            period=ref.period,
            filed=ref.filed,
            file_number=ref.file_number,
        )
        session.add(found)
        session.flush()
    return found


def _company(
    session: Session,
    cik: str | None,
    edgar_name: str | None,
    written_name: str | None,
    seen: dt.date | None,
) -> schema.Company | None:
    """The company with this CIK (created on first sight), its names recorded with dates."""
    if cik is None:
        return None
    company = session.scalars(select(schema.Company).where(schema.Company.cik == cik)).first()
    if company is None:
        company = schema.Company(cik=cik, name=edgar_name or written_name)
        session.add(company)
        session.flush()
    elif edgar_name and company.name != edgar_name:
        company.name = edgar_name
    for name in dict.fromkeys(n.strip() for n in (edgar_name, written_name) if n and n.strip()):
        _company_name(session, company, name, seen)
    return company


def _company_name(
    session: Session, company: schema.Company, name: str, seen: dt.date | None
) -> None:
    row = session.scalars(
        select(schema.CompanyName).where(
            schema.CompanyName.company_id == company.id, schema.CompanyName.name == name
        )
    ).first()
    if row is None:
        session.add(schema.CompanyName(company=company, name=name, first_seen=seen, last_seen=seen))
        return
    if seen is not None:
        if row.first_seen is None or seen < row.first_seen:
            row.first_seen = seen
        if row.last_seen is None or seen > row.last_seen:
            row.last_seen = seen

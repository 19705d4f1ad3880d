"""A letter as the pages, the API and lists show it: its parsed reading with anchored
comments and responses, its original and attached documents; a letter as a reference or as
one line of a list."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewdesk.record import schema
from reviewdesk.record.attachments import attachments_of, filed_with
from reviewdesk.views.labels import Labels, comment_label_views, response_label_views
from reviewdesk.views.model import ReadModel


class LetterRef(ReadModel):
    """A letter as a link: id, accession, date (else its filing date), kind, role, office."""

    id: int
    accession: str | None
    date: dt.date | None
    kind: str | None
    role: str | None
    office: str | None


class LetterLine(ReadModel):
    """A letter as one line of a list, with its counts of comments and responses."""

    id: int
    accession: str | None
    date: dt.date | None
    role: str | None
    kind: str | None
    company: str | None
    company_id: int | None
    review_id: int | None
    comments: int
    responses: int


class FilingRef(ReadModel):
    """A filing the letter's Re: block names."""

    form: str | None
    amendment: int | None
    period: dt.date | None
    filed: dt.date | None
    file_number: str | None


class Contact(ReadModel):
    """A person the letter names to call."""

    name: str
    phone: str | None


class LetterComment(ReadModel):
    """A numbered comment of a staff letter, with its anchor on the letter page."""

    id: int
    anchor: str
    number: int | None
    heading: str | None
    page: str | None
    text: str
    status: str | None
    follow_up_of_id: int | None
    answered_by_id: int | None
    labels: Labels


class LetterResponse(ReadModel):
    """A company's answer to a comment, the comment as restated, the caption the company
    repeats over it (`heading`, none when it repeats none), and its anchor."""

    id: int
    anchor: str
    number: int | None
    heading: str | None
    comment_text: str | None
    response_text: str
    comment_id: int | None
    labels: Labels


class Original(ReadModel):
    """The letter's document as received."""

    media_type: str
    size: int
    name: str
    sha256: str


class Attachment(ReadModel):
    """Another document of the letter's EDGAR filing, and the letter read from it if any."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    letter_id: int | None
    url: str


class LetterReading(ReadModel):
    """A letter's parsed reading: who wrote it when about what, its comments or responses,
    its place in a review, its original and the documents filed with it, and (a company
    letter) the staff letters it answers."""

    id: int
    accession: str | None
    source: str
    edgar_form: str | None
    filing_date: dt.date | None
    date: dt.date | None
    role: str | None
    kind: str | None
    company: str | None
    company_id: int | None
    cik: str | None
    office: str | None
    signatory: str | None
    in_reply_to: str | None
    refers_to_prior: bool
    prior_letter_date: dt.date | None
    parse_error: str | None
    review_id: int | None
    round: int | None
    due: dt.date | None
    filings: list[FilingRef]
    contacts: list[Contact]
    comments: list[LetterComment]
    responses: list[LetterResponse]
    original: Original
    attachments: list[Attachment]
    filed_with: int | None
    answers_letters: list[LetterRef]


def anchors(items: list[tuple[int | None, int]], prefix: str) -> list[str]:
    """Fragment ids for numbered items (by printed number, else position), unique per page."""
    seen: set[str] = set()
    out = []
    for number, position in items:
        anchor = f"{prefix}-{number if number is not None else position + 1}"
        if anchor in seen:
            anchor = f"{anchor}-{position + 1}"
        seen.add(anchor)
        out.append(anchor)
    return out


def letter_ref(letter: schema.Letter) -> LetterRef:
    """A letter as a link."""
    return LetterRef(
        id=letter.id,
        accession=letter.accession,
        date=letter.date or letter.filing_date,
        kind=letter.kind,
        role=letter.role,
        office=letter.office,
    )


LINE_LOADS = (
    selectinload(schema.Letter.comments).load_only(schema.Comment.id),
    selectinload(schema.Letter.responses).load_only(schema.Response.id),
)
"""What letter_line counts, loaded for a whole list at once (ids only) instead of every
comment and response in full, one query each per letter."""


def letter_line(letter: schema.Letter) -> LetterLine:
    """A letter as one line of a list (load the rows with LINE_LOADS)."""
    return LetterLine(
        id=letter.id,
        accession=letter.accession,
        date=letter.date or letter.filing_date,
        role=letter.role,
        kind=letter.kind,
        company=letter.company_shown,
        company_id=letter.company_id,
        review_id=letter.review_id,
        comments=len(letter.comments),
        responses=len(letter.responses),
    )


def letter(session: Session, letter_id: int) -> LetterReading | None:
    """A letter's parsed reading with anchored comments and responses, and its original."""
    row = session.scalars(
        select(schema.Letter)
        .where(schema.Letter.id == letter_id)
        .options(
            selectinload(schema.Letter.filings),
            selectinload(schema.Letter.contacts),
            selectinload(schema.Letter.comments),
            selectinload(schema.Letter.responses),
            selectinload(schema.Letter.raw_document),
        )
    ).first()
    if row is None:
        return None
    round_ = session.get(schema.Round, row.round_id) if row.round_id else None
    comment_names = anchors([(c.number, c.position) for c in row.comments], "comment")
    comment_views = comment_label_views(session, [c.id for c in row.comments])
    response_views = response_label_views(session, [r.id for r in row.responses])
    response_names = anchors([(r.number, r.position) for r in row.responses], "response")
    return LetterReading(
        id=row.id,
        accession=row.accession,
        source=PurePath(row.source).name,
        edgar_form=row.edgar_form,
        filing_date=row.filing_date,
        date=row.date,
        role=row.role,
        kind=row.kind,
        company=row.company_shown,
        company_id=row.company_id,
        cik=row.cik,
        office=row.office,
        signatory=row.signatory,
        in_reply_to=row.in_reply_to,
        refers_to_prior=row.refers_to_prior,
        prior_letter_date=row.prior_letter_date,
        parse_error=row.parse_error,
        review_id=row.review_id,
        round=round_.number if round_ else None,
        due=round_.due if round_ and round_.staff_letter_id == row.id else None,
        filings=[
            FilingRef(
                form=f.form,
                amendment=f.amendment,
                period=f.period,
                filed=f.filed,
                file_number=f.file_number,
            )
            for f in row.filings
        ],
        contacts=[Contact(name=c.name, phone=c.phone) for c in row.contacts],
        comments=[
            LetterComment(
                id=c.id,
                anchor=name,
                number=c.number,
                heading=c.heading,
                page=c.page,
                text=c.text,
                status=c.status,
                follow_up_of_id=c.follow_up_of_id,
                answered_by_id=c.answered_by_id,
                labels=comment_views[c.id],
            )
            for c, name in zip(row.comments, comment_names, strict=True)
        ],
        responses=[
            LetterResponse(
                id=r.id,
                anchor=name,
                number=r.number,
                heading=r.heading,
                comment_text=r.comment_text,
                response_text=r.response_text,
                comment_id=r.comment_id,
                labels=response_views[r.id],
            )
            for r, name in zip(row.responses, response_names, strict=True)
        ],
        original=Original(
            media_type=row.raw_document.media_type,
            size=row.raw_document.size,
            name=row.raw_document.original_name,
            sha256=row.raw_document_sha256,
        ),
        attachments=[
            Attachment(
                id=document.id,
                name=document.name,
                media_type=document.raw_document.media_type,
                size=document.raw_document.size,
                sha256=document.raw_document_sha256,
                letter_id=document.letter_id,
                url=f"/api/letters/{row.id}/attachments/{document.id}",
            )
            for document in attachments_of(session, row.id)
        ],
        filed_with=filed_with(session, row.id),
        answers_letters=answered_letters(session, row),
    )


def answered_letters(session: Session, row: schema.Letter) -> list[LetterRef]:
    """The staff letters a company letter answers, as threading recorded it: the staff letter
    of the round it answers, and the letters of the comments its responses answer."""
    ids = set(
        session.scalars(
            select(schema.Round.staff_letter_id).where(
                schema.Round.response_letter_id == row.id,
                schema.Round.staff_letter_id.is_not(None),
            )
        )
    )
    answered = [r.comment_id for r in row.responses if r.comment_id is not None]
    if answered:
        ids.update(
            session.scalars(select(schema.Comment.letter_id).where(schema.Comment.id.in_(answered)))
        )
    ids.discard(row.id)
    if not ids:
        return []
    letters = session.scalars(select(schema.Letter).where(schema.Letter.id.in_(ids)))
    return [
        letter_ref(x)
        for x in sorted(letters, key=lambda x: (x.date or x.filing_date or dt.date.min, x.id))
    ]


def attachment(session: Session, letter_id: int, document_id: int) -> tuple[bytes, str, str] | None:
    """A document attached to a letter, exactly as received: bytes, media type and name."""
    document = session.get(schema.FilingDocument, document_id)
    if document is None or document.attached_to_id != letter_id or document.primary:
        return None
    raw = document.raw_document
    return raw.content, raw.media_type, document.name


def original(session: Session, letter_id: int) -> tuple[bytes, str, str] | None:
    """A letter's document exactly as received: bytes, media type and file name."""
    row = session.get(schema.Letter, letter_id)
    if row is None:
        return None
    raw = row.raw_document
    return raw.content, raw.media_type, raw.original_name

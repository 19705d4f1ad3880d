"""The record's tables: companies, filings, raw documents, letters with their comments and
responses, reviews and rounds, ingest errors and the audit log (SQLAlchemy 2, typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every record table; constraint names are fixed for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class Company(Base):
    """A registrant, identified by its 10-digit CIK."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cik: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str | None] = mapped_column(String)
    ticker: Mapped[str | None] = mapped_column(String)
    sic: Mapped[str | None] = mapped_column(String(4), index=True)
    industry: Mapped[str | None] = mapped_column(String)
    """EDGAR's description of the SIC code (sicDescription)."""
    state_of_incorporation: Mapped[str | None] = mapped_column(String)
    filer_category: Mapped[str | None] = mapped_column(String)

    names: Mapped[list[CompanyName]] = relationship(back_populates="company")


class CompanyName(Base):
    """A name a company went by, with the first and last dates it was seen under it."""

    __tablename__ = "company_names"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String)
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)

    company: Mapped[Company] = relationship(back_populates="names")


class Filing(Base):
    """A filing named by a letter (form, amendment number, period, filed date, file number),
    or listed by EDGAR's submissions index, which also gives its accession and primary
    document."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    form: Mapped[str | None] = mapped_column(String)
    amendment: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[dt.date | None] = mapped_column(Date)
    filed: Mapped[dt.date | None] = mapped_column(Date)
    file_number: Mapped[str | None] = mapped_column(String, index=True)
    accession: Mapped[str | None] = mapped_column(String(20), unique=True)
    primary_document: Mapped[str | None] = mapped_column(String)


class RawDocument(Base):
    """A document exactly as received, addressed by the SHA-256 of its bytes; `given` keeps
    what the caller said about it (accession, cik, company, form, filed) for later reparses."""

    __tablename__ = "raw_documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String)
    original_name: Mapped[str] = mapped_column(String)
    given: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Review(Base):
    """The staff's examination of a company's filings: a sequence of rounds (reviews layer)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    opened: Mapped[dt.date | None] = mapped_column(Date)
    closed: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String)
    file_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)


class Round(Base):
    """One staff letter of a review and the company letter that answers it."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    staff_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters.id", ondelete="SET NULL", use_alter=True), index=True
    )
    due: Mapped[dt.date | None] = mapped_column(Date)
    response_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters.id", ondelete="SET NULL", use_alter=True), index=True
    )
    answered: Mapped[dt.date | None] = mapped_column(Date)


class Letter(Base):
    """A staff or company letter: every scalar field of its parsed reading, and its bytes."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw_document_sha256: Mapped[str] = mapped_column(
        ForeignKey("raw_documents.sha256"), unique=True
    )
    source: Mapped[str] = mapped_column(String)
    accession: Mapped[str | None] = mapped_column(String(20), unique=True)
    edgar_form: Mapped[str | None] = mapped_column(String)
    filing_date: Mapped[dt.date | None] = mapped_column(Date)
    cik: Mapped[str | None] = mapped_column(String(10))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    company_name: Mapped[str | None] = mapped_column(String)
    role: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    refers_to_prior: Mapped[bool] = mapped_column(Boolean, default=False)
    prior_letter_date: Mapped[dt.date | None] = mapped_column(Date)
    in_reply_to: Mapped[str | None] = mapped_column(String)
    signatory: Mapped[str | None] = mapped_column(String)
    office: Mapped[str | None] = mapped_column(String)
    parser_version: Mapped[str] = mapped_column(String)
    parse_error: Mapped[str | None] = mapped_column(Text)
    parsed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), index=True
    )

    raw_document: Mapped[RawDocument] = relationship()
    company: Mapped[Company | None] = relationship(lazy="joined")
    filings: Mapped[list[LetterFiling]] = relationship(
        order_by="LetterFiling.position", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[LetterContact]] = relationship(
        order_by="LetterContact.position", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        order_by="Comment.position", cascade="all, delete-orphan", foreign_keys="Comment.letter_id"
    )
    responses: Mapped[list[Response]] = relationship(
        order_by="Response.position",
        cascade="all, delete-orphan",
        foreign_keys="Response.letter_id",
    )

    @hybrid_property
    def day(self) -> dt.date | None:
        """The letter's day: its date, else its filing date (in SQL, the expression migration
        0025 indexes, so lists of the newest letters read the index)."""
        return self.date or self.filing_date

    @day.inplace.expression
    @classmethod
    def _day_expression(cls) -> ColumnElement[dt.date | None]:
        return func.coalesce(cls.date, cls.filing_date)

    @property
    def company_shown(self) -> str | None:
        """The company as the record names it (EDGAR's name, one per CIK), else as written."""
        if self.company is not None and self.company.name:
            return self.company.name
        return self.company_name


class FilingDocument(Base):
    """One document of an EDGAR filing (by accession and file name in its folder): the letter
    it was fetched for (the primary document, or the letter the others are attached to:
    marked pages, supplemental tables, exhibits, a second letter) and, when the document was
    itself read as a letter, that letter."""

    __tablename__ = "filing_documents"
    __table_args__ = (UniqueConstraint("accession", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accession: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_document_sha256: Mapped[str] = mapped_column(ForeignKey("raw_documents.sha256"))
    attached_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters.id", ondelete="CASCADE"), index=True
    )
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"))

    raw_document: Mapped[RawDocument] = relationship()


class LetterFiling(Base):
    """A filing as named in a letter's Re: block, in order, linked to the filings table."""

    __tablename__ = "letter_filings"
    __table_args__ = (UniqueConstraint("letter_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    filing_id: Mapped[int | None] = mapped_column(
        ForeignKey("filings.id", ondelete="SET NULL"), index=True
    )
    form: Mapped[str | None] = mapped_column(String)
    amendment: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[dt.date | None] = mapped_column(Date)
    filed: Mapped[dt.date | None] = mapped_column(Date)
    file_number: Mapped[str | None] = mapped_column(String, index=True)


class LetterContact(Base):
    """A staff person a letter names for questions."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("letter_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    phone: Mapped[str | None] = mapped_column(String)


class Comment(Base):
    """One staff comment; status and links across rounds are filled by the reviews layer."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("letter_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)
    page: Mapped[str | None] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(32))
    follow_up_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="SET NULL", use_alter=True), index=True
    )


class Response(Base):
    """The company's answer to one comment, as numbered and restated in its letter."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("letter_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(Text)
    """The caption restated over the comment, without its page (None: none printed)."""
    comment_text: Mapped[str | None] = mapped_column(Text)
    response_text: Mapped[str] = mapped_column(Text)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )


class Label(Base):
    """One code a comment or an answer carries (a topic, ask, answer class or citation), from
    the machine (`producer` = classifier and `version`) or from a person (`producer` = user
    name); `effective` marks the codes that count: a person's, else the machine's."""

    __tablename__ = "labels"
    __table_args__ = (
        CheckConstraint("(comment_id IS NULL) <> (response_id IS NULL)", name="one_item"),
        Index("ix_labels_facet_code", "facet", "code", "effective"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Deferrable on PostgreSQL (migration 0020): the group writer stores a new item's labels
    # before the item, so the item is stored once with its search keys.
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE", deferrable=True, initially="IMMEDIATE"),
        index=True,
    )
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE", deferrable=True, initially="IMMEDIATE"),
        index=True,
    )
    facet: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String)
    rank: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))
    producer: Mapped[str] = mapped_column(String)
    version: Mapped[str | None] = mapped_column(String)
    labelled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    effective: Mapped[bool] = mapped_column(Boolean)


class IngestError(Base):
    """A document that was stored but could not be read; resolved when a reparse reads it."""

    __tablename__ = "ingest_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raw_document_sha256: Mapped[str] = mapped_column(ForeignKey("raw_documents.sha256"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String)
    message: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One line of the append-only audit log: who did what to which record, and when, chained
    to the line before by hash (record/audit_chain.py)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)


class FetchSchedule(Base):
    """The request schedule that every `reviewdesk fetch` against this record shares, so that
    fetches on several machines keep EDGAR's rate limit together (services/edgar/limiter.py)."""

    __tablename__ = "fetch_schedules"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    schedule: Mapped[str] = mapped_column(Text)


LETTER_FACT_COLUMNS = (
    "kind",
    "key",
    "code",
    "month",
    "closed",
    "office",
    "filer",
    "forms",
    "letters",
    "items",
    "followed",
)
REVIEW_FACT_COLUMNS = (
    "kind",
    "month",
    "office",
    "forms",
    "groups",
    "filer",
    "letters",
    "days",
    "flag",
    "n",
)
"""The indexes of the fact tables hold every column, kind first: a view reads the kinds it
needs from the index alone, in the order it sums them, on either store."""


class TrendLetterFact(Base):
    """Counts of comment letters, comments and answers summed over every company, which the
    trends views read instead of the letters themselves; kept by ingest (record/trend_facts.py).
    A row is one cell: the letter dimensions a view filters on (`month` = yyyymm of the first
    month of the part of the year of the letter's day: January, July or October; staff
    `office`, the company's `filer` category, the letter's filing `forms` as '|10-K|10-Q/A|',
    `closed`: its review is closed, for the kinds read so) and a `kind` of count with its `key`
    (topic, group or main topic) and `code` (ask or answer class)."""

    __tablename__ = "trend_letter_facts"
    __table_args__ = (Index("ix_trend_letter_facts_kind", *LETTER_FACT_COLUMNS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str | None] = mapped_column(String)
    filer: Mapped[str | None] = mapped_column(String)
    forms: Mapped[str] = mapped_column(String)
    closed: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String)
    code: Mapped[str] = mapped_column(String)
    letters: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)
    followed: Mapped[int] = mapped_column(Integer)


class TrendReviewFact(Base):
    """Counts of reviews, answered comment letters and requests for more time summed over
    every company, which the reviews view reads; kept by ingest (record/trend_facts.py). A row
    is one cell: the review's dimensions (`month`: the part of the year of its first comment
    letter, as for letter facts; `office` of its comment letters, the company's `filer` category, the `forms` its letters name and the topic
    `groups` its comments carry, both as '|a|b|') and a `kind` of count: 'review' (`letters`
    comment letters, `flag` completed, `days` to completion), 'answer' (`days` to answer,
    `flag` by the due date) or 'extension'; `n` how many."""

    __tablename__ = "trend_review_facts"
    __table_args__ = (Index("ix_trend_review_facts_kind", *REVIEW_FACT_COLUMNS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int | None] = mapped_column(Integer)
    office: Mapped[str | None] = mapped_column(String)
    filer: Mapped[str | None] = mapped_column(String)
    forms: Mapped[str] = mapped_column(String)
    groups: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String(10))
    letters: Mapped[int] = mapped_column(Integer)
    days: Mapped[int | None] = mapped_column(Integer)
    flag: Mapped[bool] = mapped_column(Boolean)
    n: Mapped[int] = mapped_column(Integer)


class TrendCompanyFacts(Base):
    """One company's share of the trend facts (`company_id` None: letters and reviews without
    a company), as the cells of both fact tables in JSON: what a company cut of a view reads,
    and what a refresh takes back out of the sums before adding the company's new counts."""

    __tablename__ = "trend_company_facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int | None] = mapped_column(Integer, index=True)
    letter_cells: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    review_cells: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)

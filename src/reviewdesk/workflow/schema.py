"""Tables of reviews authored in the desk (migration 0002): the review and its filing
versions, rounds with their letters, comments, answer drafts with their history,
confidential passages, and the counsel named on each review."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from reviewdesk.accounts.schema import DeskBase
from reviewdesk.record.schema import Company
from reviewdesk.workflow.machine import State
from reviewdesk.workflow.statuses import CommentStatus, RoundKind


class NamedValue(TypeDecorator[StrEnum]):
    """A string-valued enum kept as its string in a VARCHAR column (the schema of migration
    0002 unchanged): read back as the enum, and an unknown value refused before it is written."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


class AuthoredReview(DeskBase):
    """A review run in the desk: its company, filing, scope, state and letter particulars."""

    __tablename__ = "authored_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey(Company.__table__.c.id), index=True)
    company_name: Mapped[str] = mapped_column(String, default="")
    """The registrant's name as the reviewer wrote it; empty for reviews opened before."""
    state: Mapped[State] = mapped_column(NamedValue(State, 16))
    scope: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(32))
    filed: Mapped[dt.date] = mapped_column(Date)
    file_number: Mapped[str] = mapped_column(String(32))
    addressee: Mapped[str] = mapped_column(String)
    addressee_title: Mapped[str] = mapped_column(String, default="")
    address: Mapped[list[str]] = mapped_column(JSON, default=list)
    office: Mapped[str] = mapped_column(String, default="")
    contacts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    signatory: Mapped[str] = mapped_column(String, default="")
    signatory_title: Mapped[str] = mapped_column(String, default="")
    opened_by: Mapped[str] = mapped_column(String)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    release_after_days: Mapped[int] = mapped_column(Integer, default=20)
    released_on: Mapped[dt.date | None] = mapped_column(Date)

    rounds: Mapped[list[AuthoredRound]] = relationship(
        order_by="AuthoredRound.number", back_populates="review"
    )
    filings: Mapped[list[FilingVersion]] = relationship(order_by="FilingVersion.version")


class FilingVersion(DeskBase):
    """The filing under review (version 0) or an amendment, byte for byte, with its captions
    and pages as read, and (for amendments) the marked copy against the version before."""

    __tablename__ = "filing_versions"
    __table_args__ = (UniqueConstraint("review_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("authored_reviews.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String)
    media_type: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    pages: Mapped[int] = mapped_column(Integer)
    captions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    marked_copy_html: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuthoredRound(DeskBase):
    """One staff letter of an authored review (comments or completion) and its answer."""

    __tablename__ = "authored_rounds"
    __table_args__ = (UniqueConstraint("review_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("authored_reviews.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RoundKind] = mapped_column(NamedValue(RoundKind, 16), default=RoundKind.comments)
    signed_off_by: Mapped[str | None] = mapped_column(String)
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str | None] = mapped_column(String)
    letter_date: Mapped[dt.date | None] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date)
    letter_html: Mapped[str | None] = mapped_column(Text)
    letter_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    submitted_by: Mapped[str | None] = mapped_column(String)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    amendment_id: Mapped[int | None] = mapped_column(
        ForeignKey("filing_versions.id", ondelete="SET NULL")
    )

    review: Mapped[AuthoredReview] = relationship(back_populates="rounds")
    comments: Mapped[list[AuthoredComment]] = relationship(
        order_by="AuthoredComment.position", back_populates="round"
    )


class AuthoredComment(DeskBase):
    """A comment written by a reviewer: caption and page (None for the filing as a whole),
    its text, and where it stands (draft, issued, resolved, followed_up)."""

    __tablename__ = "authored_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("authored_rounds.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(Text)
    page: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(
        NamedValue(CommentStatus, 16), default=CommentStatus.draft
    )
    follow_up_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("authored_comments.id", ondelete="SET NULL")
    )
    written_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    round: Mapped[AuthoredRound] = relationship(back_populates="comments")


class AnswerDraft(DeskBase):
    """The company's answer to one issued comment: the current text and its version."""

    __tablename__ = "answer_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("authored_comments.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str] = mapped_column(String)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    revisions: Mapped[list[AnswerRevision]] = relationship(order_by="AnswerRevision.version")


class AnswerRevision(DeskBase):
    """One saved version of an answer: who, when, the text, and what changed."""

    __tablename__ = "answer_revisions"
    __table_args__ = (UniqueConstraint("answer_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer_drafts.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ConfidentialPassage(DeskBase):
    """A passage of an answer the company marked confidential: hidden from the public."""

    __tablename__ = "confidential_passages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer_drafts.id", ondelete="CASCADE"), index=True
    )
    passage: Mapped[str] = mapped_column(Text)
    marked_by: Mapped[str] = mapped_column(String)
    marked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReviewCounsel(DeskBase):
    """Outside counsel named on a review: they see it and answer for the company."""

    __tablename__ = "review_counsel"
    __table_args__ = (UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("authored_reviews.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

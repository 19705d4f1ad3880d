"""The parsed reading of a letter, field for field as in shared/contract/PARSE_OUTPUT.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from reviewdesk.letters.about.compiled import TopicOdds

Role = Literal["staff", "company"]
Kind = Literal["comments", "completion", "no_review", "response", "acceleration_request", "other"]
KIND_NAMES: dict[str, str] = {
    "comments": "comment letter",
    "completion": "completion letter",
    "no_review": "no-review letter",
    "response": "response letter",
    "acceleration_request": "acceleration request",
    "other": "other letter",
}
"""A letter's kind in words, as pages and the command line say it (the codes stay in the API)."""


@dataclass(slots=True)
class FilingRef:
    """One filing named in the Re: block."""

    form: str | None
    amendment: int | None = None
    period: str | None = None
    filed: str | None = None
    file_number: str | None = None


@dataclass(slots=True)
class Contact:
    """A staff person named for questions."""

    name: str
    phone: str | None = None


@dataclass(slots=True)
class Comment:
    """One staff comment: its printed number, the caption and page it sits under, its text."""

    number: int | None
    heading: str | None
    page: str | None
    text: str
    topics: list[str] = field(default_factory=list)
    """What the comment is about: 1 to 3 topic codes of TOPICS.md, the main one first."""
    asks: list[str] = field(default_factory=list)
    """What it asks the company to do: ask codes of TOPICS.md."""
    cites: list[str] = field(default_factory=list)
    """Every authority it names, in the normal forms of TOPICS.md."""
    topic_odds: TopicOdds | None = field(default=None, repr=False, compare=False)
    """The topic probabilities its topics were read from (not printed): a comment and its
    answers read together average them (reviews/conversations.py)."""


@dataclass(slots=True)
class Response:
    """The company's answer to one comment, with the comment as restated (if it is)."""

    number: int | None
    comment_text: str | None
    response_text: str
    answer: list[str] = field(default_factory=list)
    """How the company answered: answer codes of TOPICS.md."""
    topics: list[str] = field(default_factory=list)
    """The topics of the comment it answers, the main one first."""
    cites: list[str] = field(default_factory=list)
    """Every authority the answer names, in the normal forms of TOPICS.md."""
    heading: str | None = None
    """The caption the company restates over the comment (the part of the filing it is
    about, as the staff letter captions it), without its page; None when it prints none."""
    topic_odds: TopicOdds | None = field(default=None, repr=False, compare=False)
    """The topic probabilities its topics were read from (not printed)."""


@dataclass(slots=True)
class Letter:
    """A letter as read: who wrote it, about what, and its comments or responses."""

    source: str
    accession: str | None = None
    error: str | None = None
    role: Role | None = None
    kind: Kind | None = None
    date: str | None = None
    company: str | None = None
    filings: list[FilingRef] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    signatory: str | None = None
    office: str | None = None
    comments: list[Comment] = field(default_factory=list)
    refers_to_prior: bool = False
    prior_letter_date: str | None = None
    in_reply_to: str | None = None
    responses: list[Response] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object."""
        data = asdict(self)
        for item in (*data["comments"], *data["responses"]):
            del item["topic_odds"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        """Rebuild a reading from its contract JSON object (unknown keys are ignored)."""
        return cls(
            source=data["source"],
            accession=data.get("accession"),
            error=data.get("error"),
            role=data.get("role"),
            kind=data.get("kind"),
            date=data.get("date"),
            company=data.get("company"),
            filings=[FilingRef(**f) for f in data.get("filings") or []],
            contacts=[Contact(**c) for c in data.get("contacts") or []],
            signatory=data.get("signatory"),
            office=data.get("office"),
            comments=[Comment(**c) for c in data.get("comments") or []],
            refers_to_prior=bool(data.get("refers_to_prior")),
            prior_letter_date=data.get("prior_letter_date"),
            in_reply_to=data.get("in_reply_to"),
            responses=[Response(**r) for r in data.get("responses") or []],
        )

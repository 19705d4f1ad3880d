"""An issued staff letter as the desk writes it: particulars, comments, wording by kind.

The wording follows the standard form of Division of Corporation Finance letters; the
comment texts and captions are the reviewers' own. A comment about the filing as a whole
sits under the caption "General", as staff letters print it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reviewdesk.letters import FilingRef
from reviewdesk.services.drafting.wording import filing_title, long_date
from reviewdesk.workflow.statuses import RoundKind

GENERAL = "General"
_HONORIFICS = {"mr": "Mr.", "ms": "Ms.", "mrs": "Mrs.", "miss": "Miss", "dr": "Dr.", "mx": "Mx."}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
"""The caption of comments about the filing as a whole."""


@dataclass(frozen=True, slots=True)
class LetterComment:
    """A numbered comment under its caption (None: the filing as a whole) and page."""

    number: int
    caption: str | None
    page: str | None
    text: str

    @property
    def heading(self) -> str:
        """The caption as printed, without its page reference."""
        return self.caption or GENERAL

    @property
    def caption_line(self) -> str:
        """The caption line as printed: 'Risk Factors, page 12'."""
        return f"{self.heading}, page {self.page}" if self.page else self.heading


@dataclass(slots=True)
class StaffLetter:
    """Everything a staff letter says, before it is written as HTML, DOCX or PDF."""

    kind: str
    date: dt.date
    company: str
    addressee: str
    addressee_title: str
    address: list[str]
    form: str
    filed: dt.date
    file_number: str
    scope: str = "full"
    prior_letter_date: dt.date | None = None
    response_date: dt.date | None = None
    comments: list[LetterComment] = field(default_factory=list)
    contacts: list[tuple[str, str]] = field(default_factory=list)
    signatory: str = ""
    signatory_title: str = ""
    office: str = ""

    def salutation(self) -> str:
        """'Dear Mr. Ayer:' when the addressee is written with an honorific ("Mr. Tom
        Ayer"); the whole name when not, since the staff would not guess one."""
        words = self.addressee.split()
        if not words:
            return "Dear Sir or Madam:"
        if len(words) >= 2 and words[0].rstrip(".").lower() in _HONORIFICS:
            surname = words[-1] if words[-1].rstrip(".").lower() not in _SUFFIXES else words[-2]
            return f"Dear {_HONORIFICS[words[0].rstrip('.').lower()]} {surname}:"
        return f"Dear {self.addressee}:"

    def re_lines(self) -> list[str]:
        """The Re: block: company, the filing's title, its filed date and file number."""
        title = filing_title(FilingRef(form=self.form))
        return [
            self.company,
            title,
            f"Filed {long_date(self.filed)}",
            f"File No. {self.file_number}",
        ]

    def opening(self) -> list[str]:
        """The opening paragraphs: what was reviewed and what the company should do."""
        if self.kind == RoundKind.completion:
            return [
                "We have completed our review of your filing. We remind you that the company "
                "and its management are responsible for the accuracy and adequacy of their "
                "disclosures, notwithstanding any review, comments, action or absence of "
                "action by the staff."
            ]
        if self.prior_letter_date is not None:
            answered = (
                f"your {long_date(self.response_date)} response"
                if self.response_date is not None
                else "your response"
            )
            first = (
                f"We have reviewed {answered} to our comment letter and have the following "
                "comments. Unless we note otherwise, any references to prior comments are to "
                f"comments in our {long_date(self.prior_letter_date)} letter."
            )
        else:
            first = {
                "financial": "We have limited our review of your filing to the financial "
                "statements and related disclosures and have the following comments.",
                "targeted": "We have limited our review of your filing to those issues we have "
                "addressed in our comments.",
            }.get(self.scope, "We have reviewed your filing and have the following comments.")
        return [
            first + " In some of our comments, we may ask you to provide us with information "
            "so we may better understand your disclosure.",
            "Please respond to this letter by amending your filing, by providing the requested "
            "information, or by advising us when you will provide the requested response. If "
            "you do not believe our comments apply to your facts and circumstances or do not "
            "believe an amendment is appropriate, please tell us why in your response.",
            "After reviewing any amendment to your filing and the information you provide in "
            "response to these comments, we may have additional comments.",
        ]

    def closing(self) -> list[str]:
        """The closing paragraphs: responsibility, and whom to call."""
        out: list[str] = []
        if self.kind != RoundKind.completion:
            out.append(
                "We remind you that the company and its management are responsible for the "
                "accuracy and adequacy of their disclosures, notwithstanding any review, "
                "comments, action or absence of action by the staff."
            )
        if self.contacts:
            people = " or ".join(f"{name} at {phone}" for name, phone in self.contacts)
            out.append(f"Please contact {people} with any questions.")
        return out

    def signature(self) -> list[str]:
        """The lines under 'Sincerely,'."""
        lines = [self.signatory] if self.signatory else []
        if self.signatory_title:
            lines.append(self.signatory_title)
        if self.office:
            lines.append(self.office)
        lines.append("Division of Corporation Finance")
        return lines


def paragraphs(text: str) -> list[str]:
    """A comment's text as paragraphs: blank lines separate them, other whitespace is one
    space."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def normal_text(text: str) -> str:
    """A comment's text as stored and as it reads back: paragraphs joined by a blank line."""
    return "\n\n".join(paragraphs(text))

"""Staff letters: kind, numbered and un-numbered comments, captions and pages, prior letters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewdesk.letters.blocks import Block
from reviewdesk.letters.captions import CAPTION_PAGE, caption_like, caption_lines, split_page
from reviewdesk.letters.dates import find_dates
from reviewdesk.letters.model import Comment

COMMENT_START = re.compile(r"^\s*(?:Comment\s+(?:No\.\s*)?)?(\d{1,3})\s*[.):](?!\d)\s*(?=\S)")
CLOSING_START = re.compile(
    r"^\s*(?:We urge all persons|We remind you|In closing|Please contact|You may contact|"
    r"If you have (?:any )?questions|Please direct (?:any )?questions|Please allow adequate time|"
    r"Refer to Rules? 460|We will consider a written request for acceleration|"
    r"In connection with responding to our comments|Please be advised that the Division of "
    r"Enforcement|Please furnish a cover letter|Notwithstanding our comments, in the event|"
    r"Please understand that we may have additional comments|We also remind you|"
    r"(?:As appropriate, )?[Pp]lease (?:amend|respond to) (?:your|this|these|our)[^.]{0,80}"
    r"(?:business days|within ten|within 10)|Please respond to this letter within|"
    r"Sincerely|Very truly yours|Respectfully|\*\s*\*\s*\*|Please send your response|"
    r"For questions regarding|Should you have any questions|Feel free to contact|"
    r"Please (?:also )?note that we may have additional comments)",
    re.I,
)
INTRO = re.compile(
    r"^\s*(?:We have (?:reviewed|limited|completed|conducted|selectively|read)|Please respond|"
    r"After reviewing|In some of our comments|Unless we note otherwise|Our references to prior|"
    r"Please understand that the purpose|We welcome any questions|Feel free to call|We have "
    r"the following|Where indicated|Please provide (?:us with )?(?:a )?response|In our letter|"
    r"This is to advise|We have no (?:further )?comments)",
    re.I,
)
_COMPLETION = re.compile(
    r"(?:have|has)\s+completed\s+(?:its|our|the|their)\s+review|no\s+further\s+comments|"
    r"have\s+no\s+comments|review\s+(?:is|has\s+been)\s+completed"
    r"|concluded\s+(?:its|our)\s+review",
    re.I,
)
_NO_REVIEW = re.compile(
    r"(?:did|do|will|does)\s+not\s+(?:to\s+)?(?:conduct\s+a\s+)?review|not\s+reviewed|"
    r"(?:decided|determined)\s+not\s+to\s+review|no\s+review\b|will\s+not\s+be\s+reviewed|"
    r"not\s+(?:be\s+)?subject\s+to\s+(?:a\s+)?(?:full\s+)?review|not\s+selected\s+for\s+review",
    re.I,
)
_COMMENT_WORDS = re.compile(
    r"following\s+comments?|comment\(s\)|have\s+(?:a|one|the\s+following|an\s+additional)\s+"
    r"(?:additional\s+)?comment|comments?\s+below",
    re.I,
)
_REQUEST = re.compile(
    r"\bPlease\s+(?:advise|tell|explain|revise|provide|confirm|disclose|describe|clarify|expand|"
    r"quantify|address)\b"
)
PRIOR_REFERENCE = re.compile(
    r"(?:your|the\s+company's|the\s+company’s)\s+(?:[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s+)?"
    r"(?:letter|response|responses|correspondence)\b[^.]{0,80}?\b(?:to|in\s+response\s+to)\s+"
    r"(?:our|the\s+staff's|the\s+staff’s)\s+(?:prior\s+|previous\s+)?(?:comment|letter)"
    r"|(?:prior|previous|earlier)\s+comments?\s+(?:no\.?\s*)?\d"
    r"|references\s+to\s+prior\s+comments"
    r"|(?:note|reviewed|read|considered)\s+your\s+(?:[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s+)?"
    r"(?:response|responses|letter)\b"
    r"|response\s+to\s+(?:our\s+)?(?:prior\s+|previous\s+)?comments?\s+(?:no\.?\s*)?\d"
    r"|(?:refer|reference)\s+to\s+(?:our\s+)?(?:prior\s+|previous\s+)?comments?\s+\d",
    re.I,
)
_BOILERPLATE_REVIEW = re.compile(
    r"After reviewing (?:any amendment to your [^.]{0,60} and the information you provide in )?"
    r"(?:your )?response[^.]{0,80}\.",
    re.I,
)
_PRIOR_LETTER = re.compile(
    r"\b(?:our|the\s+staff's|the\s+staff’s)\s+(?:comment\s+)?letter\s+(?:dated|of)\s+"
    r"|\b(?:our|in\s+the)\s+(?=[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s+(?:comment\s+)?letter)"
    r"|\bcomments\s+in\s+our\s+(?:letter\s+)?(?:dated\s+)?",
    re.I,
)
_PRIOR_COMMENT_LETTER = re.compile(
    r"\bcomments?\b[^.]{0,40}?\b(?:of|in|from)\s+our\s+(?:(?=[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s+"
    r"(?:comment\s+)?letter)|(?:comment\s+)?letter\s+(?:dated\s+|of\s+)?)",
    re.I,
)


@dataclass(slots=True)
class StaffReading:
    """What the body of a staff letter says."""

    kind: str
    comments: list[Comment]
    refers_to_prior: bool
    prior_letter_date: str | None
    closing_index: int


def read_staff(blocks: list[Block], body_start: int, body_end: int) -> StaffReading:
    """Read comments from the letter's body (from after the salutation to the sign-off)."""
    body = blocks[body_start:body_end]
    starts = _numbered_starts(body)
    comments: list[Comment] = []
    closing = len(body)
    if starts:
        last = starts[-1][0]
        closing = next(
            (i for i in range(last + 1, len(body)) if CLOSING_START.match(body[i].text)),
            len(body),
        )
        comments = _numbered_comments(body, starts, closing)
    else:
        comments, closing = _unnumbered_comments(body)
    text = " ".join(b.text for b in body[: max(closing, 1)])
    kind = "comments" if comments else _kind_without_comments(" ".join(b.text for b in body))
    text = _BOILERPLATE_REVIEW.sub("", text)
    opening = " ".join(b.text for b in body[: starts[0][0]] if starts) if starts else text
    prior_date = _prior_letter_date(_BOILERPLATE_REVIEW.sub("", opening), _PRIOR_LETTER)
    prior_date = prior_date or _prior_letter_date(text, _PRIOR_COMMENT_LETTER)
    refers = bool(PRIOR_REFERENCE.search(text)) or prior_date is not None
    return StaffReading(kind, comments, refers, prior_date, body_start + closing)


def _numbered_starts(body: list[Block]) -> list[tuple[int, int]]:
    """(block position, number) of every numbered comment, in sequence."""
    candidates = []
    for position, block in enumerate(body):
        match = COMMENT_START.match(block.text)
        if match and not CLOSING_START.match(block.text[match.end() :]):
            candidates.append((position, int(match.group(1))))
    starts: list[tuple[int, int]] = []
    for index, (position, number) in enumerate(candidates):
        if starts:
            expected = starts[-1][1] + 1
            if number not in (expected, expected + 1):
                continue
        elif number > 60:
            continue
        following = next((n for p, n in candidates[index + 1 :] if p > position), None)
        if caption_like(body[position]) and (
            following == number
            or CAPTION_PAGE.search(body[position].text)
            or any(p == position + 1 for p, _ in candidates)
        ):
            continue
        starts.append((position, number))
    return starts


def _after_number(text: str) -> str:
    match = COMMENT_START.match(text)
    return text[match.end() :] if match else text


def _caption_run(body: list[Block], end: int, floor: int) -> int:
    """Where the run of caption paragraphs that ends just before `end` begins."""
    start = end
    while start - 1 >= floor and end - (start - 1) <= 5 and caption_like(body[start - 1]):
        if CLOSING_START.match(body[start - 1].text) or INTRO.match(body[start - 1].text):
            break
        start -= 1
    return start


def _numbered_comments(
    body: list[Block], starts: list[tuple[int, int]], closing: int
) -> list[Comment]:
    comments: list[Comment] = []
    heading: str | None = None
    page: str | None = None
    floor = 0
    for index, (position, number) in enumerate(starts):
        run = _caption_run(body, position, floor)
        if run < position:
            heading, page = _nearest_caption(body[run:position])
        elif index == 0:
            heading, page = _caption_above_introduction(body, position)
        end = starts[index + 1][0] if index + 1 < len(starts) else closing
        if index + 1 < len(starts):
            end = _caption_run(body, end, position + 1)
        pieces = [_after_number(body[position].text)] + [b.text for b in body[position + 1 : end]]
        comments.append(Comment(number, heading, page, "\n\n".join(p for p in pieces if p)))
        floor = position + 1
    return comments


def _caption_above_introduction(body: list[Block], position: int) -> tuple[str | None, str | None]:
    """Captions printed above the opening paragraphs ("Note 2 ...", then "We have reviewed your
    responses ... and have the following comments", then comment 1)."""
    for end in range(position - 1, 0, -1):
        if caption_like(body[end - 1]) and not CLOSING_START.match(body[end - 1].text):
            return _nearest_caption(body[_caption_run(body, end, 0) : end])
    return None, None


def _nearest_caption(blocks: list[Block]) -> tuple[str | None, str | None]:
    captions = [c for block in blocks for c in caption_lines(block)]
    if not captions:
        return None, None
    heading, page = split_page(captions[-1])
    return heading or None, page


def _unnumbered_comments(body: list[Block]) -> tuple[list[Comment], int]:
    """Comments with no printed number: the text under each caption after the introduction."""
    position = 0
    while position < len(body) and (
        INTRO.match(body[position].text) or _boilerplate(body[position])
    ):
        position += 1
    intro = " ".join(b.text for b in body[:position])
    closing = next(
        (i for i in range(position, len(body)) if CLOSING_START.match(body[i].text)), len(body)
    )
    if _COMPLETION.search(intro[:600]):
        return [], closing
    if not _COMMENT_WORDS.search(intro) and not _bare_request(body[position:closing]):
        return [], closing
    comments: list[Comment] = []
    heading: str | None = None
    page: str | None = None
    texts: list[str] = []
    while position < closing:
        block = body[position]
        if caption_like(block) and position + 1 < closing and not caption_like(body[position + 1]):
            if texts:
                comments.append(Comment(None, heading, page, "\n\n".join(texts)))
                texts = []
            heading, page = _nearest_caption([block])
        elif not (caption_like(block) and position + 1 < closing):
            texts.append(block.text)
        position += 1
    if texts:
        comments.append(Comment(None, heading, page, "\n\n".join(texts)))
    return comments, closing


def _bare_request(blocks: list[Block]) -> bool:
    """A short letter that asks something with no "following comment" preamble ("We note the
    statement you issued ... Please advise us ..."); redacted-exhibit letters are not comments."""
    text = " ".join(block.text for block in blocks)
    return (
        0 < len(blocks) <= 4
        and _REQUEST.search(text) is not None
        and not re.search(r"\bredact", text, re.I)
    )


def _boilerplate(block: Block) -> bool:
    return bool(re.search(r"\b(?:business days|response to these comments)\b", block.text)) and (
        len(block.text) > 80
    )


def _kind_without_comments(text: str) -> str:
    head = text[:1500]
    if _NO_REVIEW.search(head):
        return "no_review"
    if _COMPLETION.search(head):
        return "completion"
    return "other"


def _prior_letter_date(text: str, pattern: re.Pattern[str]) -> str | None:
    """The date of our earlier letter that `pattern` finds in `text`."""
    for match in pattern.finditer(text):
        for start, _end, iso in find_dates(text[match.end() : match.end() + 40]):
            if start < 6:
                return iso
    return None

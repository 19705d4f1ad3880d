"""Company letters: kind, the staff letter answered, and each answer keyed to its comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewdesk.letters.blocks import Block
from reviewdesk.letters.captions import CAPTION_PAGE, caption_like, split_page
from reviewdesk.letters.dates import find_dates
from reviewdesk.letters.model import Response

_COMMENT_LABEL = re.compile(
    r"^\s*(?:\[?(?:Staff(?:'s|’s)?\s+|SEC\s+)?(?:Oral\s+|Verbal\s+)?Comments?\s*(?:No\.?|Number|#)?\s*(\d{1,3})\s*\]?"
    r"\s*[:.\-–—)]?|(\d{1,3})\s*[.)](?!\d)(?=\s*\S)|\((\d{1,3})\)(?=\s*\S)|Question\s+(\d{1,3})\s*[:.])\s*",
    re.I,
)
_RESPONSE_LABEL = re.compile(
    r"^\s*\[?(?:(?:The\s+)?Company(?:'s|’s)?\s+|Our\s+|Registrant(?:'s|’s)?\s+|Management(?:'s|’s)?\s+|"
    r"[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3}(?:'s|’s)?\s+)?"
    r"(?i:Responses?|Reply|Answer)(?:\s+(?i:to|for)\s+"
    r"(?i:the\s+)?(?i:Staff(?:'s|’s)?\s+)?(?i:Comment|Question)s?)?(?:\s*(?:No\.?|Number|#)?\s*(\d{1,3}))?\s*\]?\s*(?:[:.\-–—]\s*|$)",
)
_COMMENT_HEADING = re.compile(
    r"[\w\s’'.]{0,30}?\bComments?\s*(?:No\.?|#|Number)?\s*\d*\s*[:.]?", re.I
)
_BULLET_PART = re.compile(r"^\s*(?:[•·●◦▪■\-–—*]|\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z])")
"""A restated part of a comment (a bullet, a lettered item) answered on its own."""
_CAPTION_LEAD = re.compile(
    r"^.{0,160}?[,\s]\s*pages?\s+[A-Z]{0,2}-?\d+[A-Za-z]?\s+(?=(?:We|Please|Tell|You|Your|"
    r"Refer|Provide|Explain|Describe|Disclose|Revise|It|In|With|Regarding)\b)"
)
_STAFF_LABEL = re.compile(r"^\s*(?:Staff(?:'s|’s)?\s+)?Comment(?:s)?\s*[:.\-–—]\s*", re.I)
_CLOSING = re.compile(
    r"^\s*(?:\*\s*\*\s*\*|If you (?:have|should have) any (?:further )?questions|Should you have|"
    r"Please (?:do not hesitate|contact|direct|feel free|call|let (?:us|me) know)|We (?:hope|trust) "
    r"(?:that )?(?:the|this|our)|Thank you for your (?:assistance|attention|time|consideration|review)|"
    r"If the Staff has|We appreciate (?:the Staff(?:'s|’s)?|your) (?:assistance|attention|time|"
    r"consideration|review)|We would be pleased to|"
    r"Very truly yours|Sincerely|Respectfully|If you would like to discuss)",
    re.I,
)
_OTHER_DATE = re.compile(
    r"\b(?:filed|furnished|submitted)\b[^,;]{0,40}$|telephon|\bcall\b|conversation|conference|"
    r"meeting|\b(?:our|Company(?:'s|’s)|prior|previous|earlier)\s+(?:response\s+)?letters?\b|"
    r"letters?\s+to\s+(?:the\s+Staff|you)\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bNo)(?<!\bInc)(?<=[a-z)”\"])\.\s+(?=[A-Z])"
)
_LETTER_WORD = re.compile(r"\b(?:letter|correspondence|comments?|email|e-mail)\b", re.I)
_DATE_LINK = re.compile(r"\b(?:dated|of|on|issued|sent|received)\s+", re.I)
_ACCELERATION = re.compile(
    r"accelerat\w*\s+(?:of\s+)?(?:the\s+)?effective|request\w*\s+(?:that\s+)?(?:the\s+)?"
    r"effective(?:ness|\s+date)|Rule\s+461|declared\s+effective\s+(?:at|on|as\s+of)",
    re.I,
)
_EXTENSION = re.compile(
    r"\bextension\b|additional\s+time|\bextend(?:ed)?\b[^.]{0,40}\b(?:to|until)\s+[A-Z][a-z]+\s+\d|"
    r"will\s+not\s+be\s+able\s+to\s+(?:submit|respond|provide)|adequate\s+time\s+to\s+prepare|"
    r"(?:propose|request)s?\s+to\s+(?:provide|submit)\s+(?:you\s+with\s+)?(?:our|its|a)\s+response\s+by|"
    r"(?:expects?|intends?|anticipates?|plans?)\s+(?:to\s+)?(?:submit|provide|respond|file)\w*\s+"
    r"(?:a\s+|its\s+|our\s+)?(?:response|responses)?[^.]{0,60}?\b(?:by|on\s+or\s+before|no\s+later\s+than)\s",
    re.I,
)
_ANSWERS = re.compile(
    r"respon\w*\s+to\s+(?:the\s+)?(?:Staff|comment|your|its|our|their)|"
    r"(?:setting\s+forth|containing|contained\s+in)\s+(?:the\s+)?(?:Staff(?:'s|’s)?\s+)?comments",
    re.I,
)


_UNDERTAKES = re.compile(
    r"\b(?:we|the\s+Company|it)\s+(?:(?:confirms?|acknowledges?)\s+that\s+(?:we|it)\s+)?"
    r"(?:will|shall|undertakes?\s+to|agrees?\s+to)\s+(?:carefully\s+|also\s+)?"
    r"(?:enhance|revise|expand|include|clarify|add|consider|pay\s+particular\s+attention|"
    r"disclose|provide\s+(?:additional|expanded|enhanced)|remove|update)\b"
    r"[^.]{0,200}?\b(?:future\s+filings?|disclosures?|comments?|proxy\s+statements?|"
    r"annual\s+report|Form\s+10-[KQ])",
    re.I,
)


def _answers_briefly(body: list[Block]) -> bool:
    """A short letter that answers the comments in a sentence or two ("As requested, we
    confirm that we will enhance our disclosure in future filings"), not asking for time."""
    text = " ".join(block.text for block in body[:6])
    return (
        len(body) <= 6
        and re.search(r"\bcomments?\b", text, re.I) is not None
        and _UNDERTAKES.search(text) is not None
    )


@dataclass(slots=True)
class CompanyReading:
    """What the body of a company letter says."""

    kind: str
    in_reply_to: str | None
    responses: list[Response]


def read_company(
    blocks: list[Block], body_start: int, body_end: int, acceleration: bool
) -> CompanyReading:
    """Read a company letter's body (from after the salutation to the sign-off)."""
    body = blocks[body_start:body_end]
    first_item = next(
        (i for i, b in enumerate(body) if _comment_number(b) or _response_label(b)), len(body)
    )
    intro = " ".join(b.text for b in body[: min(4, max(first_item, 1))])
    in_reply_to = _in_reply_to(intro)
    responses = _responses(body) or _split_on_restatements(body)
    if responses:
        kind = "response"
    elif acceleration or _ACCELERATION.search(" ".join(b.text for b in body)[:6000]):
        kind = "acceleration_request"
    elif _EXTENSION.search(" ".join(b.text for b in body)[:3000]):
        kind = "other"
    elif (_ANSWERS.search(intro[:1200]) and len(body) >= 2) or _answers_briefly(body):
        kind = "response"
    else:
        kind = "other"
    return CompanyReading(kind, in_reply_to if kind != "acceleration_request" else None, responses)


def _in_reply_to(text: str) -> str | None:
    """The date of the staff letter answered: "your letter dated May 20, 2024", "the Staff's
    comment letter (the "Comment Letter") ... dated May 20, 2024", "your May 20, 2024 letter".
    Dates of filings, of calls and of the company's own earlier letters are passed over."""
    text = re.sub(r"\bU\.\s?S\.", "US", text)
    for keyword in _LETTER_WORD.finditer(text):
        window = text[keyword.end() : keyword.end() + 220]
        window = _SENTENCE_BREAK.split(window)[0]
        for link in _DATE_LINK.finditer(window):
            dates = find_dates(window[link.end() : link.end() + 30])
            if (
                dates
                and dates[0][0] == 0
                and not _not_the_staff_letter(
                    text[max(0, keyword.start() - 40) : keyword.end() + link.end()]
                )
            ):
                return dates[0][2]
    for start, end, iso in find_dates(text):
        before, after = text[max(0, start - 30) : start], text[end : end + 24]
        if re.match(
            r"\s*(?:comment\s+|staff\s+)?(?:letter|correspondence|comments?)\b", after, re.I
        ) and not _not_the_staff_letter(before):
            return iso
    return None


def _not_the_staff_letter(context: str) -> bool:
    """The words before a date say it is a filing's, a call's or the company's own letter's."""
    return bool(_OTHER_DATE.search(context))


@dataclass(slots=True)
class _Item:
    number: int | None
    comment: list[str]
    response: list[str]
    labelled: bool = False
    heading: str | None = None


def _comment_number(block: Block) -> tuple[int, str] | None:
    match = _COMMENT_LABEL.match(block.text)
    if not match:
        return None
    number = next(int(g) for g in match.groups() if g)
    return number, block.text[match.end() :].strip()


def _mixes_styles(style: str, block_style: str) -> bool:
    """A "(1)" inside an answer is a list or a footnote when comments are numbered "1.", and
    the other way round; "Comment 1" labels go with either."""
    if not style or block_style == "label" or style == "label":
        return False
    return block_style != style and "paren" in (style, block_style)


def _numbering_style(block: Block) -> str:
    """How a comment number is printed: "1.", "(1)", "Comment 1" or "Question 1"."""
    match = _COMMENT_LABEL.match(block.text)
    if match is None:
        return ""
    return ["label", "dot", "paren", "question"][next(i for i, g in enumerate(match.groups()) if g)]


def _response_label(block: Block) -> tuple[int | None, str] | None:
    match = _RESPONSE_LABEL.match(block.text)
    if not match:
        return None
    head = block.text[: match.end()]
    if len(head.split()) > 9:
        return None
    number = int(match.group(1)) if match.group(1) else None
    return number, block.text[match.end() :].strip()


def _responses(body: list[Block]) -> list[Response]:
    """Walk the body paragraph by paragraph: a comment number opens an item and its restated
    comment; a "Response" label (or, in letters without labels, the first plain paragraph after
    an emphasised restatement) starts its answer; a caption leading to the next number or a
    closing paragraph ends it. Numbered lists and footnotes inside answers stay in the answer."""
    labelled = any(_response_label(b) for b in body)
    items: list[_Item] = []
    mode = ""
    restated_emphasis = False
    style = ""
    for position, block in enumerate(body):
        text = block.text
        label = _response_label(block)
        numbered = _comment_number(block)
        if label is not None and not (
            numbered and not text.lower().lstrip("[").startswith(("resp", "answ"))
        ):
            number, rest = label
            if not items or (
                number is not None and items[-1].number != number and items[-1].response
            ):
                start = _restatement_start(body, position)
                items.append(
                    _Item(
                        number,
                        _restated_above(body, position),
                        [],
                        True,
                        _caption_above(body, start, position),
                    )
                )
            elif number is None and mode == "response" and items[-1].response:
                restated = _restated_above(body, position)
                if restated and not _BULLET_PART.match(restated[0]):
                    start = _restatement_start(body, position)
                    taken = {b.text for b in body[start:position]}
                    while items[-1].response and items[-1].response[-1] in taken:
                        items[-1].response.pop()
                    items.append(
                        _Item(None, restated, [], True, _caption_above(body, start, position))
                    )
            elif number is not None and items[-1].number is None:
                items[-1].number = number
            items[-1].labelled = True
            if rest:
                items[-1].response.append(rest)
            mode = "response"
            continue
        if (
            numbered is not None
            and items
            and items[-1].number == numbered[0]
            and not items[-1].comment
            and not items[-1].response
        ):
            items[-1].comment.append(_STAFF_LABEL.sub("", numbered[1]))
            mode = "comment"
            continue
        if numbered is not None and _mixes_styles(style, _numbering_style(block)):
            numbered = None
        if numbered is not None and _starts_item(numbered[0], items, mode, block, body, position):
            inner_list = (labelled and not _answered_later(body, position)) or (
                not labelled and restated_emphasis and not _emphasised(block)
            )
            if mode == "response" and inner_list:
                items[-1].response.append(text)
                continue
            number, rest = numbered
            if items and items[-1].number == number and not items[-1].response:
                if rest:
                    items[-1].comment.append(_STAFF_LABEL.sub("", rest))
                continue
            items.append(_Item(number, [], [], heading=_caption_above(body, position, position)))
            style = style or _numbering_style(block)
            rest = _STAFF_LABEL.sub("", rest)
            if rest:
                items[-1].comment.append(rest)
            restated_emphasis = _emphasised(block)
            mode = "comment"
            continue
        if not items:
            continue
        if re.fullmatch(r"\s*(?:Staff(?:'s|’s)?\s+|SEC\s+)?Comments?\s*[:.]?\s*", text, re.I):
            mode = "between"
            continue
        if (mode == "response" and _CLOSING.match(text)) or (
            mode == "response" and _caption_before_item(body, position)
        ):
            mode = "closed" if _CLOSING.match(text) else "between"
            continue
        if mode == "comment":
            if not labelled and restated_emphasis and not block.emphasised:
                mode = "response"
                items[-1].response.append(text)
            else:
                items[-1].comment.append(text)
        elif mode == "response":
            items[-1].response.append(text)
    if not any(item.response for item in items):
        return []
    _share_joint_answers(items)
    return [
        Response(
            item.number,
            "\n\n".join(item.comment) or None,
            "\n\n".join(item.response),
            heading=item.heading,
        )
        for item in items
        if item.response or item.comment
    ]


_ADDRESSES_YOU = re.compile(r"\b(?:you|your|please|tell\s+us)\b", re.I)


def _split_on_restatements(body: list[Block]) -> list[Response]:
    """A letter that prints neither numbers nor "Response" labels but restates each comment
    (bold, italics or underlined: the staff's words, "Please tell us ...") and answers it in
    plain text: each restatement opens an answer. Emphasised passages that do not address
    the company (proposed disclosure) stay in the answer."""
    if any(_response_label(b) or _comment_number(b) for b in body):
        return []
    items: list[_Item] = []
    mode = ""
    for block in body:
        text = block.text
        if _CLOSING.match(text):
            if mode == "response":
                break
            continue
        restatement = (
            _emphasised(block)
            and len(text) > 60
            and not caption_like(block)
            and _ADDRESSES_YOU.search(text[:200]) is not None
        )
        if restatement and mode != "comment":
            items.append(_Item(None, [_STAFF_LABEL.sub("", text)], []))
            mode = "comment"
        elif restatement:
            items[-1].comment.append(text)
        elif items and not (_emphasised(block) and caption_like(block)):
            items[-1].response.append(text)
            mode = "response"
    answered = [item for item in items if item.response]
    if len(answered) < 2:
        return []
    return [Response(None, "\n\n".join(i.comment), "\n\n".join(i.response)) for i in answered]


def _starts_item(
    number: int, items: list[_Item], mode: str, block: Block, body: list[Block], position: int
) -> bool:
    last = next((i.number for i in reversed(items) if i.number is not None), 0)
    if number <= last or number > last + 3:
        return False
    if mode == "comment" and not items[-1].labelled and items[-1].number == number:
        return False
    return not (caption_like(block) and len(block.text) < 60 and not block.emphasised)


def _restatement_start(body: list[Block], position: int) -> int:
    """Where the run of emphasised paragraphs just above `position` (a restated comment and
    the captions over it) begins."""
    start = position
    while start > 0 and position - start < 6:
        block = body[start - 1]
        if not _emphasised(block) or _response_label(block) or _comment_number(block):
            break
        start -= 1
    return start


def _restated_above(body: list[Block], position: int) -> list[str]:
    """An un-numbered comment restated in bold or italics just above a "Response" label (a
    caption run into its first line, "Inventories, page 38 Please describe ...", left out)."""
    restated = [
        b
        for b in body[_restatement_start(body, position) : position]
        if not CAPTION_PAGE.search(b.text) and not _COMMENT_HEADING.fullmatch(b.text.strip())
    ]
    while len(restated) > 1 and caption_like(restated[0]):
        restated = restated[1:]
    texts = [_CAPTION_LEAD.sub("", _STAFF_LABEL.sub("", b.text)).strip() for b in restated]
    return [t for t in texts if t]


def _caption_above(body: list[Block], start: int, position: int) -> str | None:
    """The nearest caption restated over a comment (emphasised or with a page), among the
    paragraphs of its restatement run (`start` to `position`) or the few just above it, page
    left out: what the staff letter captions the comment with, read for its topics."""
    for block in reversed(body[start:position]):
        if caption_like(block) and CAPTION_PAGE.search(block.text):
            return split_page(block.text)[0] or None
    index = start
    while index > 0 and start - index < 4:
        block = body[index - 1]
        if _response_label(block) or _comment_number(block) or not caption_like(block):
            return None
        if block.emphasised or CAPTION_PAGE.search(block.text):
            return split_page(block.text)[0] or None
        index -= 1
    return None


def _share_joint_answers(items: list[_Item]) -> None:
    """Comments restated one after another and answered together: each gets the joint answer."""
    for index in range(len(items) - 2, -1, -1):
        item, following = items[index], items[index + 1]
        if not item.response and item.comment and following.response:
            item.response = list(following.response)


def _emphasised(block: Block) -> bool:
    """Set in bold, italics or underline, as restated comments usually are."""
    return block.emphasised or block.lines[0].emphasised


def _answered_later(body: list[Block], position: int) -> bool:
    """In a letter that labels its answers, a restated comment is followed by a "Response"
    label before the next numbered paragraph; a numbered list inside an answer is not."""
    for block in body[position + 1 :]:
        if _response_label(block) is not None:
            return True
        if _comment_number(block) is not None:
            return False
    return False


def _caption_before_item(body: list[Block], position: int) -> bool:
    """An emphasised caption-like run that leads straight to the next numbered comment."""
    index = position
    while index < len(body) and index - position < 4:
        block = body[index]
        if _comment_number(block) is not None and index > position:
            return True
        if not (caption_like(block) and (block.emphasised or CAPTION_PAGE.search(block.text))):
            return False
        if _response_label(block):
            return False
        index += 1
    return False

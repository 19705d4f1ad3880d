"""Captions: the headings of a staff letter that name the part of the filing a comment is about."""

from __future__ import annotations

import re

from reviewdesk.letters.blocks import Block, join_lines

PAGE_REF = re.compile(
    r"[\s,.;:–—-]*\(?\b(?:page|pages|pg\.?|p\.)\s+"
    r"(?P<page>[A-Za-z]{0,2}-?\d+[A-Za-z]?(?:\s*(?:,|and|&|-|–|through|to)\s*[A-Za-z]{0,2}-?\d+[A-Za-z]?)*"
    r"|[ivxlc]+(?:\s*(?:,|and|-|–)\s*[ivxlc]+)*)\)?\s*\.?\s*$",
    re.I,
)
CAPTION_PAGE = re.compile(
    r"(?:[,(:;–—]|\s-)\s*\(?(?:page|pages|pg\.?|p\.)\s+[\w.-]+(?:\s*(?:,|and|&|-|–|through|to)\s*[\w.-]+)*\)?\s*$",
    re.I,
)
_SENTENCE_START = re.compile(
    r"^(?:Please|Refer|We|You|Your|Tell|Provide|Revise|Disclose|Explain|Also|Further|See|"
    r"Consider|Clarify|Discuss|Quantify|Describe|Confirm|Expand|It|This|These|Those|If|To the "
    r"extent|As |Additionally|Similarly|Finally|For example|In addition|In this regard|"
    r"Notwithstanding|Where|When|With respect|Accordingly|Otherwise|Include|Identify|Address|"
    r"Given|Because|Since|Although|However|Moreover|The staff|Our|Note that|Absent)\b"
)
_BULLET = re.compile(r"^\s*(?:[•●◦▪■\-–—*·]|\(?[a-z]\)\s|\(?[ivx]{1,4}\)\s)")
_SECTION_TITLE = re.compile(
    r"^(?:Item\s+\d|Part\s+[IV]|Management[’']s\s+Discussion|Notes?\s+to\b|Note\s+\(?\d|"
    r"Form\s+\d|Exhibit|Schedule\s|Annex|Appendix|Consolidated|Financial\s+Statements)"
)
_ENUMERATOR = re.compile(r"^\(?[a-z]{1,2}[.)]\s+(?=[A-Z])")
_SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or per the to under with vs versus its our your "
    "their other than not".split()
)


_FILING_THEN_EXHIBIT = re.compile(
    r"^(?:Form|Amendment|Amended|Current\s+Report|Annual\s+Report|Quarterly\s+Report)\b.*?"
    r"[\s,;:–—-]+(?=Exhibits?\s+\d)"
)


def split_page(text: str) -> tuple[str, str | None]:
    """ "General, page 77" -> ("General", "77"); a caption without a page keeps page None.
    A filing title run together with an exhibit ("Form 8-K filed May 4, 2022 Exhibit 99.1") is
    the exhibit's caption; the number after "Exhibit" is never a page."""
    text = _FILING_THEN_EXHIBIT.sub("", text.strip())
    match = PAGE_REF.search(text)
    if not match or match.start() == 0:
        return text.strip(), None
    heading = text[: match.start()].rstrip(" ,.;:–—-(")
    page = re.sub(r"\s+", " ", match.group("page")).strip()
    return heading.strip(), page


def is_title_like(text: str) -> bool:
    """Most words capitalised, as in "Liquidity and Capital Resources"."""
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", text)
    if not words:
        return False
    meaningful = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not meaningful:
        return False
    capitalised = sum(1 for w in meaningful if w[0].isupper())
    return capitalised / len(meaningful) >= 0.6


def caption_like(block: Block) -> bool:
    """Could this paragraph be a caption? (Whether it is one depends on what follows it.)"""
    text = block.text.strip()
    if not text or len(text) > 320 or len(block.lines) > 4:
        return False
    has_page = CAPTION_PAGE.search(text) is not None
    if has_page and len(text) <= 160 and not re.search(r"[a-z]{2}\.\s", text):
        return True
    text = _ENUMERATOR.sub("", text)
    if not text or text[0].islower() or _BULLET.match(text) or _SENTENCE_START.match(text):
        return False
    if text.endswith((":", ";", ",")) and not has_page:
        return False
    if text.endswith(".") and not has_page and not _ends_with_abbreviation(text):
        return False
    if has_page or text.endswith("?"):
        return True
    if block.emphasised:
        return True
    words = text.split()
    return is_title_like(text) or len(words) <= 6


def _ends_with_abbreviation(text: str) -> bool:
    return bool(re.search(r"\b(?:Inc|Corp|Co|Ltd|No|L\.P|S\.A|N\.V)\.$", text))


def caption_lines(block: Block) -> list[str]:
    """The captions a caption paragraph holds: stacked captions are separate lines, a wrapped
    caption is one."""
    captions: list[str] = []
    previous_fill = 0.0
    for line in block.lines:
        text = line.text.strip()
        if captions and _continues(captions[-1], previous_fill, text):
            captions[-1] = join_lines([captions[-1], text])
        else:
            captions.append(text)
        previous_fill = line.fill
    return captions


def _continues(previous: str, previous_fill: float, text: str) -> bool:
    """Whether a caption line wraps onto `text` (rather than `text` being a caption of its own)."""
    if not text:
        return True
    if text[0].islower() or re.match(r"^(?:page|pages)\b", text, re.I) or text[0] in "&,":
        return not _BULLET.match(text)
    if previous.endswith((",", "-", "–", "/", "&")) or re.search(
        r"\b(?:and|of|the|for|to|in|on|or|with|by|a|an|page|pages)$", previous
    ):
        return True
    return (
        previous_fill >= 0.88
        and PAGE_REF.search(previous) is None
        and not _SECTION_TITLE.match(previous)
    )

"""Comment text as precedent search sees it: normalised words with letter boilerplate dropped,
so 'Please tell us how you recognized revenue' and 'revenue recognition' meet on their words."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-"}
)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    may me might more most must my no nor not now of off on once only or other our ours out over
    own same shall she should so some such than that the their theirs them then there these they
    this those through to too under until up upon very was we were what when where which while
    who whom why will with within would you your yours yourself
    """.split()
)
"""Common English words, which say nothing about what a comment is about."""

BOILERPLATE = frozenset(
    """
    please note noted tell us comment comments response responses respond letter dated prior
    revise revised revision disclosure disclosures disclose provide provided explain
    clarify confirm future filing filings page pages refer reference appears appear
    """.split()
)
"""Words nearly every staff comment uses ('please revise your disclosure on page 12 ...')."""


def normal_text(text: str) -> str:
    """The text folded for matching: NFKC, curly quotes straightened, lower case."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()


def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed and a final e, so 'recognized',
    'recognizes' and 'recognize' share a stem; words under five letters stay as they are."""
    if len(word) < 5:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 6:
        word = word[:-2]
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


_SHARED_PHRASES = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+"
    r"|(?:(?:that|which) (?:is|are) )?available (?:on|at|through) (?:the )?"
    r"(?:commission's |sec's |edgar |our )?(?:web ?site|internet site)(?: at)?:?"
    r"|(?:is |are )?available at:?(?= )"
)
"""Addresses and the staff's pointers to them ('available on the Commission's website at
http://www.sec.gov'): shared by comments on anything, so they must not make two comments alike."""


def content_words(text: str) -> list[tuple[str, str]]:
    """Each content word of `text` in order, as (its stem, the word as written, folded): what
    `tokens` keeps, with the word itself for an index that stems words its own way."""
    out: list[tuple[str, str]] = []
    for match in _WORD.finditer(_SHARED_PHRASES.sub(" ", normal_text(text))):
        word = match.group(0).replace("'", "")
        if len(word) < 2 or word in STOPWORDS or word in BOILERPLATE:
            continue
        out.append((stem(word), word))
    return out


def tokens(text: str) -> list[str]:
    """The stemmed content words of `text` in order: no numbers, single letters, stopwords,
    staff boilerplate (page numbers and comment numbers say nothing about the matter), web
    addresses or the phrases that point to them."""
    return [stemmed for stemmed, _ in content_words(text)]

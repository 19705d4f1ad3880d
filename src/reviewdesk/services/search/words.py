"""A person's search words read into terms: "quoted phrases", OR, -excluded and prefix*,
and written out as a SQLite FTS5 MATCH expression that cannot be a syntax error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewdesk.services.search.model import SearchError

MAX_QUERY_CHARS = 500
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase (its words), whether it ends in * (prefix)."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(slots=True)
class Words:
    """Groups joined by OR, each a list of terms all required; and terms excluded."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)


def read_words(text: str) -> Words:
    """Read search words; raises SearchError when nothing searchable is left."""
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"the search words are {len(text)} characters long; use at most {MAX_QUERY_CHARS}"
        )
    out = Words(groups=[[]])
    for match in _TOKEN.finditer(text):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            if out.groups[-1]:
                out.groups.append([])
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        raw = phrase if phrase is not None else bare or ""
        words = tuple(w.lower() for w in _WORD.findall(raw))
        if not words:
            continue
        term = Term(words, prefix=phrase is None and raw.endswith("*") and len(words) == 1)
        if negate:
            out.excluded.append(term)
        else:
            out.groups[-1].append(term)
    out.groups = [group for group in out.groups if group]
    if not out.groups:
        raise SearchError(
            f"the search words {text!r} have no word to look for; type at least one word "
            '(phrases in "double quotes", OR between alternatives, -word to leave out)'
        )
    return out


def _fts_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words) + '"'
    return quoted + "*" if term.prefix else quoted


def fts5_match(words: Words) -> str:
    """The FTS5 MATCH expression: every word quoted, so no input is FTS5 syntax."""
    groups = ["(" + " AND ".join(_fts_term(t) for t in group) + ")" for group in words.groups]
    expression = " OR ".join(groups)
    if words.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(map(_fts_term, words.excluded)) + ")"
    return expression


def _ts_term(term: Term) -> str:
    parts = [w.replace("'", "''") for w in term.words]
    if term.prefix:
        return f"'{parts[0]}':*"
    return " <-> ".join(f"'{w}'" for w in parts)


def tsquery_source(words: Words) -> str:
    """The same words as PostgreSQL to_tsquery input (phrases with <->, prefix with :*)."""
    groups = ["(" + " & ".join(f"({_ts_term(t)})" for t in group) + ")" for group in words.groups]
    expression = " | ".join(groups)
    if words.excluded:
        expression = f"({expression}) & !(" + " | ".join(map(_ts_term, words.excluded)) + ")"
    return expression

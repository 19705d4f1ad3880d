"""PostgreSQL: filters as conditions on the items' search keys (record/search_keys.py), for a
search index that holds the keys beside the words (record/search_keys_pg.py): the filter
narrows the posting lists inside the index, and only the filters without keys (CIK, kind,
status, industry, date range, citation) are checked on joined rows. A key stands for exactly
one value (a company id, a year, a form, an office or a label code as stored), so the keyed
filters find exactly the items their conditions on the joined rows find."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from reviewdesk.record import search_keys
from reviewdesk.services.search.filters import like_pattern, wanted_topics
from reviewdesk.services.search.model import SearchFilters


@dataclass(slots=True)
class KeyClauses:
    """What a filter set asks of the keys: every clause must hold, a clause holding when the
    item has any of its keys; `fields` names, clause by clause, the filters each stands for;
    `offices` is the office filter's text when it has one (its keys are the record's offices
    that contain it, which only the store can list)."""

    clauses: list[list[str]] = field(default_factory=list)
    offices: str | None = None
    fields: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, keys: list[str], *fields: str) -> None:
        self.clauses.append(keys)
        self.fields.append(fields)


def filter_keys(filters: SearchFilters) -> KeyClauses:
    """The key clauses of the filters that have keys (company, form, year, office, topic or
    group, ask, answer); the others are checked on the rows only."""
    out = KeyClauses()
    if filters.company_id is not None:
        out.add([search_keys.company_key(filters.company_id)], "company_id")
    if filters.form is not None:
        out.add([search_keys.form_key(filters.form.strip().upper())], "form")
    if filters.year is not None:
        out.add([search_keys.year_key(filters.year)], "year")
    if filters.office is not None:
        out.offices = filters.office.strip().lower()
    topics = wanted_topics(filters)
    if topics:
        out.add([search_keys.label_key("topic", t) for t in topics], "topic", "group")
    for facet, value in (("ask", filters.ask), ("answer", filters.answer)):
        if value is not None:
            out.add([search_keys.label_key(facet, value)], facet)
    return out


KEYED_FIELDS = ("company_id", "year", "office", "form", "topic", "group", "ask", "answer")
"""The filters filter_keys turns into keys; the others stay row conditions."""

OFFICES = (
    "WITH RECURSIVE stored(office) AS ("
    "(SELECT office FROM letters WHERE office IS NOT NULL ORDER BY office LIMIT 1) "
    "UNION ALL SELECT (SELECT l.office FROM letters l WHERE l.office > s.office "
    "ORDER BY l.office LIMIT 1) FROM stored s WHERE s.office IS NOT NULL) "
    "SELECT office FROM stored WHERE lower(office) LIKE :pattern ESCAPE '!'"
)
"""The offices letters name whose case-folded text holds a pattern, one probe of the letters'
office index (migration 0015) per office instead of reading every letter."""


@dataclass(slots=True)
class Keyed:
    """A filter set as key clauses (an item must carry a key of each) and the filters left
    to check on joined rows."""

    clauses: list[list[str]]
    rest: SearchFilters

    def conditions(self, item: str) -> tuple[str, dict[str, Any]]:
        """The WHERE conditions (each starting with AND) on `item`.search_keys and their
        parameters: one containment for the single-key clauses, an overlap for each other."""
        single = [clause[0] for clause in self.clauses if len(clause) == 1]
        some = [clause for clause in self.clauses if len(clause) != 1]
        out: list[str] = []
        params: dict[str, Any] = {}
        if single:
            out.append(f" AND {item}.search_keys @> CAST(:k_every AS text[])")
            params["k_every"] = single
        for n, keys in enumerate(some):
            out.append(f" AND {item}.search_keys && CAST(:k_some_{n} AS text[])")
            params[f"k_some_{n}"] = keys
        return "".join(out), params


def keyed(session: Session, filters: SearchFilters) -> Keyed:
    """`filters` as key clauses; the office filter (a case-folded substring) becomes the keys
    of the record's offices that contain it (none: nothing matches)."""
    wanted = filter_keys(filters)
    clauses = list(wanted.clauses)
    if wanted.offices is not None:
        pattern = f"%{like_pattern(wanted.offices)}%"
        offices = session.execute(text(OFFICES), {"pattern": pattern}).scalars()
        clauses.append([search_keys.office_key(office) for office in offices])
    return Keyed(clauses, replace(filters, **dict.fromkeys(KEYED_FIELDS)))

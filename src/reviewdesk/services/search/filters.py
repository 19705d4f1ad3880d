"""The SQL conditions of search filters, written against an item joined to its letter `l`
(and the letter's review `r`), shared by the SQLite and PostgreSQL backends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from reviewdesk.letters import vocabulary
from reviewdesk.letters.vocabulary import Facet
from reviewdesk.services.search.model import SearchError, SearchFilters


@dataclass(slots=True)
class FilterSql:
    """Joins, WHERE conditions and bound parameters of a filter set."""

    joins: str = ""
    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return "".join(f" AND {c}" for c in self.conditions)


def _day(day: dt.date, dialect: str) -> Any:
    """Dates are ISO text in SQLite and DATE in PostgreSQL."""
    return day.isoformat() if dialect == "sqlite" else day


def _industry(industry: str, out: FilterSql) -> str:
    """Companies of an SIC code (given as digits) or whose SIC description holds the words."""
    value = industry.strip()
    if value.isdigit():
        out.params["f_sic"] = value.zfill(4)
        return "cx.sic = :f_sic"
    out.params["f_industry"] = f"%{value.lower()}%"
    return "lower(cx.industry) LIKE :f_industry"


def filter_sql(
    filters: SearchFilters,
    table: str,
    item_id: str,
    dialect: str,
    item: str | None = None,
    letter_joined: bool = False,
) -> FilterSql:
    """Conditions for `filters` on items of `table` whose id is `item_id`: the company as a
    small id list (cheap to check per match), the rest on the item's letter `l` joined through
    the item (alias `item` when the query has the row itself, else joined as `c`); joins are
    given only when such conditions exist (`letter_joined`: the query joins `l` itself)."""
    out = FilterSql()
    company = []
    if filters.company_id is not None:
        company.append("lx.company_id = :f_company")
        out.params["f_company"] = filters.company_id
    if filters.cik is not None:
        company.append("lx.cik = :f_cik")
        out.params["f_cik"] = filters.cik.zfill(10)
    if filters.industry is not None and filters.industry.strip():
        company.append(
            f"lx.company_id IN (SELECT cx.id FROM companies cx WHERE {_industry(filters.industry, out)})"
        )
    if company:
        out.conditions.append(
            f"{item_id} IN (SELECT x.id FROM {table} x JOIN letters lx ON lx.id = x.letter_id "
            f"WHERE {' AND '.join(company)})"
        )
    _label_conditions(filters, table, item_id, out)
    letter = FilterSql()
    if filters.status is not None:
        letter.joins = " JOIN reviews r ON r.id = l.review_id"
        letter.conditions.append("r.status = :f_status")
        letter.params["f_status"] = filters.status.value
    if filters.year is not None:
        letter.conditions.append("coalesce(l.date, l.filing_date) >= :f_from")
        letter.conditions.append("coalesce(l.date, l.filing_date) < :f_to")
        letter.params["f_from"] = _day(dt.date(filters.year, 1, 1), dialect)
        letter.params["f_to"] = _day(dt.date(filters.year + 1, 1, 1), dialect)
    if filters.date_from is not None:
        letter.conditions.append("coalesce(l.date, l.filing_date) >= :f_date_from")
        letter.params["f_date_from"] = _day(filters.date_from, dialect)
    if filters.date_to is not None:
        letter.conditions.append("coalesce(l.date, l.filing_date) <= :f_date_to")
        letter.params["f_date_to"] = _day(filters.date_to, dialect)
    if filters.office is not None:
        letter.conditions.append("lower(l.office) LIKE :f_office ESCAPE '!'")
        letter.params["f_office"] = f"%{like_pattern(filters.office.strip().lower())}%"
    if filters.kind is not None:
        letter.conditions.append("l.kind = :f_kind")
        letter.params["f_kind"] = filters.kind.value
    if filters.form is not None:
        # Forms are stored as EDGAR writes them (upper case); a plain comparison lets
        # PostgreSQL use its statistics instead of driving the query from letter_filings.
        letter.conditions.append(
            "EXISTS (SELECT 1 FROM letter_filings lf WHERE lf.letter_id = l.id "
            "AND lf.form = :f_form)"
        )
        letter.params["f_form"] = filters.form.strip().upper()
    if letter_joined:
        out.joins = letter.joins
        out.conditions.extend(letter.conditions)
        out.params.update(letter.params)
    elif letter.conditions:
        if item is None:
            item = "c"
            out.joins = f" JOIN {table} c ON c.id = {item_id}"
        out.joins += f" JOIN letters l ON l.id = {item}.letter_id"
        out.joins += letter.joins
        out.conditions.extend(letter.conditions)
        out.params.update(letter.params)
    return out


def label_filters_check(filters: SearchFilters) -> None:
    """Refuse label filters outside the vocabulary (SearchError names the value and the codes
    to use), so a misspelt topic reads as an error, not as no matches."""
    given: list[tuple[Facet, str | None]] = [
        ("topic", filters.topic),
        ("ask", filters.ask),
        ("answer", filters.answer),
    ]
    for facet, value in given:
        if value is not None and value not in vocabulary.CODES[facet]:
            raise SearchError(
                f"{facet}={value!r} is not a {facet} code; use one of "
                + ", ".join(vocabulary.CODES[facet])
            )
    if filters.group is not None and not vocabulary.topics_in_group(filters.group):
        raise SearchError(
            f"group={filters.group!r} is not a topic group; use one of "
            + ", ".join(vocabulary.GROUPS)
        )


def wanted_topics(filters: SearchFilters) -> list[str]:
    """The topic codes a topic and/or group filter accepts (any of them); [""] when the two
    exclude each other (nothing matches), [] when neither is given."""
    topics = [filters.topic] if filters.topic is not None else []
    if filters.group is not None:
        in_group = vocabulary.topics_in_group(filters.group)
        topics = [t for t in topics if t in in_group] if topics else list(in_group)
        return topics or [""]
    return topics


def _label_conditions(filters: SearchFilters, table: str, item_id: str, out: FilterSql) -> None:
    """EXISTS conditions on the effective labels of each item; a response's topics are those
    of the comment it answers when the record links them, else its own."""
    if table == "responses":
        owner = (
            "((rx.comment_id IS NOT NULL AND lb.comment_id = rx.comment_id) OR "
            "(rx.comment_id IS NULL AND lb.response_id = rx.id))"
        )
        topics_from = f"responses rx JOIN labels lb ON {owner} WHERE rx.id = {item_id} AND"
        own = f"labels lb WHERE lb.response_id = {item_id} AND"
    else:
        topics_from = own = f"labels lb WHERE lb.comment_id = {item_id} AND"
    topics = wanted_topics(filters)
    if topics:
        names = [f"f_topic_{n}" for n in range(len(topics))]
        out.params.update(zip(names, topics, strict=True))
        out.conditions.append(
            f"EXISTS (SELECT 1 FROM {topics_from} lb.facet = 'topic' AND lb.effective "
            f"AND lb.code IN ({', '.join(':' + n for n in names)}))"
        )
    for facet, value in (("ask", filters.ask), ("answer", filters.answer)):
        if value is not None:
            out.params[f"f_{facet}"] = value
            out.conditions.append(
                f"EXISTS (SELECT 1 FROM {own} lb.facet = '{facet}' AND lb.effective "
                f"AND lb.code = :f_{facet})"
            )
    if filters.cite is not None:
        cite = " ".join(filters.cite.split()).lower()
        escaped = cite.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.params.update(f_cite=cite, f_cite_sub=escaped + "(%", f_cite_part=escaped + "-%")
        out.conditions.append(
            f"EXISTS (SELECT 1 FROM {own} lb.facet = 'cite' AND (lower(lb.code) = :f_cite "
            "OR lower(lb.code) LIKE :f_cite_sub ESCAPE '\\' "
            "OR lower(lb.code) LIKE :f_cite_part ESCAPE '\\'))"
        )


def like_pattern(text: str) -> str:
    """`text` matched literally inside a LIKE pattern ('!' escapes the wildcards)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def staff_offices(session: Session) -> list[str]:
    """The staff offices the record's letters name, for the office filter's list: a skip scan
    of the letters' office index (one probe per office; migrations 0015 and 0017)."""
    rows = session.execute(
        text(
            "WITH RECURSIVE stored(office) AS (SELECT min(office) FROM letters "
            "UNION ALL SELECT (SELECT min(l.office) FROM letters l WHERE l.office > s.office) "
            "FROM stored s WHERE s.office IS NOT NULL) "
            "SELECT office FROM stored WHERE office IS NOT NULL"
        )
    )
    return [office for (office,) in rows]

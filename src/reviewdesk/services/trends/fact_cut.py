"""Reading the trend facts ingest keeps (record/trend_facts.py) under a view's filters: the
sums of every company, filtered and grouped in SQL, or one company's cells, filtered the same
way in Python; either way a view gets counts per month and kind of fact, never rows per
letter, so it answers in the same time whatever the size of the record."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from reviewdesk.letters.vocabulary import TOPICS
from reviewdesk.record import schema
from reviewdesk.record.trend_facts import LetterCell, ReviewCell
from reviewdesk.record.trend_upkeep import stored_facts
from reviewdesk.services.trends.comment_scope import industry_companies
from reviewdesk.services.trends.filters import (
    REVIEW_YEAR_START_MONTH,
    PeriodKind,
    TrendFilters,
    base_form,
)

LetterSums = dict[tuple[int | None, str, str, str], list[int]]
"""(month, kind, key, code) -> [comment letters, items, items followed up]."""


def month_year(month: int | None, period: PeriodKind) -> int | None:
    """The year a yyyymm counts in under `period`."""
    if month is None:
        return None
    year, within = divmod(month, 100)
    late = period is PeriodKind.review and within >= REVIEW_YEAR_START_MONTH
    return year + 1 if late else year


def _first_month(year: int, period: PeriodKind) -> int:
    if period is PeriodKind.calendar:
        return year * 100 + 1
    return (year - 1) * 100 + REVIEW_YEAR_START_MONTH


def form_needles(forms: Iterable[str]) -> list[str]:
    """What a facts' forms column holds for filings of these forms and their amendments."""
    bases = [b for f in forms if (b := base_form(f))]
    return [f"|{b}|" for b in bases] + [f"|{b}/A|" for b in bases]


def canonical_groups(group: str) -> list[str]:
    """The vocabulary's spelling of a group named in any case (none when unknown)."""
    wanted = group.casefold()
    return sorted({t.group for t in TOPICS.values() if t.group.casefold() == wanted})


@dataclass(frozen=True, slots=True)
class Cut:
    """The facts a view counts: months from `low` (inclusive) to `high` (exclusive), filings
    of one of `forms` (needles '|10-K|') and of one of `also_forms`, a staff office (without case) or one of `offices`
    (as written), a filer category (without case), closed reviews only, topic `groups` a
    review's comments carry, one `company` (else every company but `without`)."""

    low: int | None = None
    high: int | None = None
    forms: tuple[str, ...] | None = None
    also_forms: tuple[str, ...] | None = None
    office: str | None = None
    offices: tuple[str, ...] | None = None
    filer: str | None = None
    closed: bool = False
    groups: tuple[str, ...] | None = None
    company: int | None = None
    without: tuple[int | None, ...] = ()
    industry: str | None = None

    @classmethod
    def of(cls, filters: TrendFilters) -> Cut:
        """The cut of a view's filters (the topic group aside: each view applies it)."""
        return cls(
            low=None
            if filters.year_from is None
            else _first_month(filters.year_from, filters.period),
            high=None
            if filters.year_to is None
            else _first_month(filters.year_to + 1, filters.period),
            forms=tuple(form_needles([filters.form])) if filters.form else None,
            office=filters.office.strip().lower() if filters.office is not None else None,
            filer=filters.filer.strip().lower() if filters.filer is not None else None,
            company=filters.company_id,
            industry=filters.industry,
        )

    def but(self, **changes: Any) -> Cut:
        """This cut with some fields changed."""
        return replace(self, **changes)

    def conditions(self, table: Any, dialect: str) -> list[ColumnElement[bool]]:
        """The cut as SQL conditions on a sums table."""
        out: list[ColumnElement[bool]] = []
        if self.low is not None:
            out.append(table.month >= self.low)
        if self.high is not None:
            out.append(table.month < self.high)
        for needles in (self.forms, self.also_forms):
            if needles is not None:
                out.append(_any_within(table.forms, needles, dialect))
        if self.office is not None:
            out.append(func.lower(table.office) == self.office)
        if self.offices is not None:
            out.append(table.office.in_(self.offices))
        if self.filer is not None:
            out.append(func.lower(table.filer) == self.filer)
        if self.closed:
            out.append(table.closed.is_(True))
        if self.groups is not None:
            out.append(_any_within(table.groups, [f"|{g}|" for g in self.groups], dialect))
        return out

    def holds(self, month: int | None, office: str | None, filer: str | None, forms: str) -> bool:
        """Whether a cell's dimensions are in the cut (as `conditions` says in SQL)."""
        if self.low is not None and (month is None or month < self.low):
            return False
        if self.high is not None and (month is None or month >= self.high):
            return False
        for needles in (self.forms, self.also_forms):
            if needles is not None and not any(n in forms for n in needles):
                return False
        if self.office is not None and (office is None or office.lower() != self.office):
            return False
        if self.offices is not None and office not in self.offices:
            return False
        return self.filer is None or (filer is not None and filer.lower() == self.filer)


def _any_within(column: Any, needles: Collection[str], dialect: str) -> ColumnElement[bool]:
    """`column` holds one of `needles` (exact case, unlike LIKE on SQLite)."""
    find = func.instr if dialect == "sqlite" else func.strpos
    return or_(*(find(column, needle) > 0 for needle in needles)) if needles else column.in_([])


def letter_sums(
    session: Session, cut: Cut, kinds: Collection[str], by_month: bool = True
) -> LetterSums:
    """Letter facts of the cut of these kinds, per month (None for all of them unless
    `by_month`), kind, key and code."""
    out: LetterSums = defaultdict(lambda: [0, 0, 0])
    if cut.company is not None or cut.industry is not None:
        for company in _companies(session, cut):
            _add_company_letters(out, session, cut, company, kinds, 1, by_month)
        return out
    table = schema.TrendLetterFact
    dialect = session.get_bind().dialect.name
    keys = (table.month if by_month else literal(None), table.kind, table.key, table.code)
    query = (
        select(*keys, func.sum(table.letters), func.sum(table.items), func.sum(table.followed))
        .where(table.kind.in_(list(kinds)), *cut.conditions(table, dialect))
        .group_by(*(keys if by_month else keys[1:]))
    )
    for month, kind, key, code, letters, items, followed in session.connection().execute(query):
        out[(month, kind, key, code)] = [int(letters), int(items), int(followed)]
    for other in cut.without:
        _add_company_letters(out, session, cut, other, kinds, -1, by_month)
    return out


def _companies(session: Session, cut: Cut) -> list[int]:
    """The companies whose own cells a cut of one company or one industry sums."""
    if cut.industry is None:
        return [cut.company] if cut.company is not None else []
    found = set(session.scalars(industry_companies(cut.industry)))
    if cut.company is not None:
        found &= {cut.company}
    return sorted(found - set(cut.without))


def _add_company_letters(
    out: LetterSums,
    session: Session,
    cut: Cut,
    company: int | None,
    kinds: Collection[str],
    sign: int,
    by_month: bool,
) -> None:
    cells: dict[LetterCell, list[int]] = stored_facts(session, company).letters
    for (month, office, filer, forms, closed, kind, key, code), counts in cells.items():
        if kind not in kinds or (cut.closed and not closed):
            continue
        if cut.holds(month, office, filer, forms):
            sums = out[(month if by_month else None, kind, key, code)]
            for index, value in enumerate(counts):
                sums[index] += sign * value


ReviewSums = Counter[tuple[int | None, str | None, str, str, int, int | None, bool]]
"""(month, office, forms, kind, letters, days, flag) -> how many."""


REVIEW_DIMS = frozenset({"month", "office", "forms"})
"""The dimensions review sums can be kept per; those not kept are summed over (month and
office None, forms '')."""


def review_sums(session: Session, cut: Cut, keep: frozenset[str] = REVIEW_DIMS) -> ReviewSums:
    """Review facts of the cut, per counted values and the dimensions in `keep` (a view that
    groups by one dimension reads a few hundred rows rather than every cell)."""
    out: ReviewSums = Counter()
    if cut.company is not None or cut.industry is not None:
        for company in _companies(session, cut):
            cells: Counter[ReviewCell] = stored_facts(session, company).reviews
            for (
                month,
                office,
                filer,
                forms,
                groups,
                kind,
                letters,
                days,
                flag,
            ), n in cells.items():
                wanted = cut.groups is None or any(f"|{g}|" in groups for g in cut.groups)
                if wanted and cut.holds(month, office, filer, forms):
                    kept = (
                        month if "month" in keep else None,
                        office if "office" in keep else None,
                        forms if "forms" in keep else "",
                    )
                    out[(*kept, kind, letters, days, flag)] += n
        return out
    table = schema.TrendReviewFact
    dialect = session.get_bind().dialect.name
    dims = (
        table.month if "month" in keep else literal(None),
        table.office if "office" in keep else literal(None),
        table.forms if "forms" in keep else literal(""),
    )
    counted = (table.kind, table.letters, table.days, table.flag)
    grouped = [
        column
        for name, column in zip(("month", "office", "forms"), dims, strict=True)
        if name in keep
    ]
    query = (
        select(*dims, *counted, func.sum(table.n))
        .where(*cut.conditions(table, dialect))
        .group_by(*grouped, *counted)
    )
    rows: Iterable[Any] = session.connection().execute(query)
    for month, office, forms, kind, letters, days, flag, n in rows:
        out[(month, office, forms, kind, int(letters), days, bool(flag))] += int(n)
    return out

"""The trend facts of a set of companies, counted from their letters, labels and reviews: per
company, cells of letter counts (comment letters, comments and answers per topic, group, main
topic, ask and answer class) and of review counts (reviews by comment letters and days,
answers by days and due date, requests for more time), each cell carrying the dimensions the
trends views filter on. They count exactly what the views used to count live: a topic is an
effective label (a person's correction, else the machine's), a main topic is rank 0, a group
is the vocabulary's (unknown codes in 'other'), an answer counts under its comment's letter."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from reviewdesk.letters.vocabulary import TOPICS
from reviewdesk.record import schema
from reviewdesk.record.dialects import among

LetterCell = tuple[int | None, str | None, str | None, str, bool, str, str, str]
"""(month, office, filer, forms, closed, kind, key, code) of a letter fact."""
LetterCounts = tuple[int, int, int]
"""(comment letters, items: comments or answers, items whose comment was followed up)."""
ReviewCell = tuple[int | None, str | None, str | None, str, str, str, int, int | None, bool]
"""(month, office, filer, forms, groups, kind, letters, days, flag) of a review fact."""

CLOSED_KINDS = frozenset({"main", "ending"})
"""The kinds of letter fact the follow-ups view reads for closed reviews only; the others
count every letter under closed = False, which keeps their cells fewer."""
ANY_GROUP = "*"
"""The key of an 'ending' fact that counts whatever the comment's topic groups."""


PART_STARTS = (1, 7, 10)
"""The months that begin the parts of a year a fact counts in: calendar years, half years and
review years (1 October) all begin on one of them, so any of those periods is a sum of parts,
and a part holds three to six months of letters in one cell."""


def month_of(day: dt.date | None) -> int | None:
    """The yyyymm of the first month of the part of the year a day counts in (None without a
    day): 2021-08-16 counts in 202107, 2021-11-02 in 202110."""
    if day is None:
        return None
    start = max(m for m in PART_STARTS if m <= day.month)
    return day.year * 100 + start


def joined(values: Iterable[str]) -> str:
    """A set of values as one string a filter can look into: '|a|b|' ('' when empty)."""
    ordered = sorted(set(values))
    return f"|{'|'.join(ordered)}|" if ordered else ""


def group_of(code: str) -> str:
    """The trend group of a topic code ('other' when the vocabulary does not know it)."""
    topic = TOPICS.get(code)
    return topic.group if topic else "other"


@dataclass(frozen=True, slots=True)
class Scope:
    """The companies whose facts are counted: by id (`without_company`: also the letters and
    reviews of no company), or every company with an id from `low` to `high`."""

    ids: frozenset[int] = frozenset()
    without_company: bool = False
    low: int | None = None
    high: int | None = None

    def condition(self, column: InstrumentedAttribute[int | None]) -> ColumnElement[bool]:
        """The scope as a condition on a company id column."""
        if self.low is not None and self.high is not None:
            return column.between(self.low, self.high)
        parts: list[ColumnElement[bool]] = []
        if self.ids:
            parts.append(column.in_(sorted(self.ids)))
        if self.without_company:
            parts.append(column.is_(None))
        return or_(*parts) if parts else column.in_([])

    def holds(self, company_id: int | None) -> bool:
        """Whether a company (None: no company) is in the scope."""
        if self.low is not None and self.high is not None:
            return company_id is not None and self.low <= company_id <= self.high
        return self.without_company if company_id is None else company_id in self.ids


@dataclass(slots=True)
class CompanyFacts:
    """One company's cells."""

    letters: dict[LetterCell, list[int]] = field(default_factory=lambda: defaultdict(_zeros))
    reviews: Counter[ReviewCell] = field(default_factory=Counter)


def _zeros() -> list[int]:
    return [0, 0, 0]


@dataclass(slots=True)
class _Item:
    """A comment: its letter, effective topics (main = rank 0), asks, and answers."""

    letter_id: int
    topics: list[tuple[str, int]] = field(default_factory=list)
    asks: set[str] = field(default_factory=set)
    answers: list[set[str]] = field(default_factory=list)
    followed: bool = False


def count_facts(session: Session, scope: Scope) -> dict[int | None, CompanyFacts]:
    """The facts of every company of `scope` that has comment letters or reviews."""
    data = _Loaded.read(session, scope)
    out: dict[int | None, CompanyFacts] = defaultdict(CompanyFacts)
    for letter_id, items in data.comments_of.items():
        letter = data.letters[letter_id]
        if scope.holds(letter.company_id):
            _letter_facts(data, letter, items, out[letter.company_id].letters)
    for review in data.reviews.values():
        if scope.holds(review.company_id):
            _review_facts(data, review, out[review.company_id].reviews)
    return dict(out)


def _letter_facts(
    data: _Loaded,
    letter: Any,
    items: list[_Item],
    cells: dict[LetterCell, list[int]],
) -> None:
    review = data.reviews.get(letter.review_id) if letter.review_id is not None else None
    dims = (
        month_of(letter.date or letter.filing_date),
        letter.office,
        data.filers.get(letter.company_id),
        joined(data.forms.get(letter.id, ())),
    )
    closed = review is not None and review.status == "closed"

    def add(kind: str, key: str, code: str, letters: int, items: int, followed: int) -> None:
        counts = cells[(*dims, closed and kind in CLOSED_KINDS, kind, key, code)]
        counts[0] += letters
        counts[1] += items
        counts[2] += followed

    add("letters", "", "", 1, len(items), 0)
    topics: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    for item in items:
        codes = {code for code, _ in item.topics}
        topics.update(codes)
        groups.update({group_of(code) for code in codes})
        followed = int(item.followed)
        known = sorted({TOPICS[code].group for code in codes if code in TOPICS})
        for answer in item.answers:
            for code in answer:
                for group in (ANY_GROUP, *known):
                    add("ending", group, code, 0, 1, followed)
        for main in {code for code, rank in item.topics if rank == 0}:
            add("main", main, "", 0, 1, followed)
            for ask in item.asks:
                add("ask", main, ask, 0, 1, 0)
            for answer in item.answers:
                add("answered", main, "", 0, 1, 0)
                for code in answer:
                    add("answer", main, code, 0, 1, 0)
    for code, n in topics.items():
        add("topic", code, "", 1, n, 0)
    for group, n in groups.items():
        add("group", group, "", 1, n, 0)


def _review_facts(data: _Loaded, review: Any, cells: Counter[ReviewCell]) -> None:
    rounds = [r for r in data.rounds.get(review.id, []) if r.staff_letter_id in data.letters]
    if not rounds:
        return
    sent = {r.staff_letter_id: _day(data.letters[r.staff_letter_id]) for r in rounds}
    days_sent = [d for d in sent.values() if d is not None]
    offices = [o for r in rounds if (o := data.letters[r.staff_letter_id].office) is not None]
    first = min(days_sent) if days_sent else None
    members = data.members.get(review.id, [])
    forms = joined(f for letter_id in members for f in data.forms.get(letter_id, ()))
    groups = joined(
        TOPICS[code].group
        for letter_id in members
        for item in data.comments_of.get(letter_id, [])
        for code, _ in item.topics
        if code in TOPICS
    )
    dims = (month_of(first), min(offices) if offices else None, data.filers.get(review.company_id))
    dims_all = (*dims, forms, groups)
    done = review.closed is not None
    span = (review.closed - first).days if done and first is not None else None
    cells[(*dims_all, "review", len(rounds), span, done)] += 1
    for r in data.rounds.get(review.id, []):
        day = sent.get(r.staff_letter_id)
        if r.answered is not None and day is not None:
            on_time = r.due is not None and r.answered <= r.due
            cells[(*dims_all, "answer", 0, (r.answered - day).days, on_time)] += 1
    extensions = sum(
        1
        for letter_id in members
        if _asks_for_time(data.letters[letter_id], data.rounds.get(review.id, []), data.letters)
    )
    if extensions:
        cells[(*dims_all, "extension", 0, None, False)] += extensions


def _day(letter: Any) -> dt.date | None:
    day: dt.date | None = letter.date or letter.filing_date
    return day


def _asks_for_time(letter: Any, rounds: list[Any], letters: dict[int, Any]) -> bool:
    """A company letter that is neither a response nor an acceleration request, sent while a
    comment letter of its review awaited its answer."""
    day = _day(letter)
    if letter.role != "company" or letter.kind != "other" or day is None:
        return False
    for r in rounds:
        awaited = letters.get(r.staff_letter_id)
        sent = _day(awaited) if awaited is not None else None
        if sent is not None and sent <= day and (r.answered is None or day < r.answered):
            return True
    return False


@dataclass(slots=True)
class _Loaded:
    """What the facts of a scope are counted from, read in a few queries."""

    letters: dict[int, Any] = field(default_factory=dict)
    comments_of: dict[int, list[_Item]] = field(default_factory=dict)
    forms: dict[int, list[str]] = field(default_factory=dict)
    reviews: dict[int, Any] = field(default_factory=dict)
    rounds: dict[int, list[Any]] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)
    filers: dict[int | None, str | None] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session, scope: Scope) -> _Loaded:
        """Letters of the scope's companies and of their reviews, with what hangs off them:
        each table is read by the ids found before it (never through nested subqueries,
        which PostgreSQL answers with a full scan per chunk of a rebuild)."""
        data = cls()
        Letter, Review, Round = schema.Letter, schema.Review, schema.Round
        scoped = set(session.scalars(select(Review.id).where(scope.condition(Review.company_id))))
        columns = select(
            Letter.id,
            Letter.company_id,
            Letter.date,
            Letter.filing_date,
            Letter.office,
            Letter.role,
            Letter.kind,
            Letter.review_id,
        )
        found = {
            row.id: row
            for row in session.execute(columns.where(scope.condition(Letter.company_id)))
        }
        found.update((row.id, row) for row in _by_ids(session, columns, Letter.review_id, scoped))
        for letter_id in sorted(found):
            row = found[letter_id]
            data.letters[letter_id] = row
            if row.review_id is not None:
                data.members.setdefault(row.review_id, []).append(letter_id)
        review_ids = scoped | set(data.members)
        reviews = select(Review.id, Review.company_id, Review.closed, Review.status)
        for review in sorted(_by_ids(session, reviews, Review.id, review_ids), key=_first):
            data.reviews[review.id] = review
        rounds = select(Round.review_id, Round.staff_letter_id, Round.answered, Round.due)
        for round_ in sorted(_by_ids(session, rounds, Round.review_id, review_ids), key=_first):
            data.rounds.setdefault(round_.review_id, []).append(round_)
        filing = schema.LetterFiling
        forms = select(filing.letter_id, filing.form).where(filing.form.is_not(None))
        for letter_id, form in sorted(_by_ids(session, forms, filing.letter_id, data.letters)):
            data.forms.setdefault(letter_id, []).append(str(form))
        companies = {row.company_id for row in data.letters.values()}
        companies |= {row.company_id for row in data.reviews.values()}
        filers = select(schema.Company.id, schema.Company.filer_category)
        known = {c for c in companies if c is not None}
        for company_id, filer in _by_ids(session, filers, schema.Company.id, known):
            data.filers[company_id] = filer
        data._read_comments(session)
        return data

    def _read_comments(self, session: Session) -> None:
        Comment, Label, Response = schema.Comment, schema.Label, schema.Response
        items: dict[int, _Item] = {}
        comments = select(Comment.id, Comment.letter_id)
        for comment_id, letter_id in sorted(
            _by_ids(session, comments, Comment.letter_id, self.letters)
        ):
            item = _Item(letter_id)
            items[comment_id] = item
            self.comments_of.setdefault(letter_id, []).append(item)
        labels = select(Label.comment_id, Label.facet, Label.code, Label.rank).where(
            Label.effective.is_(True), Label.facet.in_(("topic", "ask"))
        )
        for labelled, facet, code, rank in _by_ids(session, labels, Label.comment_id, items):
            item = items[int(labelled or 0)]
            if facet == "topic":
                item.topics.append((code, rank))
            else:
                item.asks.add(code)
        follow_ups = select(Comment.follow_up_of_id)
        for (earlier,) in _by_ids(session, follow_ups, Comment.follow_up_of_id, items):
            if earlier in items:
                items[earlier].followed = True
        answers: dict[int, set[str]] = {}
        responses = select(Response.id, Response.comment_id)
        for response_id, answered in sorted(
            _by_ids(session, responses, Response.comment_id, items)
        ):
            answers[response_id] = set()
            if answered is not None:
                items[answered].answers.append(answers[response_id])
        coded = select(Label.response_id, Label.code).where(
            Label.effective.is_(True), Label.facet == "answer"
        )
        for response_id, code in _by_ids(session, coded, Label.response_id, answers):
            answers[int(response_id or 0)].add(code)


ID_BATCH = 1000
"""Ids one query looks up: few enough that PostgreSQL matches them through the column's index
(at 5,000 it chose a full scan of letter_filings)."""


def _by_ids(
    session: Session,
    query: Select[*tuple[Any, ...]],
    column: InstrumentedAttribute[Any],
    ids: Iterable[int],
) -> Iterator[Any]:
    """The rows of `query` whose `column` is one of `ids`, read a batch of ids at a time."""
    ordered = sorted(ids)
    postgres = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(ordered), ID_BATCH):
        batch = ordered[start : start + ID_BATCH]
        yield from session.execute(query.where(among(column, batch, postgres)))


def _first(row: Any) -> Any:
    return row[0]

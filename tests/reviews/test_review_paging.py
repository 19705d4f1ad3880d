"""Reviews read a page at a time, open reviews and pending deadlines chosen in SQL, on the small
fictional record of the trends tests (tests/trends/fictional_record.py): the answers are those
of the whole list filtered in Python, as the queries gave before they were pushed into SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.trends import fictional_record

from reviewdesk.record.store import open_store
from reviewdesk.reviews.deadlines import DeadlineStatus
from reviewdesk.reviews.filters import ListFilters
from reviewdesk.reviews.queries import (
    PENDING,
    pending_deadline_page,
    review_page,
    review_summaries,
    round_deadlines,
)

D = dt.date.fromisoformat
DAYS = [
    "2021-03-10",
    "2021-10-20",
    "2021-10-26",
    "2021-11-16",
    "2022-03-05",
    "2022-05-10",
    "2022-06-01",
]
"""Days around the fictional record's letters, its deadlines and its last letter (2022-05-02)."""


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    store = open_store(str(tmp_path / "fictional.sqlite"))
    fictional_record.build(store)
    with store.session() as session:
        yield session
    store.close()


def test_a_page_of_reviews_is_newest_first_with_the_count_of_all(session: Session) -> None:
    page = review_page(session, limit=2, offset=1)
    assert page.total == 4
    assert [(r.company, r.opened, r.closed, r.rounds, r.letters) for r in page.reviews] == [
        ("Fictional Beta Inc.", D("2022-02-01"), D("2022-04-21"), 3, 7),
        ("Fictional Alpha Corp", D("2021-10-04"), D("2022-01-10"), 2, 6),
    ]
    assert review_page(session, limit=2, offset=4).reviews == []
    assert review_summaries(session, limit=2, offset=1) == page.reviews
    assert review_summaries(session)[1:3] == page.reviews


@pytest.mark.parametrize(
    ("day", "opened"),
    [
        ("2021-10-20", ["2021-10-04"]),
        ("2022-04-20", ["2022-02-01"]),
        ("2022-04-21", []),
        ("2022-05-02", ["2022-05-02"]),
        ("2021-02-28", []),
    ],
)
def test_reviews_open_on_a_day_opened_by_it_and_not_closed_by_it(
    session: Session, day: str, opened: list[str]
) -> None:
    shown = review_summaries(session, open_on=D(day))
    assert [str(r.opened) for r in shown] == opened
    assert shown == [
        r
        for r in review_summaries(session)
        if r.opened is not None and r.opened <= D(day) and (r.closed is None or r.closed > D(day))
    ]


@pytest.mark.parametrize(
    ("filters", "opened"),
    [
        (ListFilters(company="alpha"), ["2021-10-04", "2021-03-01"]),
        (ListFilters(company="9999992"), ["2022-05-02", "2022-02-01"]),
        (ListFilters(form="10-k/a"), ["2022-02-01", "2021-10-04", "2021-03-01"]),
        (ListFilters(form="S-1", company="beta"), ["2022-05-02"]),
        (ListFilters(office="of  TECHNOLOGY"), ["2022-05-02", "2022-02-01"]),
        (ListFilters(office="Finance", since=D("2021-06-01")), ["2021-10-04"]),
        (ListFilters(company="100%"), []),
    ],
)
def test_filtered_pages_are_pages_of_the_whole_list_filtered(
    session: Session, filters: ListFilters, opened: list[str]
) -> None:
    whole = [
        r
        for r in review_summaries(session)
        if filters.company_matches(r.company, r.cik)
        and filters.form_matches(r.forms)
        and filters.office_matches(r.office)
        and filters.day_matches(r.opened)
    ]
    assert [str(r.opened) for r in whole] == opened
    assert review_summaries(session, filters=filters) == whole
    page = review_page(session, filters=filters, limit=1, offset=1)
    assert (page.total, page.reviews) == (len(whole), whole[1:2])


@pytest.mark.parametrize("day", DAYS)
def test_pending_deadlines_are_those_of_every_round(session: Session, day: str) -> None:
    every = round_deadlines(session, D(day))
    assert round_deadlines(session, D(day), statuses=PENDING) == [
        d for d in every if d.status in PENDING
    ]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("status", [DeadlineStatus.open, DeadlineStatus.overdue])
def test_a_page_of_pending_deadlines_is_a_page_of_every_rounds_deadlines(
    session: Session, day: str, status: DeadlineStatus
) -> None:
    every = [d for d in round_deadlines(session, D(day)) if d.status is status]
    whole = pending_deadline_page(session, D(day), status)
    assert (whole.total, whole.deadlines) == (len(every), every)
    latest = pending_deadline_page(session, D(day), status, newest_first=True, limit=1, offset=0)
    assert (latest.total, latest.deadlines) == (len(every), every[::-1][:1])
    assert pending_deadline_page(session, D(day), status, limit=1, offset=1).deadlines == every[1:2]


def test_rounds_due_soon_stop_at_the_horizon(session: Session) -> None:
    day = D("2022-05-10")
    assert [d.due for d in pending_deadline_page(session, day, DeadlineStatus.open).deadlines] == [
        D("2022-05-16")
    ]
    cut = pending_deadline_page(session, day, DeadlineStatus.open, until=D("2022-05-13"))
    assert (cut.total, cut.deadlines) == (0, [])
    with pytest.raises(ValueError, match="open or overdue, not late"):
        pending_deadline_page(session, day, DeadlineStatus.late)


def test_a_round_left_unanswered_is_open_then_overdue(session: Session) -> None:
    before, after = (
        round_deadlines(session, D(d), statuses=PENDING) for d in ("2022-05-10", "2022-06-01")
    )
    assert [(d.company, d.sent, d.due, d.status.value) for d in before] == [
        ("Fictional Beta Inc.", D("2022-05-02"), D("2022-05-16"), "open")
    ]
    assert [(d.company, d.status.value) for d in after] == [("Fictional Beta Inc.", "overdue")]

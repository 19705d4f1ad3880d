"""The pieces of fetch that need no network: the rate limiter's schedule, folder listings, form
indexes, the ticker file, submissions windows, Retry-After and the configuration checks."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from itertools import pairwise

import httpx
import pytest
from edgar_support import FICTIONAL, REPLAY
from tests.conftest import shared

from reviewdesk.letters.identifiers import dashed_accession
from reviewdesk.services.edgar.client import retry_after
from reviewdesk.services.edgar.config import EdgarConfig, EdgarConfigError
from reviewdesk.services.edgar.filings import (
    Filing,
    filing_documents,
    letter_document,
)
from reviewdesk.services.edgar.indexes import Quarter, daily_days, read_form_index
from reviewdesk.services.edgar.limiter import RateLimiter
from reviewdesk.services.edgar.submissions import Window, read_page
from reviewdesk.services.edgar.tickers import read_ticker_file

UA = "ReviewDesk Tests reviewdesk-tests@example.com"
WWW = FICTIONAL / "www.sec.gov"


class StoppedClock:
    """A clock that does not move: each acquire must wait one interval more than the last."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def time(self) -> float:
        return 100.0

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_limiter_spaces_requests_one_tenth_of_a_second_and_a_little_apart() -> None:
    clock = StoppedClock()
    limiter = RateLimiter(10, clock=clock.time, sleep=clock.sleep)

    for _ in range(4):
        limiter.acquire()

    assert [round(s, 3) for s in clock.slept] == [0.105, 0.21, 0.315]


def test_limiter_waits_a_second_after_the_answer_rate_places_back() -> None:
    clock = StoppedClock()
    now = [100.0]
    limiter = RateLimiter(2, clock=lambda: now[0], sleep=clock.sleep)

    first = limiter.acquire()
    limiter.acquire()
    now[0] = 100.9
    limiter.done(first)
    limiter.acquire()

    assert [round(s, 3) for s in clock.slept] == [0.505, 1.0]


class SharedClock:
    """A fake clock for threads: it stands still and moves only when a thread sleeps, to the
    end of that sleep; no real time passes, so the test does not depend on the machine."""

    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def time(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_limiter_shared_by_threads_hands_out_distinct_tickets_an_interval_apart() -> None:
    clock = SharedClock()
    limiter = RateLimiter(200, clock=clock.time, sleep=clock.sleep)
    tickets: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(10):
            ticket = limiter.acquire()
            with lock:
                tickets.append(ticket)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(tickets) == list(range(40))
    with limiter.ledger.open() as schedule:
        starts = sorted(float(entry[1]) for entry in schedule["flight"])
    assert len(starts) == 40
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    assert min(gaps) >= 1 / 200 + 0.005 - 1e-9  # the interval at 200/s plus the slack


def test_letter_document_is_the_pdf_not_edgars_text_rendering_or_index_pages() -> None:
    folder = REPLAY / "www.sec.gov/Archives/edgar/data/1754301/000000000024002186"
    listing = json.loads((shared(folder) / "index.json").read_text())
    filing = Filing("2024-02-27", "0000000000-24-002186", "0001754301", "Fox Corp", "UPLOAD")

    assert [item["name"] for item in listing["directory"]["item"]] == [
        "0000000000-24-002186-index-headers.html",
        "0000000000-24-002186-index.html",
        "0000000000-24-002186.txt",
        "filename1.pdf",
        "filename2.txt",
    ]
    assert letter_document(listing, filing) == "filename1.pdf"


def test_letter_document_prefers_the_primary_document_and_skips_images() -> None:
    listing = {
        "directory": {
            "item": [
                {"name": "logo.jpg"},
                {"name": "0001193125-24-063297.txt"},
                {"name": "cover.pdf"},
                {"name": "filename1.htm"},
            ]
        }
    }
    plain = Filing("2024-03-08", "0001193125-24-063297", "0001754301", None, "CORRESP")
    named = Filing(
        "2024-03-08", "0001193125-24-063297", "0001754301", None, "CORRESP", "filename1.htm"
    )

    assert letter_document(listing, plain) == "cover.pdf"
    assert letter_document(listing, named) == "filename1.htm"
    assert letter_document({"directory": {"item": [{"name": "logo.jpg"}]}}, plain) is None
    assert letter_document({"unexpected": 1}, plain) is None


def test_form_index_keeps_wanted_forms_even_when_they_overflow_their_column() -> None:
    text = (WWW / "Archives/edgar/full-index/2024/QTR1/form.idx").read_text()

    upload_corresp = read_form_index(text, ["UPLOAD", "CORRESP"])
    staff = read_form_index(text, ["SEC STAFF LETTER"])
    tenk = read_form_index(text, ["10-K"])

    assert len(upload_corresp) == 19
    assert upload_corresp[0] == Filing(
        "2024-01-05", "0000000000-24-000187", "0001964738", "Solventum Corp", "UPLOAD"
    )
    assert [(f.accession, f.company) for f in staff] == [
        ("9999999997-24-000415", "Solventum Corp"),
        ("9999999997-24-000667", "Solventum Corp"),
    ]
    assert [f.company for f in tenk] == ["FICTIONAL WIDGET HOLDINGS INC"]  # not its 10-Q/A


def test_daily_form_index_dates_are_read() -> None:
    text = (WWW / "Archives/edgar/daily-index/2024/QTR1/form.20240227.idx").read_text()
    listing = json.loads((WWW / "Archives/edgar/daily-index/2024/QTR1/index.json").read_text())

    assert read_form_index(text, ["UPLOAD"]) == [
        Filing("2024-02-27", "0000000000-24-002186", "0001754301", "Fox Corp", "UPLOAD")
    ]
    assert daily_days(listing) == [
        dt.date(2024, 2, 26),
        dt.date(2024, 2, 27),
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 5),
    ]


def test_ticker_file_resolves_symbols_case_blind_and_ignores_odd_rows() -> None:
    tickers = read_ticker_file(json.loads((WWW / "files/company_tickers.json").read_text()))

    assert tickers["FOX"].cik == tickers["FOXA"].cik == "0001754301"
    assert tickers["LEN-B"].title == "LENNAR CORP /NEW/"
    assert "fictional" not in tickers


def test_submissions_page_is_filtered_by_form_and_window() -> None:
    columns = {
        "accessionNumber": ["0000000000-15-000001", "0001-bad", "0000000000-17-000002"],
        "filingDate": ["2015-06-01", "2016-01-01", "2017-02-03"],
        "form": ["UPLOAD", "10-K", "CORRESP"],
        "primaryDocument": ["filename1.pdf", "x.htm", "filename1.htm"],
    }

    filings = list(
        read_page(columns, "0000000001", "X", ["UPLOAD", "CORRESP"], Window("2016-01-01"))
    )

    assert filings == [
        Filing("2017-02-03", "0000000000-17-000002", "0000000001", "X", "CORRESP", "filename1.htm")
    ]


def test_older_pages_outside_the_window_are_not_needed() -> None:
    window = Window(since="2016-01-01", until="2020-12-31")

    assert not window.overlaps("1995-02-10", "2014-05-04")
    assert window.overlaps("2014-01-01", "2016-01-01")
    assert not window.overlaps("2021-01-01", "2022-01-01")
    assert Window().overlaps("1995-02-10", "2014-05-04")


def test_retry_after_reads_seconds_and_http_dates() -> None:
    def response(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": value})

    assert retry_after(response("7")) == 7.0
    assert retry_after(response("Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert retry_after(response("soon")) is None
    assert retry_after(httpx.Response(503)) is None


def test_quarters_parse_and_know_their_last_day() -> None:
    assert Quarter.parse("2024q4") == Quarter(2024, 4)
    assert Quarter(2024, 1).last_day == dt.date(2024, 3, 31)
    assert Quarter(2024, 4).last_day == dt.date(2024, 12, 31)
    assert str(Quarter.of(dt.date(2025, 8, 1))) == "2025Q3"
    with pytest.raises(ValueError, match="give a quarter like 2024Q1"):
        Quarter.parse("Q1 2024")


def test_accessions_are_dashed() -> None:
    assert dashed_accession("000000000024002186") == "0000000000-24-002186"
    with pytest.raises(ValueError, match="not an EDGAR accession number"):
        dashed_accession("12345")


def test_more_than_ten_requests_a_second_is_refused_for_sec_gov_only() -> None:
    with pytest.raises(EdgarConfigError, match="the SEC allows at most 10 requests a second"):
        EdgarConfig(user_agent=UA, max_rate=20)

    mirror = EdgarConfig(
        user_agent=UA, www="http://127.0.0.1:8000", data="http://127.0.0.1:8001", max_rate=20
    )

    assert mirror.max_rate == 20


def test_limiters_sharing_a_state_folder_space_their_requests_as_one(tmp_path) -> None:
    clock = StoppedClock()
    first, second = (
        RateLimiter(10, shared_in=tmp_path, clock=clock.time, sleep=clock.sleep) for _ in range(2)
    )

    for limiter in (first, second, first, second):
        limiter.acquire()

    assert [round(s, 3) for s in clock.slept] == [0.105, 0.21, 0.315]


def test_shared_limiter_waits_a_second_after_the_other_process_answer_rate_places_back(
    tmp_path,
) -> None:
    clock = StoppedClock()
    now = [100.0]
    first, second = (
        RateLimiter(2, shared_in=tmp_path, clock=lambda: now[0], sleep=clock.sleep)
        for _ in range(2)
    )

    ticket = first.acquire()
    second.acquire()
    now[0] = 100.9
    first.done(ticket)
    second.acquire()

    assert [round(s, 3) for s in clock.slept] == [0.505, 1.0]


def test_shared_limiter_does_not_wait_for_a_request_of_a_process_that_died(tmp_path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    ledger = tmp_path / "rate-limit.json"
    ledger.write_text(
        json.dumps(
            {"next": 99.0, "issued": 2, "settled": None,
             "flight": [[0, 98.5, None, dead.pid], [1, 99.0, 99.1, dead.pid]]}
        )
    )  # fmt: skip
    clock = StoppedClock()
    now = [100.0]
    limiter = RateLimiter(2, shared_in=tmp_path, clock=lambda: now[0], sleep=clock.sleep)

    limiter.acquire()

    assert [round(s, 3) for s in clock.slept] == [1.0]


def test_filing_documents_are_the_letter_then_the_others_without_images_or_renderings() -> None:
    listing = {
        "directory": {
            "item": [
                {"name": "0001193125-24-063297.txt"},
                {"name": "0001193125-24-063297-index.html"},
                {"name": "filename10.pdf"},
                {"name": "filename2.htm"},
                {"name": "g798148fox.jpg"},
                {"name": "filename1.htm"},
            ]
        }
    }
    response = Filing("2024-03-08", "0001193125-24-063297", "0001754301", None, "CORRESP")
    upload = {"directory": {"item": [{"name": "filename1.pdf"}, {"name": "filename2.txt"}]}}
    staff = Filing("2024-02-27", "0000000000-24-002186", "0001754301", None, "UPLOAD")

    assert filing_documents(listing, response) == [
        "filename10.pdf",
        "filename1.htm",
        "filename2.htm",
    ]
    assert filing_documents(upload, staff) == ["filename1.pdf"]
    assert filing_documents({"directory": {"item": []}}, staff) == []

"""A record at EDGAR scale for benchmarks: the real corpus parsed once (a seed SQLite record,
kept in --work), then --letters letters made from it under synthetic companies, CIKs, file
numbers and dates, with their wording varied (the company's name, years shifted with the
dates, amounts rescaled, synonyms swapped, sentences of longer comments reordered), so that
indexes and query plans see realistic distributions rather than copies. Rows are written
in bulk (COPY on PostgreSQL, executemany on SQLite, full-text indexes built after the
load); it prints rows per table, build time and record size on disk.

Reviews are laid out oldest first (a backfill in date order), so ids grow with dates, as a
record fetched day by day has them. Letters keep a short stand-in as their raw document
(the derived text is in comments and responses): 500,000 copies of 40 KB originals would
take 20 GB per store.

    .venv/bin/python benchmarks/scale.py --letters 500000 --store both
    .venv/bin/python benchmarks/scale.py --letters 2000 --store sqlite --work /tmp/x
    .venv/bin/python benchmarks/scale.py --ingest            # ingest vs parse docs/s, peak RSS

--ingest times the real pipeline on the corpus into a fresh PostgreSQL database (documents
per second, overall and under way: first document done to last) beside the parser alone on
the same documents, and prints the writer's CPU
seconds and statements per document, the CPU of the database processes serving it (its
statements and triggers), figures a loaded machine changes less than wall time, split by
stage (store, thread, trend facts: the writer thread's CPU and its server process's in each
call), the threading runs made while storing and the wall time left after the last
document was stored, and peak RSS; then the same ingest with every reading made beforehand
(the store stage alone: the most ingest reaches on this machine whatever the parsers' speed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import json
import math
import os
import pickle
import random
import re
import resource
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import create_engine, event
from sqlalchemy.pool import NullPool

from reviewdesk.documents.bounded import BoundedReaders
from reviewdesk.letters.classify import shipped_reader
from reviewdesk.pipeline import ingest_paths
from reviewdesk.pipeline.read import read
from reviewdesk.record import open_store, schema, search_keys_pg
from reviewdesk.record.fulltext import drop_sqlite_triggers, rebuild_index, search_index_statement
from reviewdesk.record.trend_upkeep import rebuild_trend_facts
from reviewdesk.reviews.calendar import response_due

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
thread_stage = importlib.import_module("reviewdesk.pipeline.thread")
"""The thread stage's module (the package's `thread` names its function)."""
pipeline_run = importlib.import_module("reviewdesk.pipeline.run")
"""The pipeline's module (the package's `run` is not a name it exports)."""
batch_stage = importlib.import_module("reviewdesk.record.batch")
"""The store stage's batch writer (its group write is clocked apart)."""
WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "reviewdesk-scale"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"

TABLES = ["companies", "reviews", "raw_documents", "letters", "rounds", "letter_filings"]
TABLES += ["comments", "responses", "labels"]
"""Tables the builder writes, in an order foreign keys accept."""

LETTERS_PER_COMPANY = 12
"""Letters per synthetic company on average (several reviews over the years)."""

PG_LOADERS = 2
"""Connections COPYing chunks side by side."""

CHUNK_LETTERS = 5_000
"""Letters generated and written per transaction (bounded memory, progress)."""

BYTES_PER_LETTER = 12_000
"""Disk one letter takes in one store, indexes included (measured: about 8 KB on PostgreSQL
and 6.5 KB on SQLite), to refuse a build the disk cannot hold."""

FIRST_DAY, LAST_START = dt.date(2005, 1, 1), dt.date(2025, 6, 30)
"""Reviews start between these days (so their later letters end by 2026)."""

NAME_FIRST = """Acme Allied Alpine Amber Apex Arbor Archer Ardent Argent Ashford Aspen Atlas Aurora
Avalon Bayview Beacon Bedford Belmont Birch Blackstone Bluewater Boulder Bramble Brighton
Brookfield Cadence Calder Cambria Camden Canyon Capstone Cardinal Carlisle Cascade Cedar
Century Chandler Chester Clearwater Coastal Cobalt Concord Copper Cornerstone Crescent Crown
Cypress Dakota Delta Denali Dover Eagle Eastwood Echo Elm Emerald Empire Everest Fairview
Falcon Fenwick Firestone Flagship Foxglove Franklin Frontier Galena Garnet Gateway Glacier
Golden Granite Greystone Halcyon Hamilton Harbor Harlow Hawthorne Heritage Highland Horizon
Hudson Huron Indigo Ironwood Jasper Juniper Keystone Kingsley Lakeshore Landmark Laurel
Legacy Liberty Linden Lodestar Magnolia Mariner Marlow Meridian Midland Monarch Northgate
Northwind Oakmont Olympic Onyx Orchard Osprey Pacific Palisade Paragon Patriot Pinnacle
Pioneer Prairie Prescott Quarry Radiant Redwood Regent Ridgeline Riverbend Rockport Sable
Sagebrush Salem Sandstone Sapphire Sawyer Sentinel Sequoia Shoreline Sierra Silverline
Skyline Sterling Stonebridge Summit Sunrise Tamarack Thornton Timberline Topaz Trident
Trinity Union Vanguard Vertex Vista Walden Waverly Westbrook Whitney Willow Windsor Yardley
Zenith""".split()
NAME_SECOND = """Therapeutics Pharmaceuticals Biosciences Energy Resources Minerals Mining Oil
Gas Petroleum Bancorp Financial Capital Holdings Insurance Realty Properties Technologies
Software Systems Networks Semiconductor Devices Instruments Medical Health Diagnostics
Foods Brands Beverage Restaurants Retail Apparel Industries Manufacturing Materials
Chemicals Packaging Logistics Transport Airlines Shipping Communications Media
Entertainment Gaming Hospitality Utilities Power Water Solar Environmental Aerospace
Defense Automotive Motors Homes Construction Engineering Telecom Data Analytics Labs
Genomics Partners Trust Acquisition""".split()
NAME_SUFFIX = ["Inc.", "Corp.", "Corporation", "Holdings, Inc.", "Ltd.", "plc", "Co.", "LLC"]
SUFFIXES = re.compile(
    r"[,\s]+(inc\.?|corp\.?|corporation|co\.?|company|ltd\.?|limited|plc|llc|l\.p\.|lp|"
    r"holdings?|group|n\.v\.|s\.a\.|ag|se)\s*$",
    re.IGNORECASE,
)

SYNONYMS = [
    ("revise", "amend"),
    ("clarify", "explain"),
    ("provide", "furnish"),
    ("additional", "further"),
    ("Please tell us", "Please explain to us"),
    ("in future filings", "in your future filings"),
    ("we note", "we observe"),
    ("We note", "We observe"),
    ("significant", "substantial"),
    ("describe", "discuss"),
]
"""Interchangeable wordings in staff and company letters; each letter swaps a few of them."""

YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
AMOUNT = re.compile(r"\$(\d{1,3}(?:\.\d)?) (million|billion)")
SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


@dataclass
class Seed:
    """The parsed corpus: rows of each table (as dicts), grouped the way the builder copies
    them: a review with its letters, or a letter outside any review alone."""

    rows: dict[str, list[dict[str, Any]]]
    groups: list[list[dict[str, Any]]] = field(default_factory=list)
    reviews: dict[int, dict[str, Any]] = field(default_factory=dict)
    rounds: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    filings: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    responses: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    labels: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    companies: dict[int, dict[str, Any]] = field(default_factory=dict)


def columns(table: str) -> list[str]:
    """The record's columns of a table, as the ORM declares them (no search_vector)."""
    return [c.name for c in schema.Base.metadata.tables[table].columns]


def seed_store(work: Path, jobs: int, docs: list[Path] | None = None) -> Path:
    """The corpus (or the given documents of it) ingested, that is parsed, classified and
    threaded, once into a SQLite file in `work`, reused by later runs."""
    path = work / "seed.sqlite"
    if path.exists():
        return path
    partial_path = work / "seed.partial.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial_path}{suffix}").unlink(missing_ok=True)
    began = time.perf_counter()
    store = open_store(str(partial_path))
    paths = docs if docs is not None else [CORPUS / "docs"]
    summary = ingest_paths(store, paths, CORPUS / "manifest.csv", jobs=jobs)
    store.close()
    partial_path.rename(path)
    took = time.perf_counter() - began
    print(f"seed: {summary.stored} letters parsed from {CORPUS} in {took:.0f} s", flush=True)
    return path


def _decoded(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A seed row with dates and JSON read back from SQLite's text."""
    types = schema.Base.metadata.tables[table].columns
    out = dict(row)
    for column in types:
        value = out.get(column.name)
        if value is None or not isinstance(value, str):
            continue
        kind = column.type.python_type if hasattr(column.type, "python_type") else None
        if kind is dt.date:
            out[column.name] = dt.date.fromisoformat(value[:10])
        elif kind is dt.datetime:
            out[column.name] = dt.datetime.fromisoformat(value)
        elif column.name in ("file_numbers", "given"):
            out[column.name] = json.loads(value)
    return out


def load_seed(path: Path) -> Seed:
    """Read the seed record into memory (a few MB) and group it for copying."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        names = [c for c in columns(table) if table != "raw_documents" or c != "content"]
        order = "sha256" if table == "raw_documents" else "id"
        rows[table] = [
            _decoded(table, dict(r))
            for r in connection.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}")
        ]
    connection.close()
    seed = Seed(rows)
    seed.companies = {c["id"]: c for c in rows["companies"]}
    seed.reviews = {r["id"]: r for r in rows["reviews"]}
    for table, index in (
        ("rounds", seed.rounds),
        ("letter_filings", seed.filings),
        ("comments", seed.comments),
        ("responses", seed.responses),
    ):
        key = "review_id" if table == "rounds" else "letter_id"
        for row in rows[table]:
            index.setdefault(row[key], []).append(row)
    for label in rows["labels"]:
        owner = ("c", label["comment_id"]) if label["comment_id"] else ("r", label["response_id"])
        seed.labels.setdefault(owner, []).append(label)
    by_review: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for letter in rows["letters"]:
        if letter["review_id"] is None:
            seed.groups.append([letter])
        else:
            by_review[letter["review_id"]].append(letter)
    seed.groups.extend(by_review.values())
    return seed


def letters_for_items(seed: Seed, items: int) -> int:
    """Letters that hold about `items` comments and answers at the corpus's mix."""
    per_letter = (len(seed.rows["comments"]) + len(seed.rows["responses"])) / len(
        seed.rows["letters"]
    )
    return math.ceil(items / per_letter)


def group_items(seed: Seed, group: list[dict[str, Any]]) -> int:
    """Comments and responses a copy of a group holds."""
    return sum(
        len(seed.comments.get(x["id"], [])) + len(seed.responses.get(x["id"], [])) for x in group
    )


def _first_day(group: list[dict[str, Any]]) -> dt.date | None:
    days = [x["date"] or x["filing_date"] for x in group if x["date"] or x["filing_date"]]
    return min(days) if days else None


@dataclass(frozen=True, slots=True)
class Planned:
    """One copy of a seed group: which group, under which company, starting on which day."""

    start: dt.date
    group: int
    company: int


def plan(seed: Seed, letters: int, rng: random.Random) -> list[Planned]:
    """Copies of seed groups holding exactly `letters` letters, oldest first: groups drawn
    at random (so the corpus's mix of reviews repeats), each under one of letters/12
    companies, starting on a day between FIRST_DAY and LAST_START with more letters in
    later years (as EDGAR's volume grew)."""
    companies = max(1, letters // LETTERS_PER_COMPANY)
    sizes = [len(g) for g in seed.groups]
    by_size: dict[int, list[int]] = defaultdict(list)
    for index, size in enumerate(sizes):
        by_size[size].append(index)
    out: list[Planned] = []
    days = (LAST_START - FIRST_DAY).days
    left = letters
    while left > 0:
        index = rng.randrange(len(sizes))
        if sizes[index] > left:
            fitting = [s for s in by_size if s <= left]
            index = rng.choice(by_size[rng.choice(fitting)])
        start = FIRST_DAY + dt.timedelta(days=int(days * math.sqrt(rng.random())))
        out.append(Planned(start, index, rng.randrange(companies)))
        left -= sizes[index]
    out.sort(key=lambda p: p.start)
    return out


class Wording:
    """Varies the text of one copied letter: the seed company's name becomes the new one,
    years move with the dates, amounts scale, a few synonyms swap, and sentences of longer
    comments are sometimes reordered."""

    def __init__(self, rng: random.Random, old_names: list[str], new_name: str, years: int):
        self.rng = rng
        names = sorted({n for n in old_names if n and len(n) > 3}, key=len, reverse=True)
        self.names = re.compile("|".join(map(re.escape, names))) if names else None
        self.new_name = new_name
        self.years = years
        self.factor = rng.choice([0.5, 0.8, 1.2, 1.5, 2.0, 3.0])
        chosen = rng.sample(SYNONYMS, k=3)
        self.swaps = [(a, b) if rng.random() < 0.5 else (b, a) for a, b in chosen]

    def _year(self, match: re.Match[str]) -> str:
        return str(int(match.group(1)) + self.years)

    def _amount(self, match: re.Match[str]) -> str:
        return f"${float(match.group(1)) * self.factor:.1f} {match.group(2)}"

    def text(self, body: str | None, reorder: bool = False) -> str | None:
        """The body as this letter words it."""
        if not body:
            return body
        if self.names is not None:
            body = self.names.sub(self.new_name, body)
        if self.years:
            body = YEAR.sub(self._year, body)
        body = AMOUNT.sub(self._amount, body)
        for old, new in self.swaps:
            if old in body:
                body = body.replace(old, new)
        if reorder and self.rng.random() < 0.3:
            sentences = SENTENCE.split(body)
            if len(sentences) >= 4:
                i = self.rng.randrange(1, len(sentences) - 2)
                sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
                body = " ".join(sentences)
        return body


def short_name(name: str) -> str:
    """A company name without its legal suffix ("Acme Widgets, Inc." -> "Acme Widgets")."""
    return SUFFIXES.sub("", name).strip()


class Maker:
    """Makes the rows of each planned copy with fresh ids, keys and dates."""

    def __init__(self, seed: Seed, rng: random.Random, now: dt.datetime) -> None:
        self.seed = seed
        self.rng = rng
        self.now = now
        self.next = dict.fromkeys(TABLES, 1)
        self.companies: dict[int, dict[str, Any]] = {}
        self.names: set[str] = set()
        self.ciks: set[int] = set()
        self.file_numbers: dict[tuple[int, str], str] = {}
        self.seed_companies = list(seed.companies.values())

    def _id(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value

    def _name(self) -> str:
        while True:
            name = " ".join(
                [
                    self.rng.choice(NAME_FIRST),
                    self.rng.choice(NAME_SECOND),
                    self.rng.choice(NAME_SUFFIX),
                ]
            )
            if name not in self.names:
                self.names.add(name)
                return name
            name = f"{self.rng.choice(NAME_FIRST)} {name}"
            if name not in self.names:
                self.names.add(name)
                return name

    def company(self, number: int, out: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        """The synthetic company `number`, made (and written) on first use: a new name and
        CIK, its industry and other traits taken from a corpus company."""
        if number in self.companies:
            return self.companies[number]
        model = self.rng.choice(self.seed_companies) if self.seed_companies else {}
        cik = self.rng.randrange(1_000_000, 2_000_000)
        while cik in self.ciks:
            cik = self.rng.randrange(1_000_000, 2_000_000)
        self.ciks.add(cik)
        row = {c: model.get(c) for c in columns("companies")}
        row.update(id=self._id("companies"), cik=f"{cik:010d}", name=self._name(), ticker=None)
        self.companies[number] = row
        out["companies"].append(row)
        return row

    def file_number(self, company: int, seed_number: str | None) -> str | None:
        """The company's file number of the same kind (prefix) as the seed's."""
        if not seed_number:
            return seed_number
        prefix = seed_number.split("-", 1)[0]
        key = (company, prefix)
        if key not in self.file_numbers:
            digits = 6 if prefix == "333" else 5
            self.file_numbers[key] = (
                f"{prefix}-{self.rng.randrange(10 ** (digits - 1), 10**digits)}"
            )
        return self.file_numbers[key]

    def copy(self, planned: Planned, out: dict[str, list[dict[str, Any]]]) -> None:
        """Append the rows of one copy of a seed group to `out`."""
        seed, rng = self.seed, self.rng
        group = seed.groups[planned.group]
        company = self.company(planned.company, out)
        first = _first_day(group) or planned.start
        shift = planned.start - first
        years = round(shift.days / 365.25)

        def day(value: dt.date | None) -> dt.date | None:
            return value + shift if value is not None else None

        old_names = []
        for letter in group:
            for name in (
                letter["company_name"],
                seed.companies.get(letter["company_id"] or 0, {}).get("name"),
            ):
                if name:
                    old_names += [name, short_name(name)]
        wording = Wording(rng, old_names, short_name(company["name"]), years)
        review_id: int | None = None
        seed_review = group[0]["review_id"]
        if seed_review is not None:
            review = dict(seed.reviews[seed_review])
            review_id = self._id("reviews")
            review.update(
                id=review_id,
                company_id=company["id"],
                opened=day(review["opened"]),
                closed=day(review["closed"]),
                file_numbers=[
                    self.file_number(company["id"], n) for n in review["file_numbers"] or []
                ],
            )
            out["reviews"].append(review)
        letter_ids = {x["id"]: self._id("letters") for x in group}
        round_ids = {r["id"]: self._id("rounds") for r in seed.rounds.get(seed_review or 0, [])}
        comment_ids: dict[int, int] = {}
        response_ids: dict[int, int] = {}
        for letter in group:
            for c in seed.comments.get(letter["id"], []):
                comment_ids[c["id"]] = self._id("comments")
            for r in seed.responses.get(letter["id"], []):
                response_ids[r["id"]] = self._id("responses")
        for r in seed.rounds.get(seed_review or 0, []):
            row = dict(r)
            row.update(
                id=round_ids[r["id"]],
                review_id=review_id,
                staff_letter_id=letter_ids.get(r["staff_letter_id"]),
                response_letter_id=letter_ids.get(r["response_letter_id"]),
                due=day(r["due"]),
                answered=day(r["answered"]),
            )
            out["rounds"].append(row)
        for letter in group:
            new_id = letter_ids[letter["id"]]
            when = day(letter["date"] or letter["filing_date"]) or planned.start
            sha = hashlib.sha256(
                f"scale letter {new_id} {letter['raw_document_sha256']}".encode()
            ).hexdigest()
            stand_in = f"synthetic letter {new_id}, worded from corpus document {letter['raw_document_sha256']}"
            out["raw_documents"].append(
                {
                    "sha256": sha,
                    "content": stand_in.encode(),
                    "size": len(stand_in),
                    "media_type": "text/plain",
                    "original_name": f"scale-{new_id}.txt",
                    "given": {"cik": company["cik"], "company": company["name"]},
                    "received_at": self.now,
                }
            )
            row = dict(letter)
            row.update(
                id=new_id,
                raw_document_sha256=sha,
                accession=f"{950100 + new_id // 1_000_000:010d}-{when.year % 100:02d}-{new_id % 1_000_000:06d}",
                filing_date=day(letter["filing_date"]),
                date=day(letter["date"]),
                prior_letter_date=day(letter["prior_letter_date"]),
                cik=company["cik"],
                company_id=company["id"],
                company_name=company["name"],
                review_id=review_id,
                round_id=round_ids.get(letter["round_id"]),
                parse_error=None,
            )
            out["letters"].append(row)
            for f in seed.filings.get(letter["id"], []):
                filing = dict(f)
                filing.update(
                    id=self._id("letter_filings"),
                    letter_id=new_id,
                    filing_id=None,
                    period=day(f["period"]),
                    filed=day(f["filed"]),
                    file_number=self.file_number(company["id"], f["file_number"]),
                )
                out["letter_filings"].append(filing)
            for c in seed.comments.get(letter["id"], []):
                comment = dict(c)
                comment.update(
                    id=comment_ids[c["id"]],
                    letter_id=new_id,
                    heading=wording.text(c["heading"]),
                    text=wording.text(c["text"], reorder=True) or "",
                    follow_up_of_id=comment_ids.get(c["follow_up_of_id"]),
                    answered_by_id=response_ids.get(c["answered_by_id"]),
                )
                out["comments"].append(comment)
                self._labels(("c", c["id"]), "comment_id", comment["id"], out)
            for r in seed.responses.get(letter["id"], []):
                response = dict(r)
                response.update(
                    id=response_ids[r["id"]],
                    letter_id=new_id,
                    heading=wording.text(r.get("heading")),
                    comment_text=wording.text(r["comment_text"]),
                    response_text=wording.text(r["response_text"], reorder=True) or "",
                    comment_id=comment_ids.get(r["comment_id"]),
                )
                out["responses"].append(response)
                self._labels(("r", r["id"]), "response_id", response["id"], out)

    def _labels(
        self, owner: tuple[str, int], column: str, item: int, out: dict[str, list[dict[str, Any]]]
    ) -> None:
        for label in self.seed.labels.get(owner, []):
            row = dict(label)
            row.update(id=self._id("labels"), comment_id=None, response_id=None)
            row[column] = item
            out["labels"].append(row)


def generate(seed: Seed, letters: int, rng_seed: int) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Rows of the whole record, table by table, one chunk of about CHUNK_LETTERS at a time."""
    rng = random.Random(rng_seed)
    planned = plan(seed, letters, rng)
    maker = Maker(seed, rng, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    chunk: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for copy in planned:
        maker.copy(copy, chunk)
        if len(chunk["letters"]) >= CHUNK_LETTERS:
            yield chunk
            chunk = {t: [] for t in TABLES}
    if chunk["letters"]:
        yield chunk


def _sql_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


@dataclass
class Built:
    """What a build made: rows per table, seconds, bytes on disk, whether it stopped early."""

    store: str
    rows: dict[str, int]
    seconds: float
    size: int
    stopped_early: bool = False
    trend_seconds: float = 0.0
    trend_companies: int = 0

    def report(self) -> str:
        counts = ", ".join(f"{t} {n:,}" for t, n in self.rows.items())
        early = " (stopped at the time limit)" if self.stopped_early else ""
        return (
            f"{self.store}: built in {self.seconds:.0f} s{early}, {self.size / 2**20:,.0f} MiB on disk\n"
            f"  {counts}\n"
            f"  trend facts of {self.trend_companies:,} companies counted in "
            f"{self.trend_seconds:.0f} s (part of the build time; the desk opens without "
            "counting them)"
        )


def count_trend_facts(url: str) -> tuple[float, int]:
    """Count the built record's trend facts once (seconds, companies), as `reviewdesk trends
    --rebuild` does: rows written in bulk carry none, and a desk that finds none counts them
    at its first start, which at 5 million items takes minutes."""
    began = time.perf_counter()
    store = open_store(url)
    with store.write() as session:
        done = rebuild_trend_facts(session)
    store.close()
    return time.perf_counter() - began, done.companies


def build_sqlite(
    seed: Seed, letters: int, path: Path, rng_seed: int = 1, deadline: float = math.inf
) -> Built:
    """A SQLite record of `letters` letters at `path` (replaced): rows by executemany with
    the FTS triggers dropped, then the FTS5 index rebuilt in one pass and ANALYZE."""
    began = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(str(path))
    drop_sqlite_triggers(store)
    store.close()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    statements = {
        t: f"INSERT INTO {t} ({', '.join(columns(t))}) VALUES ({', '.join('?' * len(columns(t)))})"
        for t in TABLES
    }
    early = _load(
        generate(seed, letters, rng_seed),
        deadline,
        "sqlite",
        lambda chunk: _sqlite_chunk(connection, statements, chunk),
    )
    connection.close()
    store = open_store(str(path))
    rebuild_index(store)
    with store.engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    rows = _counts(lambda q: store.engine.connect().exec_driver_sql(q).scalar())
    store.close()
    trend_seconds, companies = count_trend_facts(str(path))
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    return Built("sqlite", rows, time.perf_counter() - began, size, early, trend_seconds, companies)


def _sqlite_chunk(
    connection: sqlite3.Connection,
    statements: dict[str, str],
    chunk: dict[str, list[dict[str, Any]]],
) -> None:
    connection.execute("BEGIN")
    for table in TABLES:
        names = columns(table)
        connection.executemany(
            statements[table], ([_sql_value(row[c]) for c in names] for row in chunk[table])
        )
    connection.execute("COMMIT")


def _load(
    chunks: Iterator[dict[str, list[dict[str, Any]]]],
    deadline: float,
    label: str,
    write: Callable[[dict[str, list[dict[str, Any]]]], None],
) -> bool:
    """Write chunk after chunk; stop (True) once the deadline has passed."""
    began = time.perf_counter()
    done = 0
    for chunk in chunks:
        write(chunk)
        done += len(chunk["letters"])
        print(f"  {label}: {done:,} letters ({time.perf_counter() - began:.0f} s)", flush=True)
        if time.monotonic() > deadline:
            return True
    return False


def _counts(scalar: Callable[[str], Any]) -> dict[str, int]:
    return {t: int(scalar(f"SELECT count(*) FROM {t}")) for t in TABLES}


def pg_url(database: str) -> str:
    return f"postgresql://postgres@127.0.0.1:5432/{database}"


def pg_conninfo(database: str) -> str:
    return f"host=127.0.0.1 port=5432 user=postgres dbname={database}"


def create_database(name: str) -> None:
    """A fresh PostgreSQL database `name` (an older one of that name is dropped)."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def build_postgres(
    seed: Seed, letters: int, database: str, rng_seed: int = 1, deadline: float = math.inf
) -> Built:
    """A PostgreSQL record of `letters` letters in a fresh database: the schema by the
    migrations, rows by COPY with foreign-key triggers off (session_replication_role) and
    the search indexes dropped, then the items' search keys filled and the search indexes
    built once (as the migrations define them), sequences moved past the ids,
    VACUUM ANALYZE."""
    began = time.perf_counter()
    create_database(database)
    open_store(pg_url(database)).close()
    with psycopg.connect(pg_conninfo(database)) as pg:
        pg.execute("SET session_replication_role = replica")
        for table in ("comments", "responses"):
            pg.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        pg.commit()
        early = _pg_load(database, generate(seed, letters, rng_seed), deadline)
        for table in ("comments", "responses"):
            keyed = time.perf_counter()
            filled = _pg_fill_keys(database, table)
            print(
                f"  postgresql: search keys of {filled:,} {table} "
                f"({time.perf_counter() - keyed:.0f} s)",
                flush=True,
            )
        pg.execute("SET maintenance_work_mem = '1GB'")
        found = pg.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'").fetchone()
        for table in ("comments", "responses"):
            pg.execute(search_index_statement(table, recency=found is not None, keys=True))
        for table in TABLES:
            if table != "raw_documents":
                pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        pg.commit()
        pg.autocommit = True
        pg.execute("VACUUM ANALYZE")
        rows = _counts(lambda q: pg.execute(q).fetchone()[0])  # type: ignore[index]
    trend_seconds, companies = count_trend_facts(pg_url(database))
    with psycopg.connect(pg_conninfo(database)) as pg:
        size = int(pg.execute("SELECT pg_database_size(current_database())").fetchone()[0])  # type: ignore[index]
    return Built(
        "postgresql", rows, time.perf_counter() - began, size, early, trend_seconds, companies
    )


def _pg_fill_keys(database: str, table: str) -> int:
    """Compute the search keys of every row of `table` (the COPY ran with the triggers that
    keep them off) by the record's own definition (record/search_keys_pg.fill)."""
    engine = create_engine(pg_url(database), poolclass=NullPool)
    with engine.begin() as connection:
        filled = search_keys_pg.fill(connection, table)
    engine.dispose()
    return filled


def _pg_load(
    database: str, chunks: Iterator[dict[str, list[dict[str, Any]]]], deadline: float
) -> bool:
    """COPY chunk after chunk on PG_LOADERS connections side by side (the server's
    to_tsvector of the generated column is the cost, not making the rows); stop (True) once
    the deadline has passed."""
    local = threading.local()
    opened: list[psycopg.Connection[Any]] = []

    def write(chunk: dict[str, list[dict[str, Any]]]) -> int:
        if not hasattr(local, "pg"):
            local.pg = psycopg.connect(pg_conninfo(database))
            local.pg.execute("SET session_replication_role = replica")
            opened.append(local.pg)
        _pg_chunk(local.pg, chunk)
        return len(chunk["letters"])

    began = time.perf_counter()
    done = 0
    early = False
    pending: deque[Future[int]] = deque()
    with ThreadPoolExecutor(PG_LOADERS) as pool:
        for chunk in chunks:
            pending.append(pool.submit(write, chunk))
            while len(pending) > PG_LOADERS or (pending and pending[0].done()):
                done += pending.popleft().result()
                print(
                    f"  postgresql: {done:,} letters ({time.perf_counter() - began:.0f} s)",
                    flush=True,
                )
            if time.monotonic() > deadline:
                early = True
                break
        while pending:
            done += pending.popleft().result()
    for connection in opened:
        connection.close()
    print(
        f"  postgresql: {done:,} letters loaded ({time.perf_counter() - began:.0f} s)", flush=True
    )
    return early


def _pg_chunk(pg: psycopg.Connection[Any], chunk: dict[str, list[dict[str, Any]]]) -> None:
    for table in TABLES:
        names = columns(table)
        query = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        with pg.cursor().copy(query) as copy:
            for row in chunk[table]:
                copy.write_row([_sql_value(row[c]) for c in names])
    pg.commit()


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


@dataclass
class Pace:
    """Documents per second of a run, overall (wall clock from `began`, start-up included) and
    once under way (from the first document done to the last: what a run of 500,000 documents
    sees, where the readers' start-up and the closing stages are nothing)."""

    began: float = field(default_factory=time.perf_counter)
    marks: list[float] = field(default_factory=list)
    ended: float = 0.0

    def mark(self, *_: Any) -> None:
        """One more document done (a reading, or an ingest outcome)."""
        self.marks.append(time.perf_counter())

    def end(self) -> Pace:
        """The run is over (its closing stages included)."""
        self.ended = time.perf_counter()
        return self

    def report(self) -> str:
        """Documents, both rates, and the seconds before the first and after the last."""
        done = len(self.marks)
        overall = done / (self.ended - self.began)
        under_way = (done - 1) / max(self.marks[-1] - self.marks[0], 1e-9)
        return (
            f"{done} docs {overall:7.1f} docs/s; under way {under_way:6.1f} docs/s (first "
            f"after {self.marks[0] - self.began:.2f} s, {self.ended - self.marks[-1]:.2f} s "
            "after the last)"
        )


def parse_rate(paths: list[Path], jobs: int) -> Pace:
    """The full parse and classification in `jobs` bounded reader processes (as ingest reads
    them), start-up included."""
    pace = Pace()
    with BoundedReaders(jobs) as readers:
        calls = ((path, partial(read, path.read_bytes(), path.name)) for path in paths)
        for _ in readers.in_order(calls, str):
            pace.mark()
    return pace.end()


def made_reading(folder: str, _data: bytes, source: str) -> Any:
    """The reading of `source` made beforehand (`store_alone_rate`): the read stage at the
    cost of unpickling it."""
    return pickle.loads((Path(folder) / f"{Path(source).name}.pickle").read_bytes())


def store_alone_rate(docs: list[Path], jobs: int) -> Pace:
    """Documents per second of the pipeline into a fresh PostgreSQL database when every
    reading was made beforehand: the store, thread and index stages alone, so the most ingest
    reaches on this machine however fast the parsers are (wall clock, start-up included)."""
    name = f"reviewdesk_scale_alone_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="reviewdesk-readings-") as folder:
        with BoundedReaders(jobs) as readers:
            calls = ((path, partial(read, path.read_bytes(), str(path))) for path in docs)
            for path, reading in readers.in_order(calls, str):
                (Path(folder) / f"{path.name}.pickle").write_bytes(pickle.dumps(reading))
        create_database(name)
        real = pipeline_run.read
        pipeline_run.read = partial(made_reading, folder)
        try:
            store = open_store(pg_url(name))
            pace = Pace()
            ingest_paths(store, [CORPUS / "docs"], CORPUS / "manifest.csv", jobs, pace.mark)
            pace.end()
            store.close()
        finally:
            pipeline_run.read = real
            drop_database(name)
    return pace


def measure_ingest(jobs: int) -> None:
    """The corpus through the real pipeline into a fresh PostgreSQL database (docs/s), beside
    the parser alone on the same documents and jobs (docs/s), and peak RSS."""
    docs = sorted(p for p in (CORPUS / "docs").iterdir() if p.is_file())
    parsed = parse_rate(docs, jobs)
    name = f"reviewdesk_scale_ingest_{os.getpid()}"
    create_database(name)
    statements = Counter[str]()
    backends: dict[int, float | None] = {}
    """Server process of each of the writer's connections -> its CPU seconds when closed."""

    def count(*_: Any) -> None:
        statements["all"] += 1

    def opened(connection: Any, record: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            record.info["backend"] = cursor.fetchone()[0]
        backends[record.info["backend"]] = None

    def closing(_connection: Any, record: Any) -> None:
        if "backend" in record.info:
            backends[record.info["backend"]] = backend_cpu(record.info["backend"])

    loaded = time.process_time()
    shipped_reader.cache_clear()
    shipped_reader()
    loaded = time.process_time() - loaded
    calendar = time.process_time()
    response_due(dt.date(2020, 1, 2))
    calendar = time.process_time() - calendar
    try:
        store = open_store(pg_url(name))
        event.listen(store.engine, "before_cursor_execute", count)
        event.listen(store.engine, "connect", opened)
        event.listen(store.engine, "close", closing)
        store.engine.dispose()  # the migration's connection is not counted
        cpu = time.process_time()
        pace = Pace()
        with stage_clock(backends) as stages:
            summary = ingest_paths(
                store, [CORPUS / "docs"], CORPUS / "manifest.csv", jobs, pace.mark
            )
        pace.end()
        cpu = time.process_time() - cpu
        store.close()
        seconds = list(backends.values())
        database = None if None in seconds else sum(s for s in seconds if s is not None)
    finally:
        drop_database(name)
    print(f"{jobs} reader processes")
    print(f"parse only:             {parsed.report()}")
    print(f"ingest into PostgreSQL: {pace.report()} (threading and index included)")
    print(
        f"writer process: {cpu:.1f} CPU s ({1000 * cpu / summary.stored:.1f} ms per document), "
        f"{statements['all']} statements ({statements['all'] / summary.stored:.1f} per document)"
    )
    print(
        "database server processes serving the writer: "
        + (
            "CPU not readable here (another host, or another user's processes)"
            if database is None
            else f"{database:.1f} CPU s ({1000 * database / summary.stored:.1f} ms per document,"
            " triggers included)"
        )
    )
    joint = stages.clocks["joint reading"]
    print(
        f"of which reading stored comments with their answers (thread stage): "
        f"{joint.writer:.2f} CPU s ({1000 * joint.writer / summary.stored:.2f} ms per "
        f"document), {stages.conversations} conversations; loading the model for it "
        f"{loaded:.2f} CPU s and the holiday calendar threading dates answers by {calendar:.2f} "
        "CPU s, once per process (not in the figures per document)"
    )
    print(stages.report(cpu, database, summary.stored))
    print(
        f"threaded while storing: {len(summary.threaded_ahead)} letters in {stages.ahead} runs; "
        f"after the last document was stored: {stages.closing:.1f} s (closing threading, "
        "trend facts and index)"
    )
    print(f"peak RSS: {peak_rss_mib():.0f} MiB (largest of this process and its readers)")
    print(
        f"store stage alone:      {store_alone_rate(docs, jobs).report()} (readings made "
        "beforehand: the most ingest reaches here however fast the parsers are)"
    )


def backend_cpu(pid: int) -> float | None:
    """CPU seconds PostgreSQL's server process `pid` has used (a connection's work in the
    database: its statements and the triggers they fire, which the writer's CPU leaves
    out), read from /proc; None when it is not readable (a server on another host)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class StageClock:
    """CPU seconds of one stage: the calling thread's, and its connection's server process's."""

    writer: float = 0.0
    server: float = 0.0


@dataclass
class StageClocks:
    """CPU of the thread stage's parts (threading, joint reading, trend facts) in every call
    of them, the threading runs made while storing, and the wall time of the closing stages."""

    clocks: dict[str, StageClock] = field(default_factory=lambda: defaultdict(StageClock))
    conversations: int = 0
    ahead: int = 0
    closing: float = 0.0

    def report(self, writer: float, server: float | None, documents: int) -> str:
        """A line of CPU ms per document by stage, writer / server; the store stage is the
        rest of the writer process's CPU (its reading of files and looking up included), of
        which the writer thread's group writes are given apart."""
        thread, joint, trends = (self.clocks[n] for n in ("thread", "joint reading", "trend facts"))
        groups = self.clocks["group writes"]
        staged_writer = thread.writer + joint.writer + trends.writer
        staged_server = thread.server + joint.server + trends.server

        def figure(cpu_writer: float, cpu_server: float | None) -> str:
            said = "?" if cpu_server is None else f"{1000 * cpu_server / documents:.1f}"
            return f"{1000 * cpu_writer / documents:.1f} / {said}"

        return (
            "CPU ms per document by stage, writer / server: store "
            + figure(writer - staged_writer, None if server is None else server - staged_server)
            + " (of which the writer thread's group writes "
            + figure(groups.writer, groups.server)
            + "; the rest: reading files, looking them up, handing them to the readers and "
            "taking their readings), thread "
            + figure(thread.writer + joint.writer, thread.server + joint.server)
            + " (of which joint reading "
            + figure(joint.writer, joint.server)
            + "), trend facts "
            + figure(trends.writer, trends.server)
        )


def _server_pid(session: Any) -> int | None:
    """The server process of a session's connection (PostgreSQL), else None."""
    try:
        return int(session.connection().connection.dbapi_connection.info.backend_pid)
    except AttributeError:
        return None


@contextmanager
def stage_clock(backends: dict[int, float | None]) -> Iterator[StageClocks]:
    """Time every call of the thread stage's parts while the block runs (the threading runs
    during storing and the closing one) and of the writer thread's group writes (the server
    side: every one of the writer's server processes in `backends`, whose connection a
    group takes is not known beforehand), and the wall time of the closing stages."""
    clocks = StageClocks()
    replaced: list[tuple[Any, str, Any]] = []

    def served() -> float | None:
        seconds = [backend_cpu(pid) for pid in list(backends)]
        return None if None in seconds else sum(s for s in seconds if s is not None)

    real_group = batch_stage._write_group

    def group(*args: Any, **kwargs: Any) -> Any:
        began, before = time.thread_time(), served()
        done = real_group(*args, **kwargs)
        spent, after = clocks.clocks["group writes"], served()
        spent.writer += time.thread_time() - began
        if before is not None and after is not None:
            spent.server += after - before
        return done

    replaced.append((batch_stage, "_write_group", real_group))
    batch_stage._write_group = group

    def clock(module: Any, name: str, stage: str) -> None:
        real = getattr(module, name)

        def timed(session: Any, *args: Any, **kwargs: Any) -> Any:
            pid = _server_pid(session)
            began, served = time.thread_time(), backend_cpu(pid) if pid else None
            done = real(session, *args, **kwargs)
            spent = clocks.clocks[stage]
            spent.writer += time.thread_time() - began
            after = backend_cpu(pid) if pid else None
            if served is not None and after is not None:
                spent.server += after - served
            if stage == "joint reading":
                clocks.conversations += done.conversations
            return done

        replaced.append((module, name, real))
        setattr(module, name, timed)

    for name in ("companies_of", "rebuild"):
        clock(thread_stage, name, "thread")
    clock(thread_stage, "read_stored_together", "joint reading")
    for name in ("refresh_trend_facts", "rebuild_trend_facts"):
        clock(thread_stage, name, "trend facts")
    real_ahead, real_settle = thread_stage.thread_ahead, pipeline_run.settle

    def ahead(*args: Any, **kwargs: Any) -> Any:
        clocks.ahead += 1
        return real_ahead(*args, **kwargs)

    def settle(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return real_settle(*args, **kwargs)
        finally:
            clocks.closing += time.perf_counter() - began

    replaced += [(pipeline_run, "thread_ahead", real_ahead), (pipeline_run, "settle", real_settle)]
    pipeline_run.thread_ahead, pipeline_run.settle = ahead, settle
    try:
        yield clocks
    finally:
        for module, name, real in replaced:
            setattr(module, name, real)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=500_000)
    parser.add_argument(
        "--items", type=int, help="Instead of --letters: about this many comments and answers."
    )
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--work", type=Path, default=WORK, help="Seed and SQLite files go here.")
    parser.add_argument("--database", help="PostgreSQL database to (re)create; default by size.")
    parser.add_argument("--minutes", type=float, default=math.inf, help="Stop loading after this.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed of the variations.")
    parser.add_argument("--jobs", type=int, default=2, help="Reader processes for the seed.")
    parser.add_argument("--ingest", action="store_true", help="Measure ingest vs parse instead.")
    args = parser.parse_args()
    if not (CORPUS / "manifest.csv").is_file():
        print(f"the corpus is read from {CORPUS}, which is absent", file=sys.stderr)
        return 2
    if args.ingest:
        measure_ingest(args.jobs)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    stores = (
        ["sqlite", "postgresql"]
        if args.store == "both"
        else [args.store.replace("postgres", "postgresql")]
    )
    seed = load_seed(seed_store(args.work, args.jobs))
    print(
        f"seed: {len(seed.rows['letters'])} letters in {len(seed.groups)} groups, "
        f"{len(seed.rows['comments'])} comments, {len(seed.rows['responses'])} responses",
        flush=True,
    )
    if args.items:
        args.letters = letters_for_items(seed, args.items)
    print(f"building {args.letters:,} letters", flush=True)
    needed = BYTES_PER_LETTER * args.letters * len(stores)
    free = shutil.disk_usage(args.work).free
    if needed > free * 0.8:
        print(
            f"{args.letters:,} letters need about {needed / 2**30:.1f} GiB and {args.work} has "
            f"{free / 2**30:.1f} GiB free; build fewer letters (--letters)",
            file=sys.stderr,
        )
        return 2
    deadline = time.monotonic() + args.minutes * 60
    for store in stores:
        if store == "sqlite":
            built = build_sqlite(
                seed, args.letters, sqlite_path(args.work, args.letters), args.seed, deadline
            )
        else:
            database = args.database or database_name(args.letters)
            built = build_postgres(seed, args.letters, database, args.seed, deadline)
        print(built.report(), flush=True)
    print(f"peak RSS: {peak_rss_mib():.0f} MiB")
    return 0


def sqlite_path(work: Path, letters: int) -> Path:
    """Where the SQLite record of a size lives."""
    return work / f"scale-{letters}.sqlite"


def database_name(letters: int) -> str:
    """The PostgreSQL database of a size."""
    return f"reviewdesk_scale_{letters}"


if __name__ == "__main__":
    sys.exit(main())

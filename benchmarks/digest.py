"""Digest cost: how long the watchlist digest takes for many people with many watches, on a
record of corpus letters, when every stored item counts as new (the watermarks set back to
zero: the worst case, a first digest over the whole record). Messages are composed but kept
in memory instead of being handed to a mail server. Prints the record's size, the people,
watches, messages and matches listed, and seconds in all, per person and per watch; then the
time of a second digest with nothing new.

    .venv/bin/python benchmarks/digest.py                          # 200 letters, 50 x 10
    .venv/bin/python benchmarks/digest.py --letters 900 --people 200 --watches 10
    .venv/bin/python benchmarks/digest.py --db postgresql://... --people 100
"""

from __future__ import annotations

import argparse
import csv
import itertools
import time
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from sqlalchemy import delete, func, select, update

from reviewdesk.accounts import add_user
from reviewdesk.accounts.schema import User
from reviewdesk.letters import vocabulary
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import open_store, schema
from reviewdesk.record.store import Store
from reviewdesk.services.watchlist import (
    MailServer,
    Watch,
    Watcher,
    WatchKind,
    follow,
    save_search,
    send_digests,
    set_email,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WORDS = ["revenue", "non-GAAP", "impairment", '"in future filings"', "segment", "goodwill"]


class KeptMail:
    """Stands in for a MailServer and keeps the messages (the benchmark measures the desk,
    not SMTP)."""

    sender = "desk@example.com"

    def __init__(self) -> None:
        self.kept: list[EmailMessage] = []

    def send(self, messages: list[EmailMessage]) -> None:
        self.kept.extend(messages)


def record(db: str | None, letters: int) -> Store:
    """The record at --db, else the first `letters` corpus letters (kept and reused)."""
    if db:
        return open_store(db)
    path = Path(f"/tmp/reviewdesk-digest-{letters}.sqlite")
    store = open_store(str(path))
    with store.session() as session:
        stored = session.scalar(select(func.count()).select_from(schema.Letter)) or 0
    if stored < letters:
        with (CORPUS / "manifest.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))[:letters]
        files = [CORPUS / "docs" / Path(r["file"]).name for r in rows]
        ingest_paths(store, files, CORPUS / "manifest.csv", jobs=2)
    return store


def people(store: Store, count: int, watches: int) -> int:
    """Make `count` people with `watches` watches each (searches, topics, companies and
    offices in turn); returns how many watches were made."""
    with store.write() as session:
        session.execute(delete(Watcher))
        session.execute(delete(User).where(User.username.like("bench-%")))
        ciks = list(session.scalars(select(schema.Company.cik).order_by(schema.Company.id)))
        offices = [
            o
            for (o,) in session.execute(
                select(schema.Letter.office).where(schema.Letter.office.is_not(None)).distinct()
            )
        ]
        topics = list(vocabulary.CODES["topic"])
        kinds = itertools.cycle(["search", "topic", "company", "office"])
        made = 0
        for n in range(count):
            user = add_user(session, f"bench-{n}", "benchmark password", "analyst")
            set_email(session, user.id, f"bench-{n}@example.com")
            for w in range(watches):
                kind = next(kinds)
                pick = n * watches + w
                if kind == "search":
                    save_search(session, user.id, {"q": WORDS[pick % len(WORDS)]})
                elif kind == "topic":
                    follow(session, user.id, WatchKind.topic, topics[pick % len(topics)])
                elif kind == "company" and ciks:
                    follow(session, user.id, WatchKind.company, ciks[pick % len(ciks)])
                elif offices:
                    follow(session, user.id, WatchKind.office, offices[pick % len(offices)])
                made += 1
        session.execute(update(Watch).values(seen_comment_id=0, seen_response_id=0))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing record (path or postgresql:// URL)")
    parser.add_argument("--letters", type=int, default=200, help="corpus letters to ingest")
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--watches", type=int, default=10, help="watches per person")
    args = parser.parse_args()
    store = record(args.db, args.letters)
    with store.session() as session:
        letters = session.scalar(select(func.count()).select_from(schema.Letter))
        comments = session.scalar(select(func.count()).select_from(schema.Comment))
        responses = session.scalar(select(func.count()).select_from(schema.Response))
    watches = people(store, args.people, args.watches)
    server = KeptMail()
    started = time.perf_counter()
    report = send_digests(store, cast(MailServer, server), "https://desk.example")
    seconds = time.perf_counter() - started
    listed = sum(count for _, count in report.sent)
    started = time.perf_counter()
    again = send_digests(store, cast(MailServer, server), "https://desk.example")
    quiet = time.perf_counter() - started
    print(f"record: {store.dialect}, {letters} letters, {comments} comments, {responses} responses")
    print(
        f"people {args.people}, watches {watches}; messages {len(server.kept)}, "
        f"matches listed {listed}, nothing new {report.nothing_new}"
    )
    print(
        f"digest {seconds:.2f} s in all: {1000 * seconds / max(1, args.people):.1f} ms a person, "
        f"{1000 * seconds / max(1, watches):.1f} ms a watch"
    )
    print(f"second digest, nothing new ({again.nothing_new} people): {quiet:.2f} s")
    store.close()


if __name__ == "__main__":
    main()

"""The demo's sample (what `reviewdesk demo` and so `make demo` ingest before serving the desk).

The sample is the real corpus in ../shared/corpus (next to the repository) when it is there,
otherwise the fictional letters kept in src/reviewdesk/demo_letters/. The store is the SQLite
file ./reviewdesk-demo/reviewdesk.sqlite (from where the command runs; --db or
$REVIEWDESK_DEMO_DB choose another). Running it again reuses what is already stored.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from reviewdesk.accounts.users import add_user, find_user, set_password
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import Summary, open_store, schema

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
FICTIONAL = Path(__file__).resolve().parent / "demo_letters"
DEFAULT_DB = Path("reviewdesk-demo") / "reviewdesk.sqlite"


def sample(choice: str = "auto") -> tuple[Path, Path, str]:
    """The documents folder, its manifest, and a description of which sample it is."""
    present = (CORPUS / "docs").is_dir() and (CORPUS / "manifest.csv").is_file()
    if choice == "corpus" and not present:
        raise SystemExit(f"the corpus is read from {CORPUS}, which is absent; use --sample auto")
    if choice != "fictional" and present:
        return CORPUS / "docs", CORPUS / "manifest.csv", f"the real corpus in {CORPUS}"
    return FICTIONAL, FICTIONAL / "manifest.csv", f"the fictional sample letters in {FICTIONAL}"


def free_port(host: str, wanted: int) -> int:
    """`wanted` when it is free on `host`, else any free port."""
    with socket.socket() as probe:
        try:
            probe.bind((host, wanted))
        except OSError:
            probe.bind((host, 0))
        return int(probe.getsockname()[1])


def load(db: str, choice: str = "auto") -> Summary:
    """Ingest the sample into the store at `db` (documents already there are skipped)."""
    docs, manifest, described = sample(choice)
    print(f"Ingesting {described} into {db} ...", flush=True)
    store = open_store(db)
    try:
        summary = ingest_paths(store, [docs], manifest)
    finally:
        store.close()
    print(
        f"{summary.given} documents: {summary.stored} stored, {summary.duplicates} already "
        f"there, {summary.errors} kept with a reading error, {summary.failed} failed.",
        flush=True,
    )
    for problem in summary.problems[:10]:
        print(f"  {problem.source}: {problem.error}", flush=True)
    return summary


@dataclass(frozen=True, slots=True)
class DemoUser:
    """A demo account as printed for whoever runs the demo."""

    username: str
    role: str
    password: str
    company: str | None = None


DEMO_ROLES = (
    ("demo-reviewer", "reviewer"),
    ("demo-supervisor", "supervisor"),
    ("demo-company", "company"),
    ("demo-analyst", "analyst"),
)
"""The demo's people: a reviewer and a supervisor to run a review, a company user to answer
the newest staff comment letter, an analyst to correct topics."""


def demo_users(db: str) -> list[DemoUser]:
    """Create the demo accounts (or give them new passwords), so the desk can be tried at
    once; the company user belongs to the company of the newest staff comment letter."""
    store = open_store(db)
    made: list[DemoUser] = []
    try:
        with store.write() as session:
            newest = session.execute(
                select(schema.Letter.cik, schema.Letter.company_name)
                .where(schema.Letter.role == "staff", schema.Letter.kind == "comments")
                .where(schema.Letter.cik.is_not(None))
                .order_by(schema.Letter.date.desc().nulls_last(), schema.Letter.id.desc())
                .limit(1)
            ).first()
            for username, role in DEMO_ROLES:
                if role == "company" and newest is None:
                    continue
                password = secrets.token_urlsafe(9)
                cik = newest[0] if role == "company" and newest is not None else None
                if find_user(session, username) is None:
                    add_user(session, username, password, role, company_cik=cik)
                else:
                    set_password(session, username, password)
                company = newest[1] if cik is not None and newest is not None else None
                made.append(DemoUser(username, role, password, company))
    finally:
        store.close()
    return made

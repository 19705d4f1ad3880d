"""Writing a group of documents in one transaction (how a batch stores them) gives the same
record, row for row and id for id, as writing them one at a time; on PostgreSQL the group
costs one statement per table, not a few per document."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

from reviewdesk.documents import SubmissionHeader
from reviewdesk.letters import Letter
from reviewdesk.pipeline.read import read
from reviewdesk.record import Store, open_store, schema
from reviewdesk.record.ingest import (
    IngestOutcome,
    _record,
    digest,
    record_reading,
    record_readings,
)
from reviewdesk.record.manifest import read_manifest

FICTIONAL_BAD = b"This fictional text is not a PDF, though its name says so.\n"
"""A made-up document that cannot be read (named .pdf, plain text bytes): a letter with an
error and no company."""
TIMES = {"received_at", "parsed_at", "labelled_at", "occurred_at", "at", "hash", "prev_hash"}
TABLES = [
    schema.RawDocument,
    schema.Company,
    schema.CompanyName,
    schema.Filing,
    schema.Letter,
    schema.LetterFiling,
    schema.LetterContact,
    schema.Comment,
    schema.Response,
    schema.Label,
    schema.IngestError,
    schema.AuditEntry,
]
Document = tuple[bytes, str, Letter, str, SubmissionHeader]


def documents(thread_docs: list[Path], manifest_path: Path) -> list[Document]:
    """AbbVie's ten letters as the manifest gives them (one company, filings named again and
    again), the first of them again under another name (the same bytes: a duplicate within
    the group) and a fictional unreadable document of no company."""
    manifest = read_manifest(manifest_path)
    out: list[Document] = []
    for path in [*thread_docs, thread_docs[0]]:
        data = path.read_bytes()
        source = str(path) if len(out) < len(thread_docs) else "copy/of-the-first.pdf"
        out.append((data, digest(data), read(data, source), source, manifest.lookup(path)))
    bad = ("fictional.pdf", SubmissionHeader(accession="0000000000-99-000001", form="UPLOAD"))
    out.append((FICTIONAL_BAD, digest(FICTIONAL_BAD), read(FICTIONAL_BAD, bad[0]), *bad))
    return out


def record(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row ingest writes, by table, in id order, without times and audit hashes."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.session() as session:
        for model in TABLES:
            table = model.__table__
            columns = [c for c in table.columns if c.key not in TIMES]
            ordered = select(*columns).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in session.execute(ordered)]
    return out


def second_store(store_url: str, tmp_path: Path) -> Store:
    """Another empty store of the same kind as `store_url`."""
    url = make_url(store_url) if "://" in store_url else None
    if url is None:
        return open_store(str(tmp_path / "one-at-a-time.sqlite"))
    schema_name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={url.database}", autocommit=True
    ) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))
    base = store_url.split("?", 1)[0]
    return open_store(f"{base}?options=-csearch_path%3D{schema_name}")


def test_a_group_gives_the_record_of_its_documents_written_one_at_a_time(
    store: Store, store_url: str, thread_docs: list[Path], manifest_path: Path, tmp_path: Path
) -> None:
    given = documents(thread_docs, manifest_path)
    grouped = record_readings(store, given)
    alone = second_store(store_url, tmp_path)
    singly = [
        record_reading(alone, data, reading, source=source, given=told, sha256=sha)
        for data, sha, reading, source, told in given
    ]
    assert grouped == singly
    assert [o.status.value for o in grouped] == [
        *["stored"] * 10,
        "duplicate",
        "stored_with_error",
    ]
    assert grouped[10].letter_id == grouped[0].letter_id
    assert [o.letter_id for o in grouped if o.status.value != "duplicate"] == list(range(1, 12))
    written = record(store)
    assert written == record(alone)
    assert {name: len(rows) for name, rows in written.items()} == _counts(given)
    assert [
        (name, str(first), str(last)) for _, _, name, first, last in written["company_names"]
    ] == [
        ("AbbVie", "2018-05-02", "2021-05-04"),
        ("AbbVie Inc.", "2018-05-02", "2021-05-04"),
    ]
    linked = [row[3] for row in written["letter_filings"]]
    assert linked == [1, 1, 2, 2, 2, 3, 3, 4, 3, 4], "a filing named again is linked again"
    alone.close()


def _counts(given: list[Document]) -> dict[str, int]:
    new = [reading for _, _, reading, _, _ in given[:10]] + [given[11][2]]
    return {
        "raw_documents": 11,
        "companies": 1,
        "company_names": 2,
        "filings": 4,
        "letters": 11,
        "letter_filings": sum(len(r.filings) for r in new),
        "contacts": sum(len(r.contacts) for r in new),
        "comments": sum(len(r.comments) for r in new),
        "responses": sum(len(r.responses) for r in new),
        "labels": _labels(new),
        "ingest_errors": 1,
        "audit_log": 11,
    }


def _labels(readings: list[Letter]) -> int:
    items = [(c.topics, c.asks, c.cites) for r in readings for c in r.comments]
    items += [(a.topics, a.answer, a.cites) for r in readings for a in r.responses]
    return sum(len(set(codes)) for facets in items for codes in facets)


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_a_group_costs_one_statement_per_table_on_postgresql(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    given = documents(thread_docs, manifest_path)
    statements: Counter[str] = Counter()

    @event.listens_for(store.engine, "before_cursor_execute")
    def _count(*args: Any) -> None:
        words = args[2].split()
        if words[0] == "INSERT":
            target = words[2]
        else:
            target = words[words.index("FROM") + 1] if "FROM" in words else words[1]
        statements[f"{words[0]} {target}"] += 1

    outcomes: list[IngestOutcome] = record_readings(store, given)
    assert len(outcomes) == 12
    assert statements == {
        "SELECT letters": 1,
        "SELECT companies": 1,
        "INSERT companies": 1,
        "SELECT company_names": 1,
        "INSERT company_names": 1,
        "SELECT filings": 1,
        "INSERT filings": 1,
        "INSERT raw_documents": 1,
        "INSERT letters": 1,
        "INSERT letter_filings": 1,
        "INSERT contacts": 1,
        # the new items' ids drawn and the labels' references deferred, so that the labels
        # are stored first and each item once with its search keys (search_keys_pg)
        "SELECT generate_series(1,": 1,
        "SET CONSTRAINTS": 1,
        "INSERT comments": 1,
        "INSERT responses": 1,
        "INSERT labels": 1,
        "INSERT ingest_errors": 1,
        "SELECT pg_advisory_xact_lock(%(id)s)": 1,
        "SELECT audit_log": 1,
        "INSERT audit_log": 1,
    }


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_two_groups_written_at_once_give_the_record_of_one_after_the_other(
    store: Store, store_url: str, thread_docs: list[Path], manifest_path: Path, tmp_path: Path
) -> None:
    """A second ingest's group waits for the first one's transaction (the audit chain's lock,
    taken before the group reads companies, names and filings): without it both read the
    same company as missing, or the same filing, and write it twice or lose a name's dates."""
    given = documents(thread_docs, manifest_path)
    first, second = given[:5], given[5:10]
    outcome: list[list[IngestOutcome]] = []
    with store.write() as session:
        written = _record(session, first)
        later = threading.Thread(target=lambda: outcome.append(record_readings(store, second)))
        later.start()
        assert _waiting_for_an_advisory_lock(store) == 1
    later.join()
    assert [o.status.value for o in [*written, *outcome[0]]] == ["stored"] * 10
    alone = second_store(store_url, tmp_path)
    record_readings(alone, first)
    record_readings(alone, second)
    assert record(store) == record(alone)
    alone.close()


def _waiting_for_an_advisory_lock(store: Store) -> int:
    """How many sessions wait for an advisory lock, once one does (polled, up to a minute)."""
    with store.engine.connect() as connection:
        for _ in range(600):
            waiting = connection.scalar(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            )
            if waiting:
                return int(waiting)
            connection.commit()
            time.sleep(0.1)
    return 0

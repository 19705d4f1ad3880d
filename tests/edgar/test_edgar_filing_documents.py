"""Every document of a filing: fetch keeps the letter and the documents filed with it (a
second letter, a supplemental table), reads the ones that are letters, shows them on the
letter's page and API, and a later run fetches only what the record lacks. The filing of
several documents is fictional (tests/fixtures/edgar); the replay's are real."""

from __future__ import annotations

import hashlib
from pathlib import Path

from edgar_support import FAST, FICTIONAL, REPLAY, LocalEdgar, replay_letters
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from reviewdesk.record import schema
from reviewdesk.record.store import open_store
from reviewdesk.web import create_app

HARBOR = "9999903"
RESPONSE = "0009999903-24-000002"
FOLDER = FICTIONAL / "www.sec.gov/Archives/edgar/data/9999903/000999990324000002"
SOLVENTUM, FOX = "1964738", "1754301"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def documents(db: Path) -> set[tuple[str, str, bool, str]]:
    """(accession, file name, primary, SHA-256 of the stored bytes) of every filing document."""
    store = open_store(str(db))
    try:
        with store.session() as session:
            rows = session.execute(
                select(
                    schema.FilingDocument.accession,
                    schema.FilingDocument.name,
                    schema.FilingDocument.primary,
                    schema.RawDocument.content,
                ).join(schema.RawDocument)
            ).all()
    finally:
        store.close()
    return {(a, n, bool(p), hashlib.sha256(c).hexdigest()) for a, n, p, c in rows}


def test_fetch_keeps_every_document_of_a_filing_and_reads_the_second_letter(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch("--cik", HARBOR, *FAST)

    assert result.exit_code == 0, result.output
    db = tmp_path / "record.sqlite"
    assert {d for d in documents(db) if d[0] == RESPONSE} == {
        (RESPONSE, "filename1.htm", True, sha(FOLDER / "filename1.htm")),
        (RESPONSE, "filename2.htm", False, sha(FOLDER / "filename2.htm")),
        (RESPONSE, "filename3.htm", False, sha(FOLDER / "filename3.htm")),
    }
    requested = sorted(h.path.rsplit("/", 1)[1] for h in local_edgar.www.document_hits())
    assert requested == ["filename1.htm", "filename1.htm", "filename2.htm", "filename3.htm"]
    assert "2 attached documents stored (1 read as letters)" in result.output
    store = open_store(str(db))
    with store.session() as session:
        letters = session.execute(
            select(schema.Letter.source, schema.Letter.accession, schema.Letter.kind)
        ).all()
    store.close()
    assert sorted((s.rsplit("/", 2)[-2:], a, k) for s, a, k in letters) == [
        (["000000000024900001", "filename1.htm"], "0000000000-24-900001", "comments"),
        (["000999990324000002", "filename1.htm"], RESPONSE, "response"),
        (["000999990324000002", "filename2.htm"], None, "response"),
    ]


def test_second_run_fetches_nothing_not_even_the_folder_listings(
    fetch, local_edgar: LocalEdgar
) -> None:
    assert fetch("--cik", HARBOR, *FAST).exit_code == 0
    before = len(local_edgar.www.hits)

    again = fetch("--cik", HARBOR, *FAST)

    assert again.exit_code == 0, again.output
    assert local_edgar.www.hits[before:] == []
    assert "2 filings found: 2 already in the record, 0 fetched" in again.output
    assert "0 attached documents stored" in again.output


def test_a_filing_whose_letter_is_kept_gets_only_the_documents_it_lacks(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    db = tmp_path / "record.sqlite"
    assert fetch("--cik", HARBOR, *FAST).exit_code == 0
    store = open_store(str(db))
    with store.write() as session:  # as a record from before documents were attached
        session.execute(
            delete(schema.FilingDocument).where(schema.FilingDocument.accession == RESPONSE)
        )
    store.close()
    before = len(local_edgar.www.hits)

    again = fetch("--cik", HARBOR, *FAST)

    assert again.exit_code == 0, again.output
    assert [h.path.rsplit("/", 1)[1] for h in local_edgar.www.hits[before:]] == [
        "index.json",
        "filename2.htm",
        "filename3.htm",
    ]
    assert "1 filings already in the record got the documents they lacked" in again.output
    assert len({d for d in documents(db) if d[0] == RESPONSE}) == 3


def test_replay_filings_are_kept_document_for_document_byte_for_byte(
    fetch, local_edgar: LocalEdgar, tmp_path: Path
) -> None:
    result = fetch("--cik", SOLVENTUM, "--cik", FOX, "--since", "2016-01-01", *FAST)

    assert result.exit_code == 0, result.output
    expected = set()
    for letter in replay_letters([SOLVENTUM, FOX]):
        folder = REPLAY / "www.sec.gov/Archives/edgar/data" / str(int(letter.cik))
        for document in (folder / letter.accession.replace("-", "")).iterdir():
            if document.name != "index.json":
                expected.add((letter.accession, document.name, True, sha(document)))
    assert len(expected) == 33
    assert documents(tmp_path / "record.sqlite") == expected
    assert "0 attached documents stored (0 read as letters)" in result.output
    assert "attached documents not on EDGAR" not in result.output


def test_letter_page_and_api_show_the_documents_filed_with_it(fetch, tmp_path: Path) -> None:
    assert fetch("--cik", HARBOR, *FAST).exit_code == 0
    store = open_store(str(tmp_path / "record.sqlite"))
    with store.session() as session:
        letter_id = session.scalars(
            select(schema.Letter.id).where(schema.Letter.accession == RESPONSE)
        ).one()
        counsel_id = session.scalars(
            select(schema.Letter.id).where(schema.Letter.source.endswith("filename2.htm"))
        ).one()
    client = TestClient(create_app(store))

    data = client.get(f"/api/letters/{letter_id}").json()
    page = client.get(f"/letters/{letter_id}").text
    table = client.get(data["attachments"][1]["url"])

    assert [(a["name"], a["letter_id"], a["size"]) for a in data["attachments"]] == [
        ("filename2.htm", counsel_id, (FOLDER / "filename2.htm").stat().st_size),
        ("filename3.htm", None, (FOLDER / "filename3.htm").stat().st_size),
    ]
    assert f'<a href="/letters/{counsel_id}">read as a letter</a>' in page
    assert client.get(f"/api/letters/{counsel_id}").json()["filed_with"] == letter_id
    assert (
        f'Filed with <a href="/letters/{letter_id}">' in client.get(f"/letters/{counsel_id}").text
    )
    assert data["filed_with"] is None
    assert "filename3.htm</a> (text/html," in page
    assert table.content == (FOLDER / "filename3.htm").read_bytes()
    assert table.headers["content-disposition"] == 'attachment; filename="filename3.htm"'
    assert (
        client.get(
            f"/api/letters/{counsel_id}/attachments/{data['attachments'][1]['id']}"
        ).status_code
        == 404
    )
    store.close()

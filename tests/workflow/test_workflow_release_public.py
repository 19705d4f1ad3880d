"""Release makes a review's correspondence public and searchable: the issued staff letters and
the submitted response go into the record through ingest, confidential passages replaced by
the redaction mark; `reviewdesk release-due` does it for every review past its release date,
audited as the system. (Fictional company, people and filing.)"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters import parse_bytes
from reviewdesk.record import Store, open_store, schema
from reviewdesk.services.search import SearchQuery, search
from reviewdesk.web.app import create_app
from reviewdesk.workflow import (
    complete,
    issue,
    mark_confidential,
    resolve_comment,
    save_answer,
    sign_off,
    submit_response,
    write_comment,
)
from reviewdesk.workflow.publishing import public_documents, publish, release_due
from reviewdesk.workflow.trail import entries
from reviewdesk.workflow.views import REDACTED
from tests.workflow.support import (
    LETTER_DAY,
    People,
    add_people,
    get,
    open_fictional_review,
    principals,
)
from tests.workflow.web_support import csrf_of, signed_in

COMMENT_1 = "Please disclose whether you intend to list your shares on a national exchange."
COMMENT_2 = "Please quantify the share of gearbox parts bought from your largest supplier."
ANSWER_1 = "We have revised page 1 to say that we will apply to list on the Nasdaq Global Market."
ANSWER_2 = "We have revised page 2. Our largest supplier, Zephyrine Castings, provides 62%."
SECRET = "Zephyrine Castings"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def closed_review(store: Store, people: People, completed: dt.date = dt.date(2026, 3, 27)) -> int:
    """A one-round review, answered (one passage marked confidential), resolved and closed."""
    review_id = open_fictional_review(store, people)
    with store.write() as session:
        review = get(session, review_id)
        first = write_comment(session, people.reviewer, review, COMMENT_1, "The Offering", "1")
        second = write_comment(session, people.reviewer, review, COMMENT_2, "Risk Factors", "2")
        sign_off(session, people.supervisor, review)
        issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        save_answer(session, people.company, review, first.id, ANSWER_1)
        save_answer(session, people.company, review, second.id, ANSWER_2)
        mark_confidential(session, people.company, review, second.id, SECRET)
        submit_response(session, people.company, review)
        resolve_comment(session, people.reviewer, review, first.id)
        resolve_comment(session, people.reviewer, review, second.id)
        sign_off(session, people.supervisor, review)
        complete(session, people.reviewer, review, today=completed, pdf=False)
    return review_id


def _search(client: TestClient, words: str) -> list[dict[str, object]]:
    response = client.get("/api/search", params={"q": words})
    assert response.status_code == 200, response.text
    hits: list[dict[str, object]] = response.json()["hits"]
    return hits


def test_the_public_response_letter_reads_back_with_every_redacted_answer(
    store: Store, people: People
) -> None:
    review_id = closed_review(store, people)
    with store.session() as session:
        documents = public_documents(session, get(session, review_id))
    assert [(d.name, d.form, d.filed) for d in documents] == [
        (f"desk/review-{review_id}/letter-1.htm", "UPLOAD", LETTER_DAY),
        (f"desk/review-{review_id}/response-1.htm", "CORRESP", documents[1].filed),
        (f"desk/review-{review_id}/letter-2.htm", "UPLOAD", dt.date(2026, 3, 27)),
    ]
    assert SECRET.encode() not in documents[1].data
    reading = parse_bytes(documents[1].data, documents[1].name)
    assert (reading.role, reading.kind, reading.company) == (
        "company",
        "response",
        "Fictional Widgets, Inc.",
    )
    assert reading.in_reply_to == LETTER_DAY.isoformat()
    assert reading.signatory == "Cora Lind"
    assert [(r.number, r.comment_text, r.response_text) for r in reading.responses] == [
        (1, COMMENT_1, ANSWER_1),
        (2, COMMENT_2, ANSWER_2.replace(SECRET, REDACTED)),
    ]


def test_release_puts_letters_and_answers_in_public_search_but_no_confidential_passage(
    store: Store, people: People
) -> None:
    review_id = closed_review(store, people)
    desk = create_app(store)
    desk.state.letter_pdf = False
    anonymous = TestClient(desk)
    assert _search(anonymous, '"gearbox parts"') == []
    rita = signed_in(TestClient(desk), "rita")
    token = csrf_of(rita.get(f"/desk/reviews/{review_id}").text)
    released = rita.post(
        f"/api/desk/reviews/{review_id}/actions/release", json={}, headers={"X-CSRF-Token": token}
    )
    assert released.status_code == 200, released.text
    assert released.json()["state"] == "released"

    comment_hits = _search(anonymous, '"quantify the share of gearbox parts"')
    assert [(h["kind"], h["number"], h["company"]) for h in comment_hits] == [
        ("comment", 2, "Fictional Widgets, Inc.")
    ]
    answer_hits = _search(anonymous, '"Nasdaq Global Market"')
    assert [(h["kind"], h["number"]) for h in answer_hits] == [("response", 1)]
    assert _search(anonymous, "Zephyrine") == []
    assert _search(anonymous, "Castings") == []
    assert [h["number"] for h in _search(anonymous, '"Confidential treatment requested"')] == [2]

    letter_id = answer_hits[0]["letter_id"]
    page = anonymous.get(f"/letters/{letter_id}")
    assert page.status_code == 200 and "Nasdaq Global Market" in page.text
    assert SECRET not in page.text
    assert SECRET.encode() not in anonymous.get(f"/api/letters/{letter_id}/original").content
    with store.session() as session:
        stored = session.get(schema.Letter, letter_id)
        assert stored is not None
        assert (stored.edgar_form, stored.role, stored.cik) == ("CORRESP", "company", "0009990001")
        log = [(e.actor, e.action) for e in entries(session, review_id)][-2:]
    assert log == [("rita", "workflow.released"), ("rita", "workflow.published")]


def test_publishing_again_stores_nothing_new(store: Store, people: People) -> None:
    review_id = closed_review(store, people)
    with store.write() as session:
        from reviewdesk.workflow import release

        release(session, people.reviewer, get(session, review_id), today=dt.date(2026, 4, 24))
    first = publish(store, review_id)
    again = publish(store, review_id)
    assert len(first.letter_ids) == 3 and first.problems == []
    assert again.letter_ids == first.letter_ids
    with store.session() as session:
        assert session.query(schema.Letter).count() == 3


def test_release_due_releases_only_reviews_past_their_release_date(
    store: Store, people: People, tmp_path: Path
) -> None:
    due = closed_review(store, people, completed=dt.date(2026, 3, 27))
    not_yet = closed_review(store, people, completed=dt.date(2026, 4, 1))
    _register()
    runner = CliRunner()
    database = store.url.removeprefix("sqlite:///")
    result = runner.invoke(app, ["release-due", "--db", database, "--today", "2026-04-24"])
    assert result.exit_code == 0, result.output
    assert f"review {due}: released 2026-04-24, 3 letters in the public record" in result.output
    assert re.search(r"(?<![0-9])1 reviews released as of 2026-04-24", result.output)
    with store.session() as session:
        assert (get(session, due).state, get(session, not_yet).state) == ("released", "closed")
        assert [(e.actor, e.action) for e in entries(session, due)][-2:] == [
            ("system", "workflow.released"),
            ("system", "workflow.published"),
        ]
    anonymous = TestClient(create_app(store))
    assert [h["kind"] for h in _search(anonymous, '"gearbox parts"')] == ["comment"]

    again = runner.invoke(app, ["release-due", "--db", database, "--today", "2026-04-24"])
    assert again.exit_code == 0 and "0 reviews released" in again.output
    later = runner.invoke(app, ["release-due", "--db", database, "--today", "2026-05-01"])
    assert f"review {not_yet}: released 2026-05-01" in later.output


def test_release_due_names_a_day_it_cannot_read(store: Store) -> None:
    _register()
    database = store.url.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["release-due", "--db", database, "--today", "24/04/2026"])
    assert result.exit_code == 2
    assert "--today 24/04/2026: give a day as YYYY-MM-DD" in result.output


@pytest.fixture
def pg_store() -> Iterator[Store]:
    """A fresh, uniquely named PostgreSQL record with the desk's people (dropped after);
    skipped when the server is unreachable, failed when REVIEWDESK_REQUIRE_POSTGRES=1."""
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at 127.0.0.1:5432 is unreachable: {exc}".strip()
        if os.environ.get("REVIEWDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"reviewdesk_release_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    store = open_store(f"postgresql://postgres@127.0.0.1:5432/{name}")
    try:
        add_people(store)
        yield store
    finally:
        store.close()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_release_on_postgresql_is_searchable_without_the_confidential_passage(
    pg_store: Store,
) -> None:
    people = principals(pg_store)
    review_id = closed_review(pg_store, people)
    results = release_due(pg_store, dt.date(2026, 4, 24))
    assert [(r.review_id, r.error) for r in results] == [(review_id, None)]
    with pg_store.session() as session:

        def kinds(words: str) -> list[tuple[str, int | None]]:
            return [(h.kind, h.number) for h in search(session, SearchQuery(words)).hits]

        assert kinds('"quantify the share of gearbox parts"') == [("comment", 2)]
        assert kinds('"Nasdaq Global Market"') == [("response", 1)]
        assert kinds("Zephyrine") == []

"""The company side answering a staff comment letter from EDGAR in the desk: answers edited
beside each comment and saved with history, the due date and days left in view, the response
letter built from the answers; another company's user and the staff get 404, the anonymous
401; letter text is escaped on every page and download. (Fictional letters and people, in
tests/fixtures/letter_answers.)"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.pipeline import ingest_bytes, ingest_paths
from reviewdesk.record import Store, schema
from reviewdesk.services.drafting.typography import typographic
from reviewdesk.views.precedents import EXCERPT_CHARS
from reviewdesk.web.app import create_app
from reviewdesk.web.letter_precedents import precedents_by_comment
from tests.workflow.support import People
from tests.workflow.web_support import csrf_of, signed_in

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letter_answers"
OURS = "0000000000-26-910001"
THEIRS = "0000000000-26-910002"
HOSTILE = '<script>alert("fictional")</script>'


@pytest.fixture
def desk(store: Store, people: People) -> Iterator[tuple[TestClient, dict[str, int]]]:
    """The desk over the people and the fictional letters: (client, letter id by accession)."""
    summary = ingest_paths(store, [LETTERS], LETTERS / "manifest.csv", jobs=1)
    assert summary.stored == 3, summary.problems
    with store.session() as session:
        ids = {
            row.accession: row.id
            for row in session.scalars(select(schema.Letter))
            if row.accession is not None
        }
    app = create_app(store)
    with TestClient(app) as client:
        yield client, ids


def _as(desk: tuple[TestClient, dict[str, int]], who: str | None) -> TestClient:
    client = TestClient(desk[0].app)
    return signed_in(client, who) if who else client


def _save(client: TestClient, letter: int, number: int, text: str) -> int:
    token = csrf_of(client.get(f"/desk/letters/{letter}/answers").text)
    response = client.post(
        f"/desk/letters/{letter}/answers",
        data={"number": str(number), "text": text, "csrf_token": token},
        follow_redirects=False,
    )
    return response.status_code


def test_the_company_drafts_answers_with_history_beside_each_comment(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    cora = _as(desk, "cora")
    page = cora.get(f"/desk/letters/{letter}/answers", params={"today": "2026-03-09"})
    assert page.status_code == 200
    assert '<strong id="due-date">2026-03-16</strong>' in page.text
    assert '<strong id="days-left">5</strong> business days left' in page.text
    assert page.text.count('<textarea name="texts"') == 3
    late = cora.get(f"/letters/{letter}", params={"today": "2026-03-18"}).text
    assert '<strong id="days-left">2</strong> business days overdue' in late
    assert _save(cora, letter, 1, "We will revise.") == 303
    assert (
        _save(cora, letter, 1, "We will revise future filings to present gross margin first.")
        == 303
    )
    assert _save(cora, letter, 3, "The contracts are distinct; see ASC 606-10-25-19.") == 303
    view = cora.get(f"/api/desk/letters/{letter}/answers", params={"today": "2026-03-09"}).json()
    assert (view["due"], view["business_days_left"], view["company"]) == (
        "2026-03-16",
        5,
        "Fictional Widgets, Inc.",
    )
    first, second, third = view["comments"]
    assert first["answer"]["text"] == "We will revise future filings to present gross margin first."
    assert [(h["version"], h["saved_by"], h["change"]) for h in first["answer"]["history"]] == [
        (2, "cora", "+8 words, -1 words"),
        (1, "cora", "first draft (3 words)"),
    ]
    assert second["answer"] is None
    assert third["answer"]["version"] == 1
    saved = cora.post(
        f"/api/desk/letters/{letter}/answers/2",
        json={"text": "The table was mistyped; we will correct it."},
        headers={"X-CSRF-Token": csrf_of(page.text)},
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    shown = cora.get(f"/desk/letters/{letter}/answers").text
    assert "Version 2 by cora at" in shown and "+8 words, -1 words" in shown


def test_the_response_letter_is_built_from_the_saved_answers(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    cora = _as(desk, "cora")
    _save(cora, letter, 1, "We will present gross margin first.")
    _save(cora, letter, 3, "The contracts are distinct.")
    data = cora.get(f"/desk/letters/{letter}/response.docx", params={"today": "2026-03-10"})
    assert data.status_code == 200
    text = [p.text for p in docx.Document(io.BytesIO(data.content)).paragraphs]
    assert [p for p in text if p.startswith("Response: ")] == [
        "Response: We will present gross margin first.",
        "Response: [Company response to comment 2]",
        "Response: The contracts are distinct.",
    ]
    assert f"2. Please explain the line {typographic(HOSTILE)}" in "\n".join(text)
    assert text[-1].split("\n")[:3] == ["Sincerely,", "", "Cora Lind"]
    markdown = cora.get(f"/desk/letters/{letter}/response.md").text
    assert "**Response:** We will present gross margin first." in markdown
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*\\*\\[click\\](javascript:alert(1))\\*\\*" in markdown


@pytest.mark.parametrize(
    "path",
    [
        "/desk/letters/{l}/answers",
        "/api/desk/letters/{l}/answers",
        "/desk/letters/{l}/response.docx",
        "/desk/letters/{l}/response.md",
    ],
)
def test_drafts_are_the_letters_company_users_alone(
    desk: tuple[TestClient, dict[str, int]], path: str
) -> None:
    url = path.format(l=desk[1][OURS])
    assert _as(desk, None).get(url).status_code == 401
    for other in ("otto", "rita", "sam", "kim", "ada"):
        assert _as(desk, other).get(url).status_code == 404, other
    assert _as(desk, "cora").get(url).status_code == 200
    assert _as(desk, "cora").get(path.format(l=desk[1][THEIRS])).status_code == 404
    assert _as(desk, "otto").get(path.format(l=desk[1][THEIRS])).status_code == 200


def test_saving_is_refused_to_others_without_csrf_and_for_unknown_comments(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    url = f"/api/desk/letters/{letter}/answers/1"
    assert _as(desk, None).post(url, json={"text": "x"}).status_code == 403
    otto = _as(desk, "otto")
    token = csrf_of(otto.get("/login").text)
    assert otto.post(url, json={"text": "x"}, headers={"X-CSRF-Token": token}).status_code == 404
    cora = _as(desk, "cora")
    assert cora.post(url, json={"text": "x"}).status_code == 403
    token = csrf_of(cora.get(f"/desk/letters/{letter}/answers").text)
    unknown = cora.post(
        f"/api/desk/letters/{letter}/answers/7", json={"text": "x"}, headers={"X-CSRF-Token": token}
    )
    assert unknown.status_code == 422
    assert "has no comment 7; its comments are numbered 1, 2, 3" in unknown.json()["error"]
    page_post = cora.post(
        f"/desk/letters/{letter}/answers",
        data={"number": "9", "text": "x", "csrf_token": token},
    )
    assert page_post.status_code == 422 and "has no comment 9" in page_post.text
    theirs = cora.post(
        f"/desk/letters/{desk[1][THEIRS]}/answers",
        data={"number": "1", "text": "x", "csrf_token": token},
    )
    assert theirs.status_code == 404


def test_letter_text_is_escaped_on_the_pages_and_precedents_show_other_companies(
    desk: tuple[TestClient, dict[str, int]],
) -> None:
    letter = desk[1][OURS]
    cora = _as(desk, "cora")
    public = _as(desk, None).get(f"/letters/{letter}")
    assert public.status_code == 200 and 'id="draft-answers"' not in public.text
    assert (
        f'href="/desk/letters/{letter}/answers" id="draft-answers"'
        in cora.get(f"/letters/{letter}").text
    )
    for page in (public.text, cora.get(f"/desk/letters/{letter}/answers").text):
        assert HOSTILE not in page and "<img" not in page
        assert "&lt;script&gt;alert(&#34;fictional&#34;)&lt;/script&gt;" in page
    section = public.text.split('id="precedents-comment-1"', 1)[1].split("</details>", 1)[0]
    assert "Fictional Gadgets Corp., 2026-01-12, comment 1" in section
    assert "&lt;b onmouseover=&#34;alert(2)&#34;&gt;the table&lt;/b&gt;" in section
    assert "&lt;script&gt;alert(&#34;answer&#34;)&lt;/script&gt;" in section
    assert '<b onmouseover="alert(2)">' not in section and '<script>alert("answer")' not in section


def test_precedents_kept_by_a_process_follow_the_record_version(
    store: Store, desk: tuple[TestClient, dict[str, int]]
) -> None:
    request = SimpleNamespace(app=desk[0].app)
    with store.session() as session:
        comment = session.execute(
            select(schema.Comment.id)
            .join(schema.Letter)
            .where(schema.Letter.accession == OURS, schema.Comment.number == 1)
        ).scalar_one()
        before = precedents_by_comment(request, session, [comment])[comment]  # type: ignore[arg-type]
    outcome = ingest_bytes(
        store,
        (LETTERS / f"{OURS}.txt").read_bytes().replace(b"March 2, 2026", b"March 3, 2026"),
        source="fictional-copy.txt",
        cik="0009990009",
        form="UPLOAD",
    )
    assert outcome.status.value == "stored"
    with store.session() as session:
        after = precedents_by_comment(request, session, [comment])[comment]  # type: ignore[arg-type]
    assert desk[0].app.state.precedents_kept[1][(comment, 3, EXCERPT_CHARS)] == after
    assert [p.letter_date for p in before] == [dt.date(2026, 1, 12)]
    assert after[0].letter_date == dt.date(2026, 3, 3) and after[0].number == 1

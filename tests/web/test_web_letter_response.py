"""The response-letter draft and the precedents from a staff letter's page, on real letters of
the corpus (ONEOK 2022, NRG 2016, AbbVie 2018): the DOCX restates every comment in order
with the addressee and the Re: block, the page shows the due date and business days left,
each comment's precedents come from other companies with their answers and outcomes."""

from __future__ import annotations

import io
import re

import docx
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.accounts import add_user
from reviewdesk.accounts.tokens import issue_token
from reviewdesk.record import Store, schema
from reviewdesk.services.drafting.acknowledgement import ACKNOWLEDGEMENT_LEAD, ACKNOWLEDGEMENTS
from reviewdesk.services.drafting.model import clean
from reviewdesk.services.drafting.typography import typographic

ONEOK = "0000000000-22-009320"
NRG = "0000000000-16-075770"
ONEOK_RESPONSE = "0001193125-22-242112"
OUTCOMES = re.compile(
    r"^(followed up|resolved after one round|resolved after \d+ rounds|"
    r"answered; review still open|no answer in the record)$"
)


def letter_id(store: Store, accession: str) -> int:
    with store.session() as session:
        found = session.scalar(select(schema.Letter.id).where(schema.Letter.accession == accession))
    assert found is not None, f"{accession} is not in the test record"
    return found


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_the_docx_draft_restates_every_comment_in_order_under_the_addressee_and_re_block(
    client: TestClient, corpus_store: Store
) -> None:
    oneok = letter_id(corpus_store, ONEOK)
    response = client.get(f"/letters/{oneok}/response.docx", params={"today": "2022-09-06"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f'filename="response-to-letter-{oneok}.docx"' in response.headers["content-disposition"]
    text = paragraphs(response.content)
    assert text[:8] == [
        "ONEOK, Inc.",
        "[Company address]",
        "September 6, 2022",
        "VIA EDGAR",
        "U.S. Securities and Exchange Commission\nDivision of Corporation Finance\n"
        "Office of Energy & Transportation\n100 F Street, N.E.\nWashington, D.C. 20549",
        "Attention: Anuja A. Majmudar, Ethan Horowitz",
        "Re:\tONEOK, Inc.\nForm 10-K for the Fiscal Year Ended December 31, 2021\n"
        "Filed March 1, 2022\nFile No. 001-13643",
        "Ladies and Gentlemen:",
    ]
    assert "letter dated August 29, 2022" in text[8]
    stored = client.get(f"/api/letters/{oneok}").json()["comments"]
    assert [c["number"] for c in stored] == [1, 2, 3, 4, 5, 6]
    restated = [p for p in text if re.match(r"^\d+\. ", p)]
    assert restated == [typographic(f"{c['number']}. {clean(c['text'])}") for c in stored]
    assert text[-1].split("\n")[:3] == ["Sincerely,", "", "[Name]"]
    answers = [p for p in text if p.startswith("Response: ")]
    assert answers == [f"Response: [Company response to comment {n}]" for n in range(1, 7)]
    twin = client.get(f"/api/letters/{oneok}/response.docx", params={"today": "2022-09-06"})
    assert paragraphs(twin.content) == text


def test_a_signed_in_user_signs_the_docx_draft_instead_of_name(
    client: TestClient, corpus_store: Store
) -> None:
    with corpus_store.write() as session:
        user = add_user(
            session, "rosa", "correct horse battery", "analyst", display_name="Rosa Díaz"
        )
        bearer = {"Authorization": f"Bearer {issue_token(session, user, 'tests')}"}
    oneok = letter_id(corpus_store, ONEOK)
    url = f"/letters/{oneok}/response.docx"
    signed = paragraphs(client.get(url, params={"today": "2022-09-06"}, headers=bearer).content)
    assert signed[-1].split("\n")[:4] == ["Sincerely,", "", "Rosa Díaz", "[Title]"]
    assert "[Name]" not in "\n".join(signed)


def test_the_markdown_draft_and_its_api_twin(client: TestClient, corpus_store: Store) -> None:
    oneok = letter_id(corpus_store, ONEOK)
    page = client.get(f"/letters/{oneok}/response.md", params={"today": "2022-09-06"})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "response due September 13, 2022" in page.text
    assert "**Re:** ONEOK, Inc.  \nForm 10-K for the Fiscal Year Ended December 31, 2021" in (
        page.text
    )
    assert [int(n) for n in re.findall(r"^\*\*(\d+)\\\. ", page.text, re.M)] == [1, 2, 3, 4, 5, 6]
    api = client.get(f"/api/letters/{oneok}/response.md", params={"today": "2022-09-06"})
    assert api.text == page.text


def test_the_letter_page_shows_the_due_date_days_left_and_downloads(
    client: TestClient, corpus_store: Store
) -> None:
    oneok = letter_id(corpus_store, ONEOK)
    page = client.get(f"/letters/{oneok}", params={"today": "2022-09-06"})
    assert page.status_code == 200
    assert '<strong id="due-date">2022-09-13</strong>' in page.text
    assert '<strong id="days-left">5</strong> business days left' in page.text
    assert f'href="/letters/{oneok}/response.docx" id="draft-docx"' in page.text
    assert f'href="/letters/{oneok}/response.md" id="draft-md"' in page.text
    assert 'id="draft-answers"' not in page.text
    later = client.get(f"/letters/{oneok}", params={"today": "2022-09-15"}).text
    assert '— answered <strong id="answered-on">2022-09-09</strong>' in later
    assert 'id="days-left"' not in later
    data = client.get(f"/api/letters/{oneok}/response", params={"today": "2022-09-06"}).json()
    assert (data["due"], data["business_days_left"], data["acknowledgement"]) == (
        "2022-09-13",
        5,
        False,
    )
    assert [i["number"] for i in data["items"]] == [1, 2, 3, 4, 5, 6]


def test_each_comment_shows_precedents_from_other_companies_with_answers_and_outcomes(
    client: TestClient, corpus_store: Store
) -> None:
    oneok = letter_id(corpus_store, ONEOK)
    found = client.get(f"/api/letters/{oneok}/precedents", params={"k": 3}).json()
    assert [entry["number"] for entry in found] == [1, 2, 3, 4, 5, 6]
    every = [p for entry in found for p in entry["precedents"]]
    assert all(len(entry["precedents"]) == 3 for entry in found)
    assert {p["company"] for p in every} <= {"NRG Energy, Inc.", "AbbVie Inc."}
    assert all(OUTCOMES.match(p["outcome"]) for p in every)
    answered = [p for p in every if p["answer"] is not None]
    assert answered, "some precedent in NRG's or AbbVie's threads carries its answer"
    page = client.get(f"/letters/{oneok}").text
    first = found[0]["precedents"][0]
    section = page.split('id="precedents-comment-1"', 1)[1].split("</details>", 1)[0]
    assert f'href="/letters/{first["letter_id"]}' in section
    assert f'<span class="status outcome">{first["outcome"]}</span>' in section


def test_a_pre_2016_letter_gets_the_acknowledgement_paragraph(
    client: TestClient, corpus_store: Store
) -> None:
    nrg = letter_id(corpus_store, NRG)
    assert client.get(f"/api/letters/{nrg}/response").json()["acknowledgement"] is True
    text = paragraphs(client.get(f"/letters/{nrg}/response.docx").content)
    lead = text.index(typographic(ACKNOWLEDGEMENT_LEAD))
    assert text[lead + 1 : lead + 4] == list(ACKNOWLEDGEMENTS)


def test_only_staff_comment_letters_offer_a_response(
    client: TestClient, corpus_store: Store
) -> None:
    answer = letter_id(corpus_store, ONEOK_RESPONSE)
    refused = client.get(f"/letters/{answer}/response.docx")
    assert refused.status_code == 404
    assert "not a staff comment letter" in refused.text
    assert client.get(f"/api/letters/{answer}/precedents").status_code == 404
    assert client.get("/api/letters/2147483647/response").status_code == 404
    assert client.get(f"/letters/{letter_id(corpus_store, ONEOK)}/response.pdf").status_code == 404
    page = client.get(f"/letters/{answer}")
    assert page.status_code == 200 and 'id="answering"' not in page.text

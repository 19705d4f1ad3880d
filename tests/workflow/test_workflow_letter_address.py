"""An issued letter addresses the registrant by the name the reviewer wrote ("Fictional Widgets,
Inc.", not the record's short "Fictional Widgets") and greets the addressee as staff letters
do; it can be downloaded as DOCX. (Fictional company and people.)"""

from __future__ import annotations

import io

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reviewdesk.record import Store, schema
from reviewdesk.web.app import create_app
from reviewdesk.workflow import issue, sign_off, write_comment
from reviewdesk.workflow.letter_model import StaffLetter
from tests.workflow.support import CIK, LETTER_DAY, People, get, open_fictional_review
from tests.workflow.web_support import signed_in


@pytest.mark.parametrize(
    ("addressee", "greeting"),
    [
        ("Mr. Bill McDermott", "Dear Mr. McDermott:"),
        ("Ms Jane Example", "Dear Ms. Example:"),
        ("Dr. Ada Example Jr.", "Dear Dr. Example:"),
        ("Bill McDermott", "Dear Bill McDermott:"),
        ("", "Dear Sir or Madam:"),
    ],
)
def test_the_greeting_uses_the_honorific_the_reviewer_wrote(addressee: str, greeting: str) -> None:
    letter = StaffLetter(
        kind="comments",
        date=LETTER_DAY,
        company="Fictional Widgets, Inc.",
        addressee=addressee,
        addressee_title="Chief Executive Officer",
        address=[],
        form="S-1",
        filed=LETTER_DAY,
        file_number="333-299001",
    )
    assert letter.salutation() == greeting


def test_the_issued_letter_names_the_registrant_as_written_and_comes_as_docx(
    store: Store, people: People
) -> None:
    with store.write() as session:
        company = session.scalars(select(schema.Company).where(schema.Company.cik == CIK)).one()
        company.name = "Fictional Widgets"
    review_id = open_fictional_review(store, people, addressee="Ms. Jane Example")
    with store.write() as session:
        review = get(session, review_id)
        write_comment(
            session,
            people.reviewer,
            review,
            "Please disclose whether you intend to list.",
            "The Offering",
            "1",
        )
        sign_off(session, people.supervisor, review)
        issued = issue(session, people.reviewer, review, today=LETTER_DAY, pdf=False)
        html = issued.letter_html or ""
    assert "<p>Re: Fictional Widgets, Inc.<br>" in html
    assert "<p>Dear Ms. Example:</p>" in html
    client = signed_in(TestClient(create_app(store)), "rita")
    response = client.get(f"/desk/reviews/{review_id}/rounds/1/letter.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "Re: Fictional Widgets, Inc." in text[2]
    assert "Dear Ms. Example:" in text
    assert "1. Please disclose whether you intend to list." in text

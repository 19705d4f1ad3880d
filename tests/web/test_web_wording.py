"""Pages say things in words: no raw codes, no '1 responses', no '(1 versions)', no negative
day counts, no audit details as JSON. (Rendered from the templates with fictional rows.)"""

from __future__ import annotations

from typing import Any

import lxml.html

from reviewdesk.web.deps import audit_action, audit_detail, templates


def render(name: str, **context: Any) -> str:
    return templates.env.get_template(name).render(**context)


def macro(name: str, **context: Any) -> str:
    module = templates.env.get_template("_letters.html").make_module({})
    return str(getattr(module, name)(**context))


def line(comments: int, responses: int) -> dict[str, Any]:
    return {
        "id": 1,
        "accession": "0000000000-99-000001",
        "date": "2099-01-05",
        "role": "company",
        "kind": "acceleration_request",
        "company": "Fictional Widgets Inc.",
        "company_id": None,
        "review_id": None,
        "comments": comments,
        "responses": responses,
    }


def test_letter_lists_count_one_response_in_the_singular() -> None:
    text = lxml.html.fromstring(macro("letter_table", rows=[line(0, 1), line(1, 0)])).text_content()
    assert "1 response\n" in text and "1 comment\n" in text
    assert "1 responses" not in text and "1 comments" not in text
    assert "acceleration request" in text and "acceleration_request" not in text


def test_audit_log_shows_actions_and_details_in_words() -> None:
    rows = [
        {
            "at": "2099-01-05T10:00:00+00:00",
            "actor": "rita",
            "action": "workflow.comment_deleted",
            "detail": {"comment": 4, "text": "The company's MD&A"},
        },
        {
            "at": "2099-01-05T10:01:00+00:00",
            "actor": "rita",
            "action": "workflow.comments_reordered",
            "detail": {"order": [3, 1, 2]},
        },
    ]
    html = render("workflow/audit.html", review_id=7, rows=rows, me=None, csrf="")
    table = lxml.html.fromstring(html).get_element_by_id("audit-log").text_content()
    assert "comment deleted" in table and "workflow." not in table
    assert "comment: 4; text: The company's MD&A" in table
    assert "order: 3, 1, 2" in table
    assert "\\u0027" not in html and "{" not in table


def test_audit_words_of_any_detail() -> None:
    assert audit_action("workflow.sign_off_withdrawn") == "sign off withdrawn"
    assert audit_action("answers.saved") == "saved"
    assert audit_detail({"round": 1, "by_name": None}) == "round: 1; by name: "
    assert audit_detail(None) == ""


def test_answer_history_of_one_version_is_singular() -> None:
    view = {
        "letter_id": 3,
        "accession": None,
        "company": "Fictional Widgets Inc.",
        "date": "2099-01-05",
        "due": "2099-01-20",
        "answered": None,
        "business_days_left": -3,
        "comments": [
            {
                "id": 11,
                "anchor": "comment-1",
                "number": 1,
                "heading": None,
                "page": None,
                "text": "Please explain.",
                "answer": {
                    "text": "We will.",
                    "version": 1,
                    "updated_by": "cora",
                    "updated_at": "2099-01-06T10:00:00",
                    "history": [
                        {
                            "version": 1,
                            "saved_by": "cora",
                            "saved_at": "2099-01-06T10:00:00",
                            "change": "written",
                        }
                    ],
                },
            }
        ],
    }
    html = render(
        "workflow/letter_answers.html",
        view=view,
        me=None,
        csrf="",
        error=None,
        answering={"precedents": {}},
    )
    page = lxml.html.fromstring(html)
    assert page.get_element_by_id("history-1").findtext("summary") == "History (1 version)"
    assert "3 business days overdue" in page.get_element_by_id("deadline").text_content()
    assert "-3" not in page.get_element_by_id("deadline").text_content()


def test_desk_review_states_read_as_words() -> None:
    row = {
        "id": 7,
        "company": "Fictional Widgets Inc.",
        "form": "10-K",
        "file_number": "001-99999",
        "state": "signed_off",
        "opened": "2099-01-05",
    }
    html = render("workflow/reviews.html", rows=[row], can_open=False, me=None, csrf="")
    table = lxml.html.fromstring(html).get_element_by_id("desk-reviews").text_content()
    assert "signed off" in table and "signed_off" not in table

"""The desk's review as the API shows it keeps the shape each audience was given: what a role
may not see is left out, not sent as null (a fictional review view, as workflow.views builds
it for the public and for the company side)."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from reviewdesk.views.desk import DeskReview
from reviewdesk.web import api_workflow


def review_view(answer: dict[str, Any]) -> dict[str, Any]:
    """A one-comment review of the fictional Widgets Inc. with the given answer."""
    return {
        "id": 4,
        "company": "Fictional Widgets Inc.",
        "company_id": 9,
        "state": "closed",
        "scope": "full",
        "form": "10-K",
        "filed": "2099-03-01",
        "file_number": "001-99999",
        "audience": "public",
        "opened_by": None,
        "completed_on": "2099-05-01",
        "release_on": "2099-05-29",
        "released_on": "2099-05-29",
        "captions": [],
        "filings": [],
        "rounds": [
            {
                "id": 5,
                "number": 1,
                "kind": "comments",
                "issued": True,
                "letter_date": "2099-04-01",
                "due": "2099-04-15",
                "business_days_left": None,
                "signed_off_by": None,
                "submitted_at": "2099-04-10T09:30:00+00:00",
                "amendment_id": None,
                "has_pdf": False,
                "comments": [
                    {
                        "id": 6,
                        "number": 1,
                        "position": 0,
                        "caption": "Revenue",
                        "page": "12",
                        "text": "Please explain.",
                        "status": "resolved",
                        "follow_up_of": None,
                        "written_by": None,
                        "answer": answer,
                    }
                ],
            }
        ],
        "actions": [],
    }


def shown(view: dict[str, Any]) -> dict[str, Any]:
    return DeskReview.model_validate(view).model_dump(mode="json", exclude_unset=True)


def test_a_public_answer_is_its_text_and_version_only() -> None:
    view = review_view({"text": "We will [Confidential treatment requested].", "version": 2})
    assert shown(view) == view


def test_the_company_side_sees_who_saved_the_answer_and_its_history() -> None:
    answer = {
        "text": "We will.",
        "version": 1,
        "updated_by": "cora",
        "updated_at": "2099-04-09T10:00:00+00:00",
        "confidential": [],
        "history": [
            {
                "version": 1,
                "saved_by": "cora",
                "saved_at": "2099-04-09T10:00:00+00:00",
                "change": "written",
                "text": "We will.",
            }
        ],
    }
    view = {**review_view(answer), "audience": "company"}
    assert shown(view) == view


def test_the_review_routes_leave_out_what_was_not_given() -> None:
    routes = [r for r in api_workflow.api.routes if isinstance(r, APIRoute)]
    returning_reviews = [r for r in routes if r.response_model is DeskReview]
    assert sorted(r.path for r in returning_reviews) == [
        "/api/desk/reviews/{review_id}",
        "/api/desk/reviews/{review_id}/actions/{action}",
    ]
    assert all(r.response_model_exclude_unset for r in returning_reviews)

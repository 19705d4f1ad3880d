"""The seed letter (shared/corpus/000_c4c344d0137293c2.txt) read right, field by field."""

from __future__ import annotations

from pathlib import Path

from reviewdesk.letters import parse_path

EXPECTED = {
    "accession": None,
    "error": None,
    "role": "staff",
    "kind": "comments",
    "date": "2009-04-08",
    "company": "The Hartford Financial Services Group, Inc.",
    "filings": [
        {
            "form": "PRE 14A",
            "amendment": None,
            "period": None,
            "filed": "2009-04-03",
            "file_number": "1-13958",
        }
    ],
    "contacts": [
        {"name": "Sebastian Gomez Abero", "phone": "202-551-3578"},
        {"name": "Jeffrey Riedler", "phone": "202-551-3715"},
    ],
    "signatory": "Jeffrey Riedler",
    "office": None,
    "comments": [
        {
            "number": 1,
            "heading": "Q: What vote is required to approve each proposal?",
            "page": "2",
            "text": "It appears that under Delaware law the approval of Proposal # 3 would require the affirmative vote of a majority of the outstanding shares rather than just a majority of those shares present in person or represented by proxy. Please revise your disclosure accordingly or, in the alternative, please provide us with an analysis supporting your conclusion that a majority of the shares present in person or represented by proxy is sufficient to amend your amended and restated certificate of incorporation.",
            "topics": [],
            "asks": [],
            "cites": [],
        },
        {
            "number": 2,
            "heading": "Item 3. Management Proposal Regarding Amendment of the Company's Amended and Restated Certificate of Incorporation to Increase the Number of Authorized Shares of Common Stock",
            "page": "10",
            "text": "We note that you are seeking shareholder approval to amend the Company's amended and restated certificate of incorporation to increase the number of authorized shares of your Common Stock from 750,000,000 to 1,500,000,000. Please revise your disclosure to describe any plans, arrangements or understandings to issue shares of Common Stock that will be available if shareholders approve the amendment and it becomes effective. If you have no such plans, arrangements or understandings, please revise your disclosure to state so.",
            "topics": [],
            "asks": [],
            "cites": [],
        },
    ],
    "refers_to_prior": False,
    "prior_letter_date": None,
    "in_reply_to": None,
    "responses": [],
}


def test_the_seed_letter_is_read_right_in_every_field(seed_letter: Path) -> None:
    reading = parse_path(seed_letter).to_dict()
    assert reading.pop("source") == str(seed_letter)
    assert reading == EXPECTED


def test_the_seed_letter_keeps_its_running_header_out_of_comment_one(seed_letter: Path) -> None:
    first = parse_path(seed_letter).comments[0]
    assert "Ramani Ayer" not in first.text
    assert "present in person or represented by proxy is sufficient" in first.text


def test_reviewdesk_parse_prints_the_seed_comments_topics_and_asks(seed_letter: Path) -> None:
    import json

    from typer.testing import CliRunner

    from reviewdesk.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["parse", "--format", "jsonl", str(seed_letter)])
    assert result.exit_code == 0
    comments = json.loads(result.stdout)["comments"]
    assert [(c["topics"], sorted(c["asks"]), c["cites"]) for c in comments] == [
        (["governance_proxy"], ["explain", "revise"], []),
        (["governance_proxy"], ["revise"], []),
    ]

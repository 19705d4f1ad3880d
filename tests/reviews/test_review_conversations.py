"""A staff comment and the answers to it are read together for their topics: BB&T's 2019
merger registration statement (S-4, File No. 333-230179), whose staff letters name "BB&T CORP"
and whose responses "BB&T Corporation"."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DOCS, shared
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.letters import Letter, parse_path
from reviewdesk.letters.classify import classify_letter, shipped_reader
from reviewdesk.reviews.conversations import conversations, read_together
from reviewdesk.reviews.threading import squeezed_name

LETTERS = [
    "0000000000-19-006560.pdf",  # staff, 13 comments
    "0001193125-19-139845.htm",  # response to it, 13 answers
    "0001193125-19-173822.htm",  # acceleration request
    "0000000000-19-009973.pdf",  # staff, 3 comments
    "0001193125-19-175890.htm",  # response to it, 3 answers
]


def _read() -> list[Letter]:
    letters = [parse_path(shared(DOCS / name)) for name in LETTERS]
    for letter in letters:
        classify_letter(letter)
    return letters


def test_company_names_match_whatever_legal_form_or_aside_they_carry() -> None:
    assert [
        squeezed_name(name)
        for name in (
            "BB&T CORP",
            "BB&T Corporation",
            "Citigroup Inc. (Citigroup or Citi)",
            "Mondelēz International, Inc.",
            "Arthur J. Gallagher & Co.",
            "The Coca-Cola Company",
            "Company",
            "The Limited, Inc.",
        )
    ] == [
        "bbt",
        "bbt",
        "citigroup",
        "mondelezinternational",
        "arthurjgallagher",
        "cocacola",
        "company",
        "limited",
    ]


def test_each_answer_goes_with_the_comment_of_the_staff_letter_it_answers() -> None:
    letters = _read()
    talks = conversations(letters)
    first, _second = letters[0], letters[3]
    assert [
        (1 if any(talk.comment is c for c in first.comments) else 2, talk.comment.number)
        for talk in talks
    ] == [(1, n) for n in range(1, 14)] + [(2, 1), (2, 2), (2, 3)]
    assert [[r.number for r, _ in talk.answers] for talk in talks] == [
        [n] for n in [*range(1, 14), 1, 2, 3]
    ]
    assert talks[0].forms == ("S-4",)
    assert all(r in letters[1].responses for talk in talks[:13] for r, _ in talk.answers)
    assert all(r in letters[4].responses for talk in talks[13:] for r, _ in talk.answers)


def test_a_comment_and_its_answer_read_together_share_one_reading() -> None:
    letters = _read()
    comment_7, answer_7 = letters[0].comments[6], letters[1].responses[6]
    assert comment_7.topics == ["business_combinations"]
    assert answer_7.topics == ["business_combinations", "mergers_tender"]
    answers = [list(r.answer) for r in letters[1].responses]
    assert read_together(conversations(letters), shipped_reader()) == 16
    assert comment_7.topics == answer_7.topics == ["business_combinations", "mergers_tender"]
    assert [c.topics for c in letters[0].comments] == [r.topics for r in letters[1].responses]
    assert [r.topics[0] for r in letters[1].responses] == ["mergers_tender"] * 6 + [
        "business_combinations"
    ] * 7
    assert letters[3].comments[0].topics == ["form_compliance", "offering", "mergers_tender"]
    assert [r.answer for r in letters[1].responses] == answers


def test_parse_reads_answers_with_the_comments_given_beside_them(tmp_path: Path) -> None:
    _register()
    paths = [str(shared(DOCS / name)) for name in LETTERS[:2]]
    together = CliRunner().invoke(app, ["parse", *paths])
    alone = CliRunner().invoke(app, ["parse", "--stream", *paths])
    assert together.exit_code == alone.exit_code == 0
    staff, company = (json.loads(line) for line in together.stdout.splitlines())
    assert [staff["accession"], company["accession"]] == [
        "0000000000-19-006560",
        "0001193125-19-139845",
    ]
    assert staff["comments"][6]["topics"] == company["responses"][6]["topics"]
    assert company["responses"][6]["topics"] == ["business_combinations", "mergers_tender"]
    streamed = [json.loads(line) for line in alone.stdout.splitlines()]
    assert streamed[0]["comments"][6]["topics"] == ["business_combinations"]


def test_an_answer_to_a_letter_not_read_is_not_paired_with_another_rounds_comment() -> None:
    """Zimmer Biomet's July 2018 response answers a staff letter the corpus lacks; threading
    puts it with the April letter, whose comments 1 and 2 it does not restate."""
    names = [
        "0000000000-18-013314.pdf",  # staff, April 30 2018, 3 comments
        "0001564590-18-012768.htm",  # its response, 3 answers
        "0001564590-18-017270.htm",  # response of July 24 2018 to a later letter, 2 answers
        "0000000000-18-027498.pdf",  # completion
    ]
    letters = [parse_path(shared(DOCS / name)) for name in names]
    talks = conversations(letters)
    assert [(talk.comment.number, [r.number for r, _ in talk.answers]) for talk in talks] == [
        (1, [1]),
        (2, [2]),
        (3, [3]),
    ]
    assert all(r in letters[1].responses for talk in talks for r, _ in talk.answers)

"""An answer in a response letter carries the caption the company restates over the comment
(what the staff letter captions it with, without its page): the strongest cue of what the
comment is about. The letters are real corpus letters."""

from __future__ import annotations

from reviewdesk.letters import parse_path


def test_each_answer_carries_the_caption_restated_over_its_comment(corpus_doc) -> None:
    """NRG's answers restate the 10-K's captions ("Capital Expenditures, page 94") above each
    numbered comment."""
    letter = parse_path(corpus_doc("0001104659-16-122989"))
    headings = {r.number: r.heading for r in letter.responses}
    assert [headings[n] for n in (2, 6, 8, 16)] == [
        "Selected Financial Data",
        "Capital Expenditures",
        "Note 10 — Asset Impairments",
        "Revenue Recognition",
    ]


def test_an_answer_without_a_restated_caption_has_none(corpus_doc) -> None:
    """Freeport's letter restates a caption over its first six comments; comments 7 and 8 follow
    straight on from the answer before them."""
    letter = parse_path(corpus_doc("0000831259-22-000030"))
    assert [(r.number, r.heading) for r in letter.responses] == [
        (1, "Miami Smelter"),
        (2, "Mineral Reserves"),
        (3, "Exhibit 96.3"),
        (4, "Exhibit 96.1"),
        (5, "Exhibit 96.2"),
        (6, "Exhibits"),
        (7, None),
        (8, None),
    ]

"""Give un-numbered answers the numbers of the staff comments they restate.

A response letter that restates each comment but prints no numbers is read as answers with
`number` None; once the staff letter it answers is known, each restated comment is matched
to the staff comment whose text holds it (verbatim, or nearly: letters abridge and retype).
"""

from __future__ import annotations

import re
from dataclasses import replace

from reviewdesk.letters.model import Comment, Response

MATCH = 0.5
"""Share of a restatement's word triples that must stand in a comment for the two to match."""


def _triples(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def restates(response: Response, comment: Comment) -> bool | None:
    """Whether the answer's restated comment stands in the staff comment's text (None when
    the answer restates nothing): an answer paired by number alone with a comment of another
    round restates a different comment."""
    restated = _triples(response.comment_text or "")
    if not restated:
        return None
    return len(restated & _triples(comment.text)) / len(restated) >= MATCH


def number_answers(responses: list[Response], staff_comments: list[Comment]) -> list[Response]:
    """The responses with each un-numbered restated comment given the number of the staff
    comment it restates (best matches first, each number given once, numbers already printed
    kept); an answer that matches no comment keeps None. The inputs are not changed."""
    taken = {r.number for r in responses if r.number is not None}
    comments = [c for c in staff_comments if c.number is not None and c.number not in taken]
    comment_triples = [_triples(c.text) for c in comments]
    pairs: list[tuple[float, int, int]] = []
    for r_index, response in enumerate(responses):
        if response.number is not None or not response.comment_text:
            continue
        restated = _triples(response.comment_text)
        if not restated:
            continue
        for c_index, triples in enumerate(comment_triples):
            share = len(restated & triples) / len(restated)
            if share >= MATCH:
                pairs.append((share, r_index, c_index))
    numbers: dict[int, int] = {}
    used: set[int] = set()
    for _share, r_index, c_index in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if r_index in numbers or c_index in used:
            continue
        numbers[r_index] = comments[c_index].number  # type: ignore[assignment]
        used.add(c_index)
    return [
        replace(response, number=numbers[index]) if index in numbers else replace(response)
        for index, response in enumerate(responses)
    ]

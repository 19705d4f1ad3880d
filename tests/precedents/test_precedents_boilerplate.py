"""Precedents rank on what comments are about, not on the pointers every kind of comment
shares: web addresses and 'available on the Commission's website at ...'."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import DOCS, MANIFEST, manifest_rows

from reviewdesk.letters import parse_path
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import schema
from reviewdesk.record.store import open_store
from reviewdesk.services.precedents import find_precedents
from reviewdesk.services.precedents.tokens import tokens

pytestmark = pytest.mark.corpus

LAS_VEGAS_SANDS_CHINA = ("0000000000-22-005802", 1)
"""'Please see the Sample Letter to China-Based Companies, available at: https://www.sec.gov/...'"""
MONSTER_TENDER_OFFER = "0000000000-24-005447"
"""A Schedule TO comment citing interpretations 'available on the Commission's website at
http://www.sec.gov', and nothing else in common with the Las Vegas Sands comment."""
APPLOVIN_CHINA = ("0000000000-21-013958", 2)


def test_web_addresses_and_the_phrases_pointing_to_them_are_not_words_of_the_matter(
    corpus_doc: Callable[[str], Path],
) -> None:
    accession, number = LAS_VEGAS_SANDS_CHINA
    comment = next(c for c in parse_path(corpus_doc(accession)).comments if c.number == number)
    words = set(tokens(comment.text))
    assert words.isdisjoint({"http", "https", "www", "sec", "gov", "corpfin", "websit", "availabl"})
    assert {"china-bas", "macao"} <= words
    monster = parse_path(corpus_doc(MONSTER_TENDER_OFFER)).comments[0]
    assert set(tokens(monster.text)).isdisjoint({"http", "www", "sec", "gov", "websit"})


def test_the_china_based_comment_finds_the_other_china_based_comment_first(
    tmp_path: Path, corpus_doc: Callable[[str], Path]
) -> None:
    wanted = {LAS_VEGAS_SANDS_CHINA[0], MONSTER_TENDER_OFFER, APPLOVIN_CHINA[0]}
    files = [DOCS / Path(r["file"]).name for r in manifest_rows() if r["accession"] in wanted]
    store = open_store(str(tmp_path / "record.sqlite"))
    ingest_paths(store, files, manifest=MANIFEST, jobs=1)
    with store.session() as session:
        comment_id = session.execute(
            select(schema.Comment.id)
            .join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
            .where(
                schema.Letter.accession == LAS_VEGAS_SANDS_CHINA[0],
                schema.Comment.number == LAS_VEGAS_SANDS_CHINA[1],
            )
        ).scalar_one()
        found = find_precedents(session, comment_id, k=3)
    store.close()
    assert (found[0].comment.accession, found[0].comment.number) == APPLOVIN_CHINA

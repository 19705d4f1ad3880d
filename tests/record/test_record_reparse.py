"""Reparse: stored documents re-read by the current parser, updated in place so the ids of
letters, comments, responses and reviews survive a parser upgrade."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, update

from reviewdesk.letters import Comment, Letter, parse_bytes
from reviewdesk.pipeline import ingest_bytes, ingest_paths, reparse
from reviewdesk.record import Status, Store, schema
from reviewdesk.record.reading import classifier_version
from reviewdesk.record.reparse import reparse as reparse_stored
from reviewdesk.record.reparse import stale_count

FindDoc = Callable[[str], Path]
FICTIONAL_BAD = b"This fictional text is not a PDF, though its name says so.\n"


def ids(store: Store) -> dict[str, list[tuple[int, ...]]]:
    with store.session() as session:
        return {
            "letters": [
                (i,) for i in session.scalars(select(schema.Letter.id).order_by(schema.Letter.id))
            ],
            "comments": [
                (c.id, c.letter_id, c.position)
                for c in session.scalars(select(schema.Comment).order_by(schema.Comment.id))
            ],
            "responses": [
                (r.id, r.letter_id, r.position)
                for r in session.scalars(select(schema.Response).order_by(schema.Response.id))
            ],
            "reviews": [
                (i,) for i in session.scalars(select(schema.Review.id).order_by(schema.Review.id))
            ],
        }


def test_reparse_with_the_same_parser_changes_nothing_and_keeps_every_id(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    ingest_paths(store, thread_docs, manifest_path, jobs=1)
    before = ids(store)
    summary = reparse(store, jobs=1)  # the parser this process loaded, as ingest used
    assert (summary.letters, summary.changed, summary.errors, summary.failed) == (10, 0, 0, 0)
    assert ids(store) == before
    assert len(before["comments"]) == sum(
        len(parse_bytes(p.read_bytes(), str(p)).comments) for p in thread_docs
    )


def read_as_old_parser(data: bytes, source: str) -> Letter:
    """A fictional old parser's reading: four comments."""
    comments = [
        Comment(n, "Fictional caption", None, f"Fictional comment {n}.") for n in (1, 2, 3, 4)
    ]
    return Letter(source=source, role="staff", kind="comments", comments=comments)


def read_as_upgraded_parser(data: bytes, source: str) -> Letter:
    """A fictional upgraded parser: drops the first comment, rewrites the others, adds one."""
    old_reading = read_as_old_parser(data, source)
    return replace(
        old_reading,
        comments=[replace(c, text=c.text + " Reread.") for c in old_reading.comments[1:]]
        + [Comment(number=5, heading="Fictional", page="1", text="A fictional new comment.")],
    )


def read_as_fixed_parser(data: bytes, source: str) -> Letter:
    """A fictional parser that now reads the fictional bad PDF."""
    return Letter(source=source, role="staff", kind="other", date="2020-01-02")


def test_a_new_reading_updates_comments_in_place_matched_by_number(
    store: Store,
    corpus_doc: FindDoc,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = corpus_doc("0000000000-20-009552")
    # Fictional readings of a real letter, so the test does not hang on today's parser:
    # the "old parser" found four comments; the "upgraded" one drops the first, rewrites the
    # others' text, and finds one more at the end (module-level, so a reader process can run it).
    monkeypatch.setattr("reviewdesk.pipeline.run.read_bounded", read_as_old_parser)
    outcome = ingest_bytes(store, path.read_bytes(), source=str(path))
    with store.write() as session:
        rows = session.scalars(select(schema.Comment).order_by(schema.Comment.position)).all()
        old = {c.number: c.id for c in rows}
        rows[1].status = "answered"
    summary = reparse_stored(store, jobs=1, reader=read_as_upgraded_parser)  # not threading
    assert (summary.letters, summary.changed) == (1, 1)
    with store.session() as session:
        comments = session.get_one(schema.Letter, outcome.letter_id).comments
        assert [(c.position, c.number, c.text) for c in comments] == [
            (0, 2, "Fictional comment 2. Reread."),
            (1, 3, "Fictional comment 3. Reread."),
            (2, 4, "Fictional comment 4. Reread."),
            (3, 5, "A fictional new comment."),
        ]
        assert [c.id for c in comments[:3]] == [old[2], old[3], old[4]]
        assert comments[0].status == "answered"
        assert comments[3].id not in old.values()
        assert session.get(schema.Comment, old[1]) is None


def test_reparse_resolves_an_error_once_the_parser_reads_the_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = ingest_bytes(store, FICTIONAL_BAD, source="fictional.pdf")
    assert outcome.status is Status.stored_with_error
    monkeypatch.setattr("reviewdesk.pipeline.run.read", read_as_fixed_parser)
    summary = reparse(store, jobs=1)
    assert (summary.letters, summary.changed, summary.errors) == (1, 1, 0)
    with store.session() as session:
        letter = session.get_one(schema.Letter, outcome.letter_id)
        assert (letter.parse_error, letter.role, letter.kind) == (None, "staff", "other")
        error = session.scalars(select(schema.IngestError)).one()
        assert error.resolved_at is not None
        actions = [e.action for e in session.scalars(select(schema.AuditEntry))]
        assert actions == ["ingest", "thread", "reparse", "thread"]


def test_reparse_keeps_an_error_open_while_the_document_still_fails(store: Store) -> None:
    outcome = ingest_bytes(store, FICTIONAL_BAD, source="fictional.pdf")
    summary = reparse(store, jobs=1)
    assert (summary.letters, summary.changed, summary.errors) == (1, 0, 1)
    with store.session() as session:
        errors = session.scalars(select(schema.IngestError)).all()
        assert [(e.letter_id, e.resolved_at) for e in errors] == [(outcome.letter_id, None)]


def test_letters_labelled_by_an_older_classifier_are_stale_and_reparsed(
    store: Store, thread_docs: list[Path], manifest_path: Path
) -> None:
    """A new topic model (another CLASSIFIER_VERSION) leaves the parser version as it was, yet
    the machine labels it did not write are stale: `reparse --stale-only` reads those letters."""
    ingest_paths(store, thread_docs[:3], manifest_path, jobs=1)
    assert stale_count(store) == (3, 0)
    with store.write() as session:
        labelled = session.scalars(
            select(schema.Comment.letter_id).join(
                schema.Label, schema.Label.comment_id == schema.Comment.id
            )
        ).first()
        assert labelled is not None
        comment_ids = select(schema.Comment.id).where(schema.Comment.letter_id == labelled)
        session.execute(
            update(schema.Label)
            .where(schema.Label.comment_id.in_(comment_ids), schema.Label.source == "machine")
            .values(version="000000000000")
        )
    assert stale_count(store) == (3, 1)
    summary = reparse(store, jobs=1, stale_only=True)
    assert summary.letters == 1
    assert stale_count(store) == (3, 0)
    with store.session() as session:
        versions = set(
            session.scalars(
                select(schema.Label.version)
                .join(schema.Comment, schema.Comment.id == schema.Label.comment_id)
                .where(schema.Comment.letter_id == labelled)
            )
        )
    assert versions == {classifier_version().rpartition(" ")[2]}

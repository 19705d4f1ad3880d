"""What an engine index holds per item, the same for every table: its id (indexed and a fast
field: the newest window and id ranges), its words in one field `body` (English Snowball
stems with positions, for phrases) and its search keys (record/search_keys.py) as raw terms.
One index per table, as FTS5 keeps one per table, so bm25's statistics are each table's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tantivy

from reviewdesk.record.search_feed import TEXT_COLUMNS

TEXT_WEIGHTS = {"comments": (2, 1), "responses": (1,)}
"""Each table's text columns (record/search_feed.TEXT_COLUMNS, in that order) and their bm25
weights (FTS5's `2.0, 1.0`, backends.SOURCES). FTS5 weighs a column by multiplying the
frequency of a word in it, within one length normalisation over the whole row; tantivy
scores each field on its own, so the columns go into one field `body`, each as many times as
its weight (a heading's words count twice, as in FTS5), each a separate value (no phrase
spans two)."""

TABLES = tuple(TEXT_COLUMNS)

LONGEST_TOKEN = 40
"""Tokens longer than this are dropped (tantivy's `en_stem` does so on the indexed side)."""


def schema() -> Any:
    """The schema of one table's index."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True, fast=True)
    builder.add_text_field("body", tokenizer_name="en_stem", index_option="position")
    builder.add_text_field("keys", tokenizer_name="raw", index_option="basic")
    return builder.build()


def analyzer() -> Any:
    """The query side of tantivy's `en_stem` (simple tokenizer, long tokens dropped,
    lowercase, English Snowball stemmer), so query words meet the indexed terms."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def document(table: str, item_id: int, texts: Sequence[str | None], keys: Sequence[str]) -> Any:
    """The index document of an item of `table`: its text columns (in TEXT_COLUMNS order)
    weighted by repetition, its keys as lower-case terms (as FTS5 folds them)."""
    doc = tantivy.Document()
    doc.add_unsigned("id", int(item_id))
    for weight, value in zip(TEXT_WEIGHTS[table], texts, strict=True):
        if value:
            for _ in range(weight):
                doc.add_text("body", value)
    for key in keys:
        doc.add_text("keys", key.lower())
    return doc


def id_term(index: Any, item_id: int) -> Any:
    """The query of one item by id: what a replacement deletes (delete_documents_by_term on
    a u64 field deletes nothing in tantivy-py 0.27, a term query does)."""
    return tantivy.Query.term_query(index.schema, "id", int(item_id))

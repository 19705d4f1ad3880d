"""PostgreSQL: the change feed the engine indexes follow (services/search/engine_index). Each
index that follows the record is registered in `search_indexes`; row triggers on comments and
answers add one `search_changes` row per registered index for every item stored, deleted, or
changed in what the index holds (its text, its letter, its search keys, which the key triggers
of record/search_keys_pg.py keep current when a letter, filing or label changes). With no
index registered the triggers write nothing.

An index consumes its own rows by deleting them in the transaction it commits only after the
engine's commit, so a crash in between re-applies them (an item is re-read and replaced, which
is idempotent). A queue rather than a watermark over `seq`: sequence values commit out of
order, so a reader that remembered the highest one seen could skip a change committed later
with a lower one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

INDEXES = "search_indexes"
CHANGES = "search_changes"

TEXT_COLUMNS = {"comments": ("heading", "text"), "responses": ("response_text",)}
"""The item columns an engine index holds as words, by table."""

TRIGGER = "search_feed_row"


def _function(table: str) -> str:
    """The row trigger's function: one change per registered index for the item."""
    return (
        f"CREATE OR REPLACE FUNCTION reviewdesk_{table}_search_feed() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {CHANGES} (index_name, item_table, item_id) "
        f"SELECT name, TG_TABLE_NAME, CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END "
        f"FROM {INDEXES}; RETURN NULL; END $$"
    )


def _changed(table: str) -> str:
    """The WHEN of the update trigger: what the index holds differs. A WHEN, not `UPDATE OF
    columns`, since the key triggers change `search_keys` in a BEFORE trigger, which `OF`
    does not see."""
    columns = ("letter_id", "search_keys", *TEXT_COLUMNS[table])
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)


def create_statements() -> list[str]:
    """The feed's tables, functions and triggers (migration 0022)."""
    out = [
        f"CREATE TABLE {INDEXES} (name text PRIMARY KEY, "
        "created_at timestamptz NOT NULL DEFAULT now())",
        f"CREATE TABLE {CHANGES} (seq bigserial PRIMARY KEY, index_name text NOT NULL "
        f"REFERENCES {INDEXES} (name) ON DELETE CASCADE, item_table text NOT NULL, "
        "item_id bigint NOT NULL)",
        f"CREATE INDEX ix_{CHANGES}_index_seq ON {CHANGES} (index_name, seq)",
    ]
    for table in TEXT_COLUMNS:
        out += [
            _function(table),
            f"CREATE TRIGGER {TRIGGER}_write AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION reviewdesk_{table}_search_feed()",
            f"CREATE TRIGGER {TRIGGER}_change AFTER UPDATE ON {table} FOR EACH ROW "
            f"WHEN ({_changed(table)}) EXECUTE FUNCTION reviewdesk_{table}_search_feed()",
        ]
    return out


def drop_statements() -> list[str]:
    """Undo create_statements."""
    out = []
    for table in TEXT_COLUMNS:
        out += [
            f"DROP TRIGGER IF EXISTS {TRIGGER}_write ON {table}",
            f"DROP TRIGGER IF EXISTS {TRIGGER}_change ON {table}",
            f"DROP FUNCTION IF EXISTS reviewdesk_{table}_search_feed()",
        ]
    return [*out, f"DROP TABLE IF EXISTS {CHANGES}", f"DROP TABLE IF EXISTS {INDEXES}"]


def register(connection: Connection) -> str:
    """Register a new index under a random name (the caller commits) and return the name;
    from the commit on, every change to an item is in its feed."""
    name = "ix" + secrets.token_hex(8)
    connection.execute(text(f"INSERT INTO {INDEXES} (name) VALUES (:n)"), {"n": name})
    return name


def unregister(connection: Connection, name: str) -> None:
    """Stop feeding the index (its pending changes go with it)."""
    connection.execute(text(f"DELETE FROM {INDEXES} WHERE name = :n"), {"n": name})


@dataclass(frozen=True, slots=True)
class FeedState:
    """Whether an index follows the record, and whether it has changes to apply."""

    registered: bool
    pending: bool


def state(connection: Connection, name: str) -> FeedState:
    """The index's feed as of this statement's snapshot (two index probes): with nothing
    pending, every change committed before the snapshot is in the index."""
    found = connection.execute(
        text(
            f"SELECT EXISTS (SELECT 1 FROM {INDEXES} WHERE name = :n), "
            f"EXISTS (SELECT 1 FROM {CHANGES} WHERE index_name = :n)"
        ),
        {"n": name},
    ).one()
    return FeedState(bool(found[0]), bool(found[1]))


def backlog(connection: Connection, name: str) -> int:
    """How many changes the index has to apply."""
    found = connection.execute(
        text(f"SELECT count(*) FROM {CHANGES} WHERE index_name = :n"), {"n": name}
    )
    return int(found.scalar_one())


@dataclass(frozen=True, slots=True)
class Change:
    """An item to re-read and replace in the index (gone from the record: deleted)."""

    table: str
    item_id: int


def take(connection: Connection, name: str, limit: int) -> list[Change]:
    """The index's oldest `limit` changes, deleted in the caller's transaction (committed
    only once they are in the index), each item once. Rows another transaction is taking
    are skipped, so two takers never wait on each other's rows."""
    rows = connection.execute(
        text(
            f"DELETE FROM {CHANGES} WHERE seq IN (SELECT seq FROM {CHANGES} "
            "WHERE index_name = :n ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED) "
            "RETURNING item_table, item_id"
        ),
        {"n": name, "limit": limit},
    ).all()
    return sorted({Change(str(t), int(i)) for t, i in rows}, key=lambda c: (c.table, c.item_id))


ItemRow = tuple[int, list[str | None], list[str]]
"""An item as an index holds it: id, text columns (TEXT_COLUMNS order), search keys."""


def _columns(table: str) -> str:
    return ", ".join(TEXT_COLUMNS[table])


def _item(row: Any) -> ItemRow:
    return int(row[0]), list(row[1:-1]), list(row[-1] or [])


def items_after(connection: Connection, table: str, after: int, limit: int) -> list[ItemRow]:
    """The first `limit` items of `table` whose id is above `after`, in id order (a keyset
    step over the primary key: a whole table is read in bounded batches)."""
    rows = connection.execute(
        text(
            f"SELECT id, {_columns(table)}, search_keys FROM {table} WHERE id > :after "
            "ORDER BY id LIMIT :limit"
        ),
        {"after": after, "limit": limit},
    )
    return [_item(row) for row in rows]


def items_of(connection: Connection, table: str, ids: list[int]) -> dict[int, ItemRow]:
    """The items of `table` with these ids that exist, by id."""
    rows = connection.execute(
        text(f"SELECT id, {_columns(table)}, search_keys FROM {table} WHERE id = ANY(:ids)"),
        {"ids": ids},
    )
    return {item[0]: item for item in map(_item, rows)}


def await_writers(connection: Connection) -> None:
    """Wait for every transaction now writing comments or answers to end (a SHARE lock on
    both tables, released by the caller's commit at once). After register() commits, a
    transaction that was already writing may have stored items the feed missed; a build
    reads the record only once every such one has ended, so it reads them."""
    connection.execute(text(f"LOCK TABLE {', '.join(TEXT_COLUMNS)} IN SHARE MODE"))

"""The record's full-text index over comments and responses, its one definition: SQLite FTS5
tables over the comments and responses themselves (external content) kept current by
triggers, PostgreSQL stored tsvector columns with GIN indexes; so every ingest, reparse or
delete updates the index in its own transaction. On SQLite the index also holds each item's
filter keys (record/search_keys.py), which triggers keep current on every write that changes
one. Migration 0014 creates the SQLite index from here (0002 made the words-only one); on
PostgreSQL the keys are a column of each item in its GIN index (record/search_keys_pg.py,
migration 0015). Since migration 0018 each SQLite table also has a second FTS5 index of only
its newest items (the recent index, `RECENT_SPAN`), searched first because bm25 reads each
phrase's whole doclist before its first row; since migration 0021 a third, the middle index
(`MIDDLE_SPAN`), sought next when the recent one holds too few matches. These functions
check the index, repair it, rebuild it and advance the tiers."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import Connection, text

from reviewdesk.record import search_keys
from reviewdesk.record.dialects import extension_installed, install_extension
from reviewdesk.record.store import Store

TOKENIZE = "porter unicode61 remove_diacritics 2"

SQLITE_TABLES = {
    "comments_fts": ("comments", ("heading", "text")),
    "responses_fts": ("responses", ("response_text",)),
}
"""FTS5 table -> (content table, indexed text columns); each also indexes a `keys` column
(record/search_keys.py) read from the table's `{table}_search_keys`, through the view
`{table}_search` that is the FTS5 table's external content."""

RECENT = "search_recent"
"""SQLite: per content table, the boundary of its recent index: the index holds exactly the
table's items with an id above it (the triggers add and remove only those)."""

MIDDLE = "search_middle"
"""SQLite: per content table, the boundary of its middle index, as `RECENT` is the recent
index's; NULL while the middle index is dormant (it then holds no item)."""

RECENT_SPAN = 400_000
"""When a table's ids above the boundary span more than this, the boundary moves up to leave
the newest half and the recent index is rebuilt from them (`advance_recent`), so it holds
between RECENT_SPAN / 2 and RECENT_SPAN items and its bm25 pass costs what the whole index's
did at that size."""

MIDDLE_SPAN = 1_500_000
"""The middle index's span, as RECENT_SPAN is the recent one's: it holds between 750,000 and
1.5 million items once its table's ids outgrow the span (before that it holds nothing: the
whole index is at most twice what it would hold), so a window the recent index leaves short
is sought among the newest 750,000 or more items before bm25 reads the whole index. The
sizes grow about fourfold from tier to tier at 5 million items (200,000 to 400,000 recent,
750,000 to 1.5 million middle, 2.8 million comments in all)."""


@dataclass(frozen=True, slots=True)
class Tier:
    """A tier of the SQLite search index: per content table, an FTS5 index of only the items
    with an id above the table's boundary (kept in `boundaries`), over the view
    `{table}_{name}_search` of them as external content, with the whole index's columns,
    tokenizer and keys. A `dormant` tier holds no item (a NULL boundary) until its table's
    ids outgrow its span; the other holds every item (boundary 0) until then."""

    name: str
    boundaries: str
    dormant: bool

    def index(self, fts: str) -> str:
        """The tier's FTS5 index over the content of the whole index `fts`."""
        return f"{SQLITE_TABLES[fts][0]}_{self.name}_fts"

    @property
    def span(self) -> int:
        """The ids above the boundary past which it moves up (RECENT_SPAN or MIDDLE_SPAN, read
        when asked)."""
        return RECENT_SPAN if self.boundaries == RECENT else MIDDLE_SPAN


RECENT_TIER = Tier("recent", RECENT, dormant=False)
MIDDLE_TIER = Tier("middle", MIDDLE, dormant=True)
TIERS = (RECENT_TIER, MIDDLE_TIER)
"""The tiers, smallest first: search asks them in this order before the whole index."""

RECENT_INDEXES = {fts: RECENT_TIER.index(fts) for fts in SQLITE_TABLES}
"""FTS5 table -> its recent index."""

MIDDLE_INDEXES = {fts: MIDDLE_TIER.index(fts) for fts in SQLITE_TABLES}
"""FTS5 table -> its middle index."""

PG_VECTORS = {
    "comments": "coalesce(heading, '') || ' ' || coalesce(text, '')",
    "responses": "coalesce(response_text, '')",
}
"""Table -> the text its search_vector is made of."""

TRIGGER_SUFFIXES = ("ai", "ad", "au")

KEY_TRIGGERS = (
    "search_keys_comments_letter",
    "search_keys_responses_link",
    "search_keys_labels_ai",
    "search_keys_labels_ad",
    "search_keys_labels_au",
    "search_keys_letters_ai",
    "search_keys_letters_au",
    "search_keys_filings_ai",
    "search_keys_filings_ad",
    "search_keys_filings_au",
    "comments_search_keys_au",
    "responses_search_keys_au",
)
"""The SQLite triggers that keep the filter keys current (besides each FTS table's own)."""

OFFICES = "search_offices"
"""SQLite: every staff office letters have named (kept by trigger), so the office filter's
text (matched inside the name, as the filter does) can be turned into office keys without
reading the letters."""

_LABEL_PREFIX = (
    "CASE lb.facet "
    + " ".join(f"WHEN '{facet}' THEN '{p}'" for facet, p in search_keys.LABEL_PREFIXES.items())
    + " END"
)
_LABEL_FACETS = ", ".join(f"'{facet}'" for facet in search_keys.LABEL_PREFIXES)


def _label_keys(condition: str) -> str:
    return (
        f"coalesce((SELECT group_concat({_LABEL_PREFIX} || hex(lb.code) || '{search_keys.END}', "
        f"' ') FROM labels lb WHERE {condition} AND lb.effective), '')"
    )


def keys_sql(table: str, item: str) -> str:
    """SQLite: the keys of item `item` (an id expression) of `table`, as one space-separated
    string (record/search_keys.py); a response's topics are those of the comment it answers
    when linked, else its own, as the topic filter reads them."""
    letter = (
        f"coalesce('{search_keys.COMPANY}' || l.company_id, '') || ' ' || "
        f"coalesce('{search_keys.YEAR}' || substr(coalesce(l.date, l.filing_date), 1, 4), '') "
        f"|| ' ' || coalesce('{search_keys.OFFICE}' || hex(l.office) || '{search_keys.END}', '')"
        f" || ' ' || coalesce((SELECT group_concat('{search_keys.FORM}' || hex(lf.form) || "
        f"'{search_keys.END}', ' ') FROM letter_filings lf WHERE lf.letter_id = l.id "
        "AND lf.form IS NOT NULL), '')"
    )
    if table == "comments":
        labels = _label_keys(f"lb.comment_id = x.id AND lb.facet IN ({_LABEL_FACETS})")
    else:
        labels = (
            _label_keys("lb.comment_id = x.comment_id AND lb.facet = 'topic'")
            + " || ' ' || "
            + _label_keys(
                f"lb.response_id = x.id AND lb.facet IN ({_LABEL_FACETS}) "
                "AND (lb.facet <> 'topic' OR x.comment_id IS NULL)"
            )
        )
    return (
        f"(SELECT trim({letter} || ' ' || {labels}) FROM {table} x "
        f"JOIN letters l ON l.id = x.letter_id WHERE x.id = {item})"
    )


def _refresh(table: str, where: str) -> str:
    """Recompute the stored keys of the items of `table` that `where` selects (on `x`)."""
    keys = f"{table}_search_keys"
    return (
        f"UPDATE {keys} SET keys = coalesce({keys_sql(table, f'{keys}.id')}, '') "
        f"WHERE id IN (SELECT x.id FROM {table} x WHERE {where});"
    )


def _label_refresh(row: str) -> str:
    """Refresh the items a label row (`new` or `old`) gives keys to."""
    return (
        _refresh("comments", f"x.id = {row}.comment_id")
        + _refresh("responses", f"x.id = {row}.response_id")
        + _refresh("responses", f"x.comment_id = {row}.comment_id")
    )


def _letter_refresh(letter: str) -> str:
    return _refresh("comments", f"x.letter_id = {letter}") + _refresh(
        "responses", f"x.letter_id = {letter}"
    )


def tier_bound(table: str, item: str, boundaries: str) -> str:
    """SQLite: the condition that item id `item` of `table` is in its tier whose boundaries
    are in `boundaries` (never met while the tier is dormant)."""
    return f"{item} > (SELECT boundary FROM {boundaries} WHERE content = '{table}')"


Bounded = tuple[str, str] | None
"""The content table and boundary table of a tier's index (None: the whole index)."""


def _indexes(fts: str, tiers: tuple[Tier, ...]) -> list[tuple[str, Bounded]]:
    """The FTS5 indexes of a table that triggers keep current, each with what bounds the ids
    it holds (None: every id)."""
    table = SQLITE_TABLES[fts][0]
    return [(fts, None), *((t.index(fts), (table, t.boundaries)) for t in tiers)]


@dataclass(frozen=True, slots=True)
class _Rows:
    """Rows a trigger writes to an FTS5 index: the selected values (rowid and columns), where
    they come from (a FROM clause or nothing), on what condition, and whether they are
    'delete' rows (which remove what the values index)."""

    values: str
    source: str = ""
    condition: str = ""
    delete: bool = False


def _write(index: str, names: str, rows: _Rows, bounded: Bounded, item: str) -> str:
    """The statement adding `rows` to `index`, only for items above the boundary when
    `bounded` names the content and boundary tables (a tier); `item` is the rows' id."""
    bound = [tier_bound(bounded[0], item, bounded[1])] if bounded else []
    conditions = [c for c in (rows.condition, *bound) if c]
    target = f"{index}({index}, rowid, {names})" if rows.delete else f"{index}(rowid, {names})"
    values = f"'delete', {rows.values}" if rows.delete else rows.values
    source = f" {rows.source}" if rows.source else ""
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"INSERT INTO {target} SELECT {values}{source}{where}; "


def sqlite_statements(tiers: tuple[Tier, ...] = TIERS) -> list[str]:
    """The key tables, views, FTS5 tables (with the indexes of `tiers` and their boundaries:
    none before migration 0018, the recent one before 0021) and triggers, in creation order;
    also used to repair them."""
    out: list[str] = [f"CREATE TABLE IF NOT EXISTS {OFFICES} (office TEXT PRIMARY KEY)"]
    for tier in tiers:
        required = "" if tier.dormant else " NOT NULL"
        out.append(
            f"CREATE TABLE IF NOT EXISTS {tier.boundaries} "
            f"(content TEXT PRIMARY KEY, boundary INTEGER{required})"
        )
    for fts, (table, columns) in SQLITE_TABLES.items():
        keys = f"{table}_search_keys"
        names = ", ".join((*columns, "keys"))
        plain = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        current = ", ".join(f"x.{c}" for c in columns)
        stored = f"(SELECT keys FROM {keys} WHERE id = {{}}.id)"
        indexes = _indexes(fts, tiers)
        out.append(
            f"CREATE TABLE IF NOT EXISTS {keys} (id INTEGER PRIMARY KEY, keys TEXT NOT NULL)"
        )
        out.append(
            f"CREATE VIEW IF NOT EXISTS {table}_search AS SELECT x.id, {current}, k.keys "
            f"FROM {table} x LEFT JOIN {keys} k ON k.id = x.id"
        )
        out.append(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, "
            f"content='{table}_search', content_rowid='id', tokenize='{TOKENIZE}')"
        )
        for tier in tiers:
            start = "NULL" if tier.dormant else "0"
            out.append(
                f"INSERT OR IGNORE INTO {tier.boundaries}(content, boundary) "
                f"VALUES ('{table}', {start})"
            )
            out.append(
                f"CREATE VIEW IF NOT EXISTS {table}_{tier.name}_search AS SELECT * "
                f"FROM {table}_search WHERE {tier_bound(table, 'id', tier.boundaries)}"
            )
            out.append(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {tier.index(fts)} USING fts5({names}, "
                f"content='{table}_{tier.name}_search', content_rowid='id', "
                f"tokenize='{TOKENIZE}')"
            )
        added = _Rows(f"new.id, {new}, {stored.format('new')}")
        removed = _Rows(f"old.id, {old}, {stored.format('old')}", delete=True)
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT OR REPLACE INTO {keys}(id, keys) "
            f"VALUES (new.id, coalesce({keys_sql(table, 'new.id')}, '')); "
            + "".join(_write(i, names, added, b, "new.id") for i, b in indexes)
            + "END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
            + "".join(_write(i, names, removed, b, "old.id") for i, b in indexes)
            + f"DELETE FROM {keys} WHERE id = old.id; END"
        )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {plain} ON {table} BEGIN "
            + "".join(
                _write(i, names, removed, b, "old.id") + _write(i, names, added, b, "new.id")
                for i, b in indexes
            )
            + "END"
        )
        item = f"FROM {table} x"
        unkeyed = _Rows(f"x.id, {current}, old.keys", item, "x.id = old.id", delete=True)
        rekeyed = _Rows(f"x.id, {current}, new.keys", item, "x.id = new.id")
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS {keys}_au AFTER UPDATE OF keys ON {keys} "
            "WHEN old.keys IS NOT new.keys BEGIN "
            + "".join(
                _write(i, names, unkeyed, b, "x.id") + _write(i, names, rekeyed, b, "x.id")
                for i, b in indexes
            )
            + "END"
        )
    facets = f"IN ({_LABEL_FACETS})"
    out += [
        "CREATE TRIGGER IF NOT EXISTS search_keys_comments_letter AFTER UPDATE OF letter_id "
        f"ON comments BEGIN {_refresh('comments', 'x.id = new.id')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_responses_link AFTER UPDATE OF letter_id, "
        f"comment_id ON responses BEGIN {_refresh('responses', 'x.id = new.id')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_labels_ai AFTER INSERT ON labels "
        f"WHEN new.facet {facets} BEGIN {_label_refresh('new')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_labels_ad AFTER DELETE ON labels "
        f"WHEN old.facet {facets} BEGIN {_label_refresh('old')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_labels_au AFTER UPDATE ON labels "
        f"WHEN old.facet {facets} OR new.facet {facets} "
        f"BEGIN {_label_refresh('old')} {_label_refresh('new')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_letters_ai AFTER INSERT ON letters "
        f"WHEN new.office IS NOT NULL BEGIN "
        f"INSERT OR IGNORE INTO {OFFICES}(office) VALUES (new.office); END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_letters_au AFTER UPDATE OF company_id, date, "
        f"filing_date, office ON letters BEGIN INSERT OR IGNORE INTO {OFFICES}(office) "
        f"SELECT new.office WHERE new.office IS NOT NULL; {_letter_refresh('new.id')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_filings_ai AFTER INSERT ON letter_filings "
        f"BEGIN {_letter_refresh('new.letter_id')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_filings_ad AFTER DELETE ON letter_filings "
        f"BEGIN {_letter_refresh('old.letter_id')} END",
        "CREATE TRIGGER IF NOT EXISTS search_keys_filings_au AFTER UPDATE OF letter_id, form "
        f"ON letter_filings BEGIN {_letter_refresh('old.letter_id')} "
        f"{_letter_refresh('new.letter_id')} END",
    ]
    return out


def fill_sqlite_keys(connection: Connection) -> None:
    """Compute every item's keys and the office list from what is stored (after a bulk load
    that bypassed the triggers, or when the keys are first added)."""
    connection.exec_driver_sql(
        f"INSERT OR IGNORE INTO {OFFICES}(office) "
        "SELECT DISTINCT office FROM letters WHERE office IS NOT NULL"
    )
    for table, _columns in SQLITE_TABLES.values():
        keys = f"{table}_search_keys"
        connection.exec_driver_sql(f"DELETE FROM {keys}")
        connection.exec_driver_sql(
            f"INSERT INTO {keys}(id, keys) SELECT c.id, coalesce({keys_sql(table, 'c.id')}, '') "
            f"FROM {table} c"
        )


RECENCY_KEY = "(- id)"
"""The recency key of migration 0013's search index: the negated id, so that `-id <= -N`
(the items from id N on) is a condition only this index can serve. Search probes the newest
ids first (services/search/backends.newest_window); with both keys in one GIN index a probe
reads the word's postings only within the range (GIN skips through posting trees to the ids
the range holds) and visits only the range's matches. A condition on the plain id would let
the planner walk the primary key instead, decompressing every row's vector in the range."""

RECENCY_BLOCK = 1024
"""Since migration 0015 the recency key is the negated block of RECENCY_BLOCK ids: a bound
on a range then reads one index key per block instead of one per id (a wide range of
580,000 ids read 580,000 keys; now 567), each with its ids as one compressed posting list."""

BLOCK_KEY = f"(- (id / {RECENCY_BLOCK}))"

KEYS = "search_keys"
"""The items' search keys (record/search_keys.py, kept by record/search_keys_pg.py), the
search index's second column since migration 0015, so filters narrow inside the index."""


def postgresql_statements() -> list[str]:
    """The generated tsvector columns and their GIN indexes (migration 0013 adds the recency
    key where btree_gin can be installed, 0015 the search keys)."""
    out: list[str] = []
    for table, source in PG_VECTORS.items():
        out.append(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english', {source})) STORED"
        )
        out.append(search_index_statement(table, recency=False))
    return out


def search_index_statement(table: str, recency: bool, keys: bool = False) -> str:
    """The GIN index over a table's search_vector: with `keys`, the search keys and (with
    `recency`) the block recency key, as migration 0015 makes it; without, migration 0013's
    index with the per-id recency key or none."""
    if keys:
        columns = f"search_vector, {KEYS}" + (f", {BLOCK_KEY}" if recency else "")
    else:
        columns = f"search_vector, {RECENCY_KEY}" if recency else "search_vector"
    return f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin ({columns})"


def btree_gin_installed(connection: Connection) -> bool:
    """Whether the database has btree_gin (so the search index can carry the recency key)."""
    return extension_installed(connection, "btree_gin")


def install_btree_gin(connection: Connection) -> bool:
    """Install btree_gin if the server ships it and the role may (it is a trusted extension:
    CREATE on the database suffices); False, leaving the transaction usable, otherwise."""
    return install_extension(connection, "btree_gin")


@dataclass(frozen=True, slots=True)
class IndexShape:
    """What a table's search index carries: the ids per recency key (1: the id itself,
    RECENCY_BLOCK: a block; None: no recency key) and whether it holds the search keys."""

    block: int | None
    keys: bool


def index_shape(connection: Connection, table: str) -> IndexShape:
    """The shape of `table`'s search index, read from its definition."""
    definition = connection.execute(
        text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = :name "
            "AND schemaname = current_schema()"
        ),
        {"name": f"ix_{table}_search_vector"},
    ).scalar()
    found = str(definition or "")
    block = RECENCY_BLOCK if f"(id / {RECENCY_BLOCK})" in found else None
    if block is None and RECENCY_KEY in found:
        block = 1
    return IndexShape(block, KEYS in found)


def recency_indexed(connection: Connection, table: str) -> bool:
    """Whether the search index of `table` carries a recency key."""
    return index_shape(connection, table).block is not None


def index_ready(store: Store) -> bool:
    """Whether the full-text index (tables, triggers or columns) is in place."""
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":
            names = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
                ).scalars()
            )
            tiers = {t.index(fts) for t in TIERS for fts in SQLITE_TABLES}
            wanted = {*SQLITE_TABLES, *tiers, *(t.boundaries for t in TIERS), *KEY_TRIGGERS} | {
                f"{t}_{s}" for t in SQLITE_TABLES for s in TRIGGER_SUFFIXES
            }
            if not wanted <= names:
                return False
            return all(
                connection.exec_driver_sql(f"SELECT count(*) FROM {t.boundaries}").scalar()
                == len(SQLITE_TABLES)
                for t in TIERS
            )
        columns = connection.execute(
            text(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = "
                "'search_vector' AND table_name IN ('comments', 'responses') "
                "AND table_schema = current_schema()"
            )
        ).scalar()
        return columns == len(PG_VECTORS)


def rebuild_index(store: Store) -> None:
    """Re-create any missing part of the index and rebuild it from the stored comments and
    responses (after bulk loads that bypassed it, or a schema change that dropped it)."""
    with store.engine.begin() as connection:
        if store.dialect == "sqlite":
            for statement in sqlite_statements():
                connection.exec_driver_sql(statement)
            fill_sqlite_keys(connection)
            for fts in SQLITE_TABLES:
                connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            advance_tiers(connection, rebuild=True)
            return
        for table in PG_VECTORS:
            connection.exec_driver_sql(f"REINDEX INDEX ix_{table}_search_vector")


def drop_sqlite_triggers(store: Store) -> None:
    """Stop SQLite keeping the index and its keys current (for a bulk load followed by
    `rebuild_index`)."""
    with store.engine.begin() as connection:
        for fts in SQLITE_TABLES:
            for suffix in TRIGGER_SUFFIXES:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        for trigger in KEY_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")


log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TierAdvance:
    """A tier's index rebuilt: which, its boundary before (None: dormant) and after, the
    items it holds now and the seconds the rebuild took."""

    index: str
    before: int | None
    boundary: int
    items: int
    seconds: float

    def report(self) -> str:
        """One line for a log or a terminal."""
        before = "dormant" if self.before is None else f"{self.before:,}"
        return (
            f"{self.index}: boundary {before} -> {self.boundary:,}, "
            f"{self.items:,} items indexed in {self.seconds:.1f} s"
        )


def tier_boundary(connection: Connection, table: str, tier: Tier) -> int | None:
    """SQLite: the boundary of `table`'s index in `tier` (None when the record has none, or
    the tier is dormant)."""
    found = connection.exec_driver_sql(
        f"SELECT boundary FROM {tier.boundaries} WHERE content = ?", (table,)
    ).scalar()
    return None if found is None else int(found)


def tier_boundaries(connection: Connection, table: str) -> list[tuple[Tier, int]]:
    """SQLite: the tiers of `table` that hold items, smallest first, each with its boundary,
    read in one statement (a search asks it for each table)."""
    found = connection.exec_driver_sql(
        "SELECT "
        + ", ".join(f"(SELECT boundary FROM {t.boundaries} WHERE content = ?)" for t in TIERS),
        tuple(table for _ in TIERS),
    ).one()
    return [(t, int(b)) for t, b in zip(TIERS, found, strict=True) if b is not None]


def advance_tier(
    connection: Connection, tier: Tier, span: int | None = None, *, rebuild: bool = False
) -> list[TierAdvance]:
    """SQLite: for each table whose ids above its boundary in `tier` span more than `span`
    (default the tier's), move the boundary up to leave the newest `span // 2` ids and rebuild
    the tier's index from the items above it (every index of the tier with `rebuild`: after a
    bulk load or a repair). A dormant tier wakes when its table's ids outgrow the span. Each
    rebuild reads only the items it keeps; each is logged. (FTS5 `optimize` after it, merging
    the 10 to 16 segments a rebuild leaves into one, changed no search by more than the
    machine's noise at a million items, and took 4 to 9 s an index.)"""
    span = span or tier.span
    done = []
    for fts in SQLITE_TABLES:
        index = tier.index(fts)
        table = SQLITE_TABLES[fts][0]
        before = tier_boundary(connection, table, tier)
        top = int(
            connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
        )
        held = before if before is not None or tier.dormant else 0
        boundary = top - span // 2 if top - (held or 0) > span else held
        if boundary is None or (boundary == held and not rebuild):
            continue
        began = time.perf_counter()
        log.info("%s: indexing the ids above %s (ids up to %s)", index, f"{boundary:,}", f"{top:,}")
        connection.exec_driver_sql(
            f"INSERT INTO {tier.boundaries}(content, boundary) VALUES (?, ?) "
            "ON CONFLICT(content) DO UPDATE SET boundary = excluded.boundary",
            (table, boundary),
        )
        connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
        items = int(
            connection.exec_driver_sql(f"SELECT count(*) FROM {index}_docsize").scalar_one()
        )
        advance = TierAdvance(index, before, boundary, items, time.perf_counter() - began)
        log.info("%s", advance.report())
        done.append(advance)
    return done


def advance_recent(
    connection: Connection, span: int | None = None, *, rebuild: bool = False
) -> list[TierAdvance]:
    """SQLite: advance the recent index (`advance_tier`), with `span` instead of RECENT_SPAN
    when given."""
    return advance_tier(connection, RECENT_TIER, span, rebuild=rebuild)


def advance_tiers(connection: Connection, *, rebuild: bool = False) -> list[TierAdvance]:
    """SQLite: advance every tier (`advance_tier`), smallest first: what ingest's index stage,
    `rebuild_index` and the migrations run."""
    return [a for tier in TIERS for a in advance_tier(connection, tier, rebuild=rebuild)]

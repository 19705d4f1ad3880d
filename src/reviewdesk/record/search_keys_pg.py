"""PostgreSQL keeps each comment's and answer's search keys (record/search_keys.py) in a
`search_keys` text array, one of the columns of the search index, so a filter narrows the
word's posting lists inside the GIN index. The database keeps the keys right whoever writes:
a row trigger sets an item's keys when it is stored (or moved to another letter, or an answer
linked to another comment), and statement triggers recompute the keys of the items whose
letter, filings or labels a statement changed (ingest, reparse, threading, a label
correction), each from one SQL definition of the keys (`item_keys`), which also fills an
existing record (migration 0015, benchmarks/scale.py). The group writer of new letters
stores a new item's labels before the item (`draw_item_ids`), so an ingested item is written
once, with all its keys; a refresh reads only the items it names, by their indexes."""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from reviewdesk.record import search_keys

COLUMN = "search_keys"

TABLES = ("comments", "responses")

LABEL_FOREIGN_KEYS = ("fk_labels_comment_id_comments", "fk_labels_response_id_responses")
"""The labels' references to their items, deferrable (migration 0020) so that a new item's
labels can be stored before it."""

FILL_STEP = 100_000
"""Ids filled per statement when keys are computed for a whole table."""


def _quoted(prefix: str) -> str:
    return f"'{prefix}'"


def _valued(prefix: str, value: str) -> str:
    """search_keys.valued_key in SQL (`prefix` an SQL expression): the value's UTF-8 bytes
    in lower-case hex, as Python's bytes.hex() spells them."""
    return f"{prefix} || encode(convert_to({value}, 'UTF8'), 'hex') || '{search_keys.END}'"


def letter_keys(letter: str) -> str:
    """The keys an item takes from its letter (alias `letter`) and the letter's filings."""
    year = f"extract(year FROM coalesce({letter}.date, {letter}.filing_date))::int"
    return (
        "array_remove(ARRAY["
        f"'{search_keys.COMPANY}' || {letter}.company_id, "
        f"'{search_keys.YEAR}' || {year}, "
        f"{_valued(_quoted(search_keys.OFFICE), letter + '.office')}], NULL) || "
        f"ARRAY(SELECT DISTINCT {_valued(_quoted(search_keys.FORM), 'lf.form')} "
        "FROM letter_filings lf "
        f"WHERE lf.letter_id = {letter}.id AND lf.form IS NOT NULL ORDER BY 1)"
    )


_FACETS = ", ".join(f"'{facet}'" for facet in search_keys.LABEL_PREFIXES)


def _prefix(facets: tuple[str, ...]) -> str:
    """The key prefix of a label (alias `lb`) of one of `facets`, else NULL."""
    whens = " ".join(f"WHEN '{f}' THEN '{search_keys.LABEL_PREFIXES[f]}'" for f in facets)
    return f"CASE lb.facet {whens} END"


def _labels(where: str, facets: tuple[str, ...] = tuple(search_keys.LABEL_PREFIXES)) -> str:
    """The keys of the effective labels of `facets` that meet `where`. The facet is told
    apart by the key's prefix, not by a condition on labels.facet, so the labels are read
    by item alone: the planner would otherwise AND the item's few labels with the index of
    every label of those facets (ix_labels_facet_code), which grows with the record."""
    prefix = _prefix(facets)
    return (
        f"ARRAY(SELECT DISTINCT {_valued(prefix, 'lb.code')} "
        f"FROM labels lb WHERE {where} AND lb.effective AND ({prefix}) IS NOT NULL ORDER BY 1)"
    )


def label_keys(table: str, item: str) -> str:
    """The keys an item (alias `item` of `table`) takes from effective labels: an answer's
    topics are those of the comment it answers when linked, else its own."""
    if table == "comments":
        return _labels(f"lb.comment_id = {item}.id")
    return (
        _labels(f"lb.comment_id = {item}.comment_id", ("topic",))
        + " || "
        + _labels(
            f"lb.response_id = {item}.id AND (lb.facet <> 'topic' OR {item}.comment_id IS NULL)"
        )
    )


def item_keys(table: str, item: str, letter: str) -> str:
    """Every key of an item (alias `item` of `table`) whose letter is joined as `letter`."""
    return f"{letter_keys(letter)} || {label_keys(table, item)}"


def _refresh_function() -> str:
    """reviewdesk_refresh_search_keys(letters, comments, answers): recompute the keys of the
    items of those letters, of those comments and the answers linked to them, and of those
    answers; rows whose keys are unchanged are not written. The items are found first by
    their indexes and then keyed by id, each reading its letter by key, so a refresh costs
    the items it names whatever the size of the record (one statement joining the tables
    read every comment and letter), a call naming nothing reads nothing, and one naming only
    items not stored yet (the labels and filings of a group's new letters, stored before their
    items) updates nothing."""
    found = {
        "comments": "ARRAY(SELECT id FROM comments WHERE letter_id = ANY(letter_ids)) "
        "|| comment_ids",
        "responses": "ARRAY(SELECT id FROM responses WHERE letter_id = ANY(letter_ids) "
        "OR comment_id = ANY(comment_ids)) || response_ids",
    }
    named = {
        "comments": "cardinality(letter_ids) + cardinality(comment_ids) > 0",
        "responses": "cardinality(letter_ids) + cardinality(comment_ids) "
        "+ cardinality(response_ids) > 0",
    }
    steps = []
    for table, alias in (("comments", "c"), ("responses", "r")):
        steps.append(
            f"IF {named[table]} THEN items := ARRAY(SELECT id FROM {table} "
            f"WHERE id = ANY({found[table]})); IF cardinality(items) > 0 THEN "
            f"WITH k AS MATERIALIZED (SELECT x.id, (SELECT {item_keys(table, 'x', 'l')} "
            f"FROM letters l WHERE l.id = x.letter_id) AS keys FROM {table} x "
            f"WHERE x.id = ANY(items)) UPDATE {table} {alias} SET {COLUMN} = k.keys FROM k "
            f"WHERE {alias}.id = k.id AND {alias}.{COLUMN} IS DISTINCT FROM k.keys; "
            "END IF; END IF;"
        )
    return (
        "CREATE OR REPLACE FUNCTION reviewdesk_refresh_search_keys("
        "letter_ids int[], comment_ids int[], response_ids int[]) RETURNS void "
        "LANGUAGE plpgsql AS $$ DECLARE items int[]; BEGIN " + " ".join(steps) + " END $$"
    )


def _row_function(table: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION reviewdesk_{table}_search_keys() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"NEW.{COLUMN} := (SELECT {item_keys(table, 'NEW', 'l')} FROM letters l "
        "WHERE l.id = NEW.letter_id); RETURN NEW; END $$"
    )


def _statement_function(name: str, refresh: str) -> str:
    """A statement trigger's function calling the refresh with arrays read from the changed
    rows (`changed`: inserted or old rows; `changed_new`: the new rows of an update)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'UPDATE' THEN {refresh.format(rows='changed_new')} END IF; "
        f"{refresh.format(rows='changed')} RETURN NULL; END $$"
    )


NONE = "ARRAY[]::int[]"

_LABELS_REFRESH = (
    f"PERFORM reviewdesk_refresh_search_keys({NONE}, "
    f"ARRAY(SELECT comment_id FROM {{rows}} WHERE comment_id IS NOT NULL AND facet IN ({_FACETS})), "
    f"ARRAY(SELECT response_id FROM {{rows}} WHERE response_id IS NOT NULL AND facet IN ({_FACETS})));"
)

_FILINGS_REFRESH = (
    "PERFORM reviewdesk_refresh_search_keys(ARRAY(SELECT letter_id FROM {rows}), "
    f"{NONE}, {NONE});"
)

_LETTER_COLUMNS = "company_id, date, filing_date, office"

_LETTERS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION reviewdesk_letters_search_keys() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN PERFORM reviewdesk_refresh_search_keys(ARRAY("
    "SELECT n.id FROM changed_new n JOIN changed o ON o.id = n.id WHERE "
    f"({', '.join('n.' + c for c in _LETTER_COLUMNS.split(', '))}) IS DISTINCT FROM "
    f"({', '.join('o.' + c for c in _LETTER_COLUMNS.split(', '))})), {NONE}, {NONE}); "
    "RETURN NULL; END $$"
)


def _statement_triggers(table: str, function: str, events: tuple[str, ...]) -> list[str]:
    out = []
    for event in events:
        referencing = {
            "INSERT": "NEW TABLE AS changed",
            "DELETE": "OLD TABLE AS changed",
            "UPDATE": "OLD TABLE AS changed NEW TABLE AS changed_new",
        }[event]
        out.append(
            f"CREATE TRIGGER search_keys_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    return out


TRIGGERS = {
    "comments": ["search_keys_row"],
    "responses": ["search_keys_row"],
    "labels": ["search_keys_insert", "search_keys_update", "search_keys_delete"],
    "letter_filings": ["search_keys_insert", "search_keys_update", "search_keys_delete"],
    "letters": ["search_keys_update"],
}
"""Table -> the triggers keeping keys right."""

FUNCTIONS = [
    "reviewdesk_comments_search_keys",
    "reviewdesk_responses_search_keys",
    "reviewdesk_labels_search_keys",
    "reviewdesk_letter_filings_search_keys",
    "reviewdesk_letters_search_keys",
    "reviewdesk_refresh_search_keys(int[], int[], int[])",
]


def trigger_statements() -> list[str]:
    """The functions and triggers that keep every item's keys right."""
    out = [_refresh_function()]
    for table, moved in (("comments", "letter_id"), ("responses", "letter_id, comment_id")):
        out.append(_row_function(table))
        out.append(
            f"CREATE TRIGGER search_keys_row BEFORE INSERT OR UPDATE OF {moved} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION reviewdesk_{table}_search_keys()"
        )
    every = ("INSERT", "UPDATE", "DELETE")
    out.append(_statement_function("reviewdesk_labels_search_keys", _LABELS_REFRESH))
    out += _statement_triggers("labels", "reviewdesk_labels_search_keys", every)
    out.append(_statement_function("reviewdesk_letter_filings_search_keys", _FILINGS_REFRESH))
    out += _statement_triggers("letter_filings", "reviewdesk_letter_filings_search_keys", every)
    out.append(_LETTERS_FUNCTION)
    out += _statement_triggers("letters", "reviewdesk_letters_search_keys", ("UPDATE",))
    return out


def function_statements() -> list[str]:
    """The functions alone (CREATE OR REPLACE), for a migration that changes them."""
    return [s for s in trigger_statements() if s.startswith("CREATE OR REPLACE FUNCTION")]


def drop_statements() -> list[str]:
    """Drop the triggers and their functions (the downgrade)."""
    out = [f"DROP TRIGGER IF EXISTS {t} ON {table}" for table, ts in TRIGGERS.items() for t in ts]
    return out + [f"DROP FUNCTION IF EXISTS {f}" for f in FUNCTIONS]


def draw_item_ids(session: Session, comments: int, responses: int) -> tuple[list[int], list[int]]:
    """Ids for that many new comments and answers, ascending, drawn from their sequences,
    and the labels' references checked at commit for the rest of the transaction: a writer
    then stores the new items' labels first and each item after them, so the row trigger
    gives the item all its keys as it is stored, and the labels' statement trigger finds no
    item to rewrite (written again, an item would add a second row version and a second set
    of index entries for its whole text)."""
    session.execute(text(f"SET CONSTRAINTS {', '.join(LABEL_FOREIGN_KEYS)} DEFERRED"))
    drawn = session.execute(
        text(
            "SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('comments', 'id')) "
            "FROM generate_series(1, :comments) ORDER BY 1), "
            "ARRAY(SELECT nextval(pg_get_serial_sequence('responses', 'id')) "
            "FROM generate_series(1, :responses) ORDER BY 1)"
        ),
        {"comments": comments, "responses": responses},
    ).one()
    return list(drawn[0]), list(drawn[1])


def fill(connection: Connection, table: str, step: int = FILL_STEP) -> int:
    """Compute the keys of every item of `table` from its letter and labels, `step` ids per
    statement (an existing record, or a bulk load that bypassed the triggers); the rows
    written. Each row reads its letter by key."""
    # Without statistics (a bulk load) the planner reads every topic label per row.
    connection.execute(text("ANALYZE letters, letter_filings, labels"))
    top = connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    written = 0
    for low in range(0, int(top) + 1, step):
        written += connection.execute(
            text(
                f"UPDATE {table} x SET {COLUMN} = (SELECT {item_keys(table, 'x', 'l')} "
                "FROM letters l WHERE l.id = x.letter_id) WHERE x.id >= :low AND x.id < :high"
            ),
            {"low": low, "high": low + step},
        ).rowcount
    return written

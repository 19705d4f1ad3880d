"""Open the record: a SQLite file by default (WAL, foreign keys on), or a PostgreSQL URL;
an empty or older database is migrated to the newest schema when it is opened."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker as SessionMaker

from reviewdesk.errors import ReviewDeskError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ENV_VAR = "REVIEWDESK_DB"
SQLITE_BUSY_MS = 30_000
WAL_RETRY_SECONDS = 0.05
POOL_SIZE = 8
"""Connections a process keeps open; the desk admits as many requests at once (each may hold
a second connection for a nested write, hence as many again in overflow)."""
POOL_TIMEOUT_SECONDS = 10.0
"""How long a unit of work waits for a free connection before PoolExhausted is raised."""
_PG_MIGRATION_LOCK = 727_310_003
"""Advisory lock id that serialises concurrent migrations of one PostgreSQL database."""


class StoreError(ReviewDeskError):
    """The store cannot be opened; the message names the database and what to do."""


def default_path() -> Path:
    """Where the record lives when nothing says otherwise: $XDG_DATA_HOME/reviewdesk/ (or
    ~/.local/share/reviewdesk/) reviewdesk.sqlite."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reviewdesk" / "reviewdesk.sqlite"


def resolve_url(url_or_path: str | None = None) -> str:
    """The SQLAlchemy URL of a database named by URL, by file path, by $REVIEWDESK_DB or by
    the per-user default; `postgresql://` and `postgres://` get the psycopg 3 driver."""
    given = url_or_path or os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in given:
        return f"sqlite:///{Path(given).expanduser().resolve()}"
    scheme, rest = given.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("postgresql", "sqlite")):
        return given
    raise StoreError(
        f"{given}: not a database this store knows; give a file path, a sqlite:/// URL "
        "or a postgresql:// URL"
    )


@dataclass
class Store:
    """An open record: the engine, and sessions that commit on success and roll back on error."""

    url: str
    engine: Engine
    sessionmaker: SessionMaker[Session]
    writer: SessionMaker[Session]

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work for reading or writing; committed when the block ends without error."""
        with self.sessionmaker.begin() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that takes the write lock up front (SQLite BEGIN IMMEDIATE), so two
        writers queue instead of failing on a stale snapshot."""
        with self.writer.begin() as session:
            yield session

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_store(
    url_or_path: str | None = None,
    *,
    migrate: bool = True,
    pool_size: int = POOL_SIZE,
    pool_timeout: float = POOL_TIMEOUT_SECONDS,
) -> Store:
    """Open (and by default migrate to the newest schema) the record at `url_or_path`, with
    `pool_size` pooled connections (and as many in overflow) waited for up to `pool_timeout`
    seconds."""
    url = resolve_url(url_or_path)
    engine = _engine(url, pool_size, pool_timeout)
    store = Store(
        url=url,
        engine=engine,
        sessionmaker=SessionMaker(engine, expire_on_commit=False),
        writer=SessionMaker(
            engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"), expire_on_commit=False
        ),
    )
    if migrate:
        upgrade(store)
    return store


def pool_capacity(store: Store) -> int:
    """How many connections the store keeps pooled (the desk's admission limit)."""
    size = getattr(store.engine.pool, "size", None)
    return int(size()) if callable(size) else POOL_SIZE


def _engine(url: str, pool_size: int, pool_timeout: float) -> Engine:
    parsed = make_url(url)
    pooling: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": pool_size,
        "pool_timeout": pool_timeout,
    }
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **pooling)
    database = parsed.database
    if database and database != ":memory:":
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{database}: cannot create its folder ({exc.strerror}); choose another "
                f"path with --db or ${ENV_VAR}"
            ) from exc
    if not database or database == ":memory:":
        pooling = {}
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **pooling)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def _wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode. SQLite answers "database is locked" at once, without waiting,
    when another process is turning a new file to WAL or closing it (its last connection
    checkpoints and removes the WAL), so try again for up to the busy timeout."""
    waited = 0.0
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or waited * 1000 >= SQLITE_BUSY_MS:
                raise
            time.sleep(WAL_RETRY_SECONDS)
            waited += WAL_RETRY_SECONDS


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic settings pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest schema revision this package knows."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise StoreError(
            f"{MIGRATIONS}: the migrations have {len(heads)} newest revisions "
            f"({', '.join(sorted(heads))}); give each new migration the previous newest as "
            "down_revision so they form one line"
        )
    return str(heads[0])


def current_revision(store: Store) -> str | None:
    """The schema revision the database is at (None when it is empty)."""
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store, revision: str = "head") -> None:
    """Migrate the database to `revision`; does nothing when it is already there."""
    if revision == "head" and current_revision(store) == head():
        return
    # SQLite: take the write lock before reading the schema version (BEGIN IMMEDIATE), so a
    # second process opening a new file waits for the first one's migration and then finds
    # nothing to do, instead of failing with "database is locked" on a stale read.
    engine = store.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
    with engine.begin() as connection:
        if store.dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_MIGRATION_LOCK}
            )
        command.upgrade(alembic_config(connection), revision)


def downgrade(store: Store, revision: str) -> None:
    """Migrate the database back to `revision` ('base' empties it)."""
    with store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)

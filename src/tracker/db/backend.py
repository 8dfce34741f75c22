"""The one module that knows which database is behind the engine.

SQLite is the embedded default (a file under ``var/``); PostgreSQL is the shared
deployment (``postgresql+psycopg://...``). Everything else in ``tracker`` talks
portable SQLAlchemy Core and never branches on the dialect.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from .. import i18n
from .schema import FACTS


class UnsupportedDatabaseError(i18n.LocalisedError, ValueError):
    """The URL names a database the tracker does not support."""

    PREFIX = "cli.database."


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` as psycopg 3 URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def backend_name(url: str) -> str:
    name = make_url(normalise_url(url)).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise UnsupportedDatabaseError("unsupported", url=url)
    return name


# Execution option of a write transaction (``store.apply``): on SQLite it starts with
# ``BEGIN IMMEDIATE``, taking the write lock first, so what the transaction checks before writing
# (e.g. a record's latest version) still holds when it writes; a second writer waits (busy
# timeout) and then sees the first one's rows. PostgreSQL ignores the option (rows are locked
# with ``SELECT ... FOR UPDATE`` instead).
WRITE_TRANSACTION = {"tracker_write": True}


def lock_for_writing(conn, tables) -> None:
    """On PostgreSQL, make writers to the same fact tables take turns, in ``tables``' order.

    A writer reads the versions of the facts it writes, then sets ``superseded_on`` on the one
    each new row follows: two writers to the same fact at once would each miss the other's row
    and both leave theirs as the latest. ``SHARE ROW EXCLUSIVE`` conflicts with itself and with
    other writes, not with reads (nor with ``SELECT ... FOR UPDATE``). SQLite needs nothing here:
    a write transaction holds the database's write lock from its start."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        if table not in FACTS:  # names of our own tables only: they are spliced into the SQL
            raise ValueError(f"not a fact table: {table!r}")
        conn.exec_driver_sql(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')


def _sqlite_begin(conn) -> None:
    write = conn.get_execution_options().get("tracker_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy's recipe for pysqlite: the driver's own deferred BEGIN is turned off and the
    # "begin" event emits it, so reads inside a transaction see one snapshot and writes can
    # take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the dashboard read while a CLI import writes; FKs are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A new engine for ``url``; creates the parent folder of a SQLite file."""
    url = normalise_url(url)
    if backend_name(url) == "sqlite":
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@cache
def shared_engine(url: str) -> Engine:
    """One engine per URL per process (engines own connection pools)."""
    return make_engine(url)


def describe(engine: Engine) -> str:
    """Where the data lives, for people (passwords hidden)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {Path(url.database or ':memory:').resolve()}"
    return f"PostgreSQL {url.render_as_string(hide_password=True)}"


def sqlite_file(engine: Engine) -> Path | None:
    """The database file behind a SQLite engine; None for PostgreSQL or an in-memory database."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def explain(engine: Engine, statement) -> list[str]:
    """The engine's plan for ``statement``, one line per step: SQLite's ``EXPLAIN QUERY PLAN``
    (indented by depth), PostgreSQL's ``EXPLAIN`` (estimates only; the query is not run)."""
    # values written in (dates, keys): the plan printed is the plan of exactly this query
    sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
            depth: dict[int, int] = {}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        return [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql)]


def refresh_statistics(engine: Engine) -> None:
    """``ANALYZE`` after a bulk load: both planners then know the tables' sizes (without it,
    PostgreSQL planned 200,000 fresh expenditures as 3,000 rows until autovacuum came by)."""
    from . import schema

    # Table by table, and only this application's tables: a bare ANALYZE covers every table of
    # the database in one transaction, which on a shared server (many schemas) exhausts the lock
    # table ("out of shared memory"). The names come from our own metadata, never from input.
    with engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            conn.exec_driver_sql(f'ANALYZE "{table.name}"')
            conn.commit()

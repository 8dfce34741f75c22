"""Schema revisions: which one a database is at, and upgrading it in place (Alembic).

- a new database is made from the current schema and stamped with the head revision;
- a database made before migrations existed (tables, no ``alembic_version``) counts as the first
  release (``0001``) and is upgraded from there;
- ``upgrade`` runs the missing revisions in one transaction (PostgreSQL) or, on SQLite, after a
  backup copy of the file;
- a database stamped with a revision this release does not know comes from a newer release: the
  application and the command line refuse it rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from .. import i18n
from . import schema

BASELINE = "0001"


class SchemaTooNewError(i18n.LocalisedError, RuntimeError):
    """The database was migrated by a newer release of the tracker."""

    PREFIX = "cli.schema."


class NeedsMigrationError(i18n.LocalisedError, RuntimeError):
    """The database is at an older revision: ``tracker migrate`` brings it up to date."""

    PREFIX = "cli.schema."


@dataclass(frozen=True)
class Status:
    current: str | None  # None: no tables yet
    head: str
    state: str  # fresh | current | older | newer


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "tracker.db:migrations")
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head() -> str:
    return _scripts().get_current_head()


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def status(engine: Engine) -> Status:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        stamped = MigrationContext.configure(conn).get_current_revision()
    if stamped is None:
        current = BASELINE if tables & set(schema.FACTS) else None
    else:
        current = stamped
    if current is None:
        state = "fresh"
    elif current == head():
        state = "current"
    elif current in known_revisions():
        state = "older"
    else:
        state = "newer"
    return Status(current, head(), state)


def _run(engine: Engine, action, *args) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        action(config, *args)


def create_or_check(engine: Engine) -> Status:
    """Make a fresh database at the head revision; refuse one that needs migrating or is newer."""
    found = status(engine)
    if found.state == "fresh":
        schema.metadata.create_all(engine)
        _run(engine, command.stamp, "head")
        return status(engine)
    if found.state == "newer":
        raise SchemaTooNewError("too_new", current=found.current, head=found.head)
    if found.state == "older":
        raise NeedsMigrationError("older", current=found.current, head=found.head)
    return found


def upgrade(engine: Engine) -> tuple[Status, Status]:
    """Bring the database to the head revision in one transaction; returns the status before and
    after. ``tracker migrate`` copies a SQLite file first (``backup.safety_copy``)."""
    before = status(engine)
    if before.state == "newer":
        create_or_check(engine)  # raises with the message
    if before.state == "fresh":
        return before, create_or_check(engine)
    if before.state == "current":
        return before, before
    if before.current == BASELINE:
        with engine.connect() as conn:
            stamped = MigrationContext.configure(conn).get_current_revision()
        if stamped is None:
            _run(engine, command.stamp, BASELINE)
    _run(engine, command.upgrade, "head")
    schema.metadata.create_all(engine)  # tables added since (create_all skips existing ones)
    return before, status(engine)

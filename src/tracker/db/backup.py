"""Backups of a SQLite database: an online, consistent copy, checked; and a guarded restore.

``backup`` copies through SQLite's online backup API (readers and writers may carry on; the copy
is one consistent snapshot), then runs ``PRAGMA integrity_check`` on the copy before it takes
its final name. ``restore`` refuses a file that is not a SQLite database, fails the integrity
check, is not a tracker database, or comes from a newer schema (a table or column this release
does not know); an older backup is restored and then upgraded in place like any database.
Before overwriting, the current database is itself backed up beside it.

PostgreSQL is backed up with its own tools (``pg_dump -Fc``, ``pg_restore``), not here.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from . import backend, migrate, schema

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(ValueError):
    """A backup or restore was refused; ``code`` names why (``backup.error.*`` in i18n)."""

    def __init__(self, code: str, **fields: object):
        self.code, self.fields = code, {k: str(v) for k, v in fields.items()}
        from .. import i18n

        super().__init__(i18n.t(f"backup.error.{code}", "en", **self.fields))

    def message(self, lang: str) -> str:
        from .. import i18n

        return i18n.t(f"backup.error.{self.code}", lang, **self.fields)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    versions: int  # stored versions over every fact table
    safety_copy: Path | None = None  # restore: the database as it was before


def _database_file(engine: Engine) -> Path:
    path = backend.sqlite_file(engine)
    if path is None:
        raise BackupError("postgres")
    return path


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(r[0]) for r in rows[:5])


def _versions(connection: sqlite3.Connection) -> int:
    return sum(
        connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in schema.LOAD_ORDER
        if _has_table(connection, name)
    )


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return connection.execute(query, (name,)).fetchone() is not None


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup from ``source`` into a new file ``target``, checked."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)  # read only in practice; rw so a WAL database opens as usual
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            verdict = _integrity(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError("copy_damaged", detail=verdict)
    os.replace(partial, target)


def backup(engine: Engine, target: Path) -> BackupResult:
    """An online, consistent copy of the database in ``target`` (checked before it is named)."""
    source = _database_file(engine)
    if not source.exists():
        raise BackupError("no_database", path=source)
    if target.resolve() == source.resolve():
        raise BackupError("same_file", path=target)
    if not target.parent.is_dir():
        raise BackupError("no_folder", folder=target.parent)
    _copy(source, target)
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as check:
        versions = _versions(check)
    return BackupResult(target, target.stat().st_size, versions)


def check_backup(path: Path) -> int:
    """Refuse anything but a sound tracker database of this schema or an older one; returns
    the number of stored versions it holds."""
    if not path.is_file():
        raise BackupError("missing", path=path)
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError("not_sqlite", path=path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - the header was right
        raise BackupError("not_sqlite", path=path) from exc
    try:
        try:
            verdict = _integrity(connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError("damaged", detail=str(exc)) from exc
        if verdict != "ok":
            raise BackupError("damaged", detail=verdict)
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "changes" not in tables or not tables & set(schema.FACTS):
            raise BackupError("not_tracker", path=path)
        known = {t.name: {c.name for c in t.columns} for t in schema.metadata.sorted_tables}
        if "alembic_version" in tables:
            stamped = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if stamped and stamped[0] not in migrate.known_revisions():
                raise BackupError("newer_schema", detail=f"revision {stamped[0]}")
        for name in sorted(tables):
            if name.startswith("sqlite_") or name == "alembic_version":
                continue
            if name not in known:
                raise BackupError("newer_schema", detail=name)
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
            unknown = sorted(columns - known[name])
            if unknown:
                raise BackupError("newer_schema", detail=f"{name}.{unknown[0]}")
        return _versions(connection)
    finally:
        connection.close()


def restore(engine: Engine, source: Path, *, now: dt.datetime | None = None) -> BackupResult:
    """Replace the database with the backup ``source`` after checking it; the database as it
    was is first copied to ``<name>.before-restore-<time>.sqlite`` beside it."""
    target = _database_file(engine)
    versions = check_backup(source)
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError("same_file", path=source)
    engine.dispose()
    safety = safety_copy(engine, "before-restore", now=now)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # online: other connections see the old or the new database whole
        finally:
            dst.close()
    finally:
        src.close()
    engine.dispose()
    migrate.upgrade(engine)  # an older backup is brought to this release's schema revision
    return BackupResult(target, target.stat().st_size, versions, safety)


def safety_copy(engine: Engine, label: str, *, now: dt.datetime | None = None) -> Path | None:
    """A checked copy of the SQLite database beside it, ``<name>.<label>-<time>.sqlite``, before
    a restore or a migration changes it; None on PostgreSQL or when there is no file yet."""
    target = backend.sqlite_file(engine)
    if target is None or not target.exists():
        return None
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    copy = target.with_name(f"{target.stem}.{label}-{stamp}.sqlite")
    _copy(target, copy)
    return copy

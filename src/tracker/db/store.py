"""The write path: validate, then append new versions in one transaction, with a change record.

Nothing is updated in place or deleted: a change appends a version row (or a tombstone) that
points at a ``changes`` row saying who, when and why. A batch either lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import (
    Boolean,
    Date,
    Engine,
    Float,
    Integer,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from .. import i18n
from ..access.roles import Identity, check
from . import backend, bulk, schema

# The action a change kind needs (README "Sign-in and roles"); an "edit" batch needs, per write,
# "create" (a new key), "edit" (a known key) or "withdraw" (a tombstone).
KIND_ACTIONS = {
    "seed": "seed",
    "synthetic": "seed",
    "import": "import",
    "restore": "restore",
    "edit": "edit",
}


@dataclass(frozen=True)
class Problem:
    """One reason a write was refused, renderable in either language."""

    table: str
    key: str
    column: str | None
    code: str
    detail: str = ""
    row: int | None = None  # position in the caller's input (e.g. CSV line), when known

    def message(self, lang: str = "ko") -> str:
        where = f"{self.table}:{self.key}" + (f".{self.column}" if self.column else "")
        if self.row is not None:
            where = i18n.t("store.where_row", lang, row=self.row) + " " + where
        return f"{where} — " + i18n.t(f"store.problem.{self.code}", lang, detail=self.detail)


class ValidationError(ValueError):
    """The batch was refused; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message("en") for p in self.problems[:5]))

    def messages(self, lang: str = "ko") -> list[str]:
        return [p.message(lang) for p in self.problems]


@dataclass
class Write:
    """A new version of one fact (or its withdrawal, with ``delete=True``)."""

    table: str
    key: str
    values: dict = field(default_factory=dict)
    valid_from: dt.date | None = None
    delete: bool = False
    row: int | None = None


@dataclass(frozen=True)
class ChangeResult:
    change_id: int | None
    written: int
    unchanged: int


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "예", "true()"):
        return True
    if text in ("0", "false", "no", "n", "아니오"):
        return False
    raise ValueError(f"{value!r} is not true/false")


def _to_int(value) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "")
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(f"{value!r} is not a whole number")


def _to_float(value) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    return float(value) if isinstance(value, int | float) else float(str(value).replace(",", ""))


def _to_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _to_text(value) -> str:
    return str(value).strip()


def _converter(column):
    """The function that turns a given (non-empty) value into the column's type, raising
    ValueError (or TypeError) with a reason."""
    kind = column.type
    for sql_type, convert in ((Boolean, _to_bool), (Integer, _to_int), (Float, _to_float)):
        if isinstance(kind, sql_type):  # Integer: also BigInteger
            return convert
    return _to_date if isinstance(kind, Date) else _to_text


@dataclass(frozen=True)
class _Rule:
    """What :func:`validate` checks of one writable column, worked out once per table."""

    name: str
    convert: Callable
    required: bool
    allowed: tuple[str, ...] | None
    url: bool
    non_negative: bool
    percent: bool
    target: str | None


@cache
def _rules(table: str) -> tuple[tuple[_Rule, ...], tuple[tuple[str, object], ...]]:
    """A fact table's column rules, and its true/false columns' defaults (a large import would
    otherwise look each of them up again for every row)."""
    spec = schema.FACTS[table]
    columns = _writable_columns(table).values()
    rules = tuple(
        _Rule(
            c.name,
            _converter(c),
            c.name in spec.required,
            spec.enums.get(c.name),
            c.name == "url",
            c.name in spec.non_negative,
            c.name in spec.percent,
            spec.references.get(c.name),
        )
        for c in columns
    )
    defaults = tuple(
        (c.name, c.default.arg)
        for c in columns
        if isinstance(c.type, Boolean) and c.default is not None
    )
    return rules, defaults


@cache
def _writable_columns(table: str) -> dict:
    """Column name -> Column of a fact table, system columns left out (cached: a large import
    would otherwise rebuild it for every row)."""
    spec = schema.FACTS[table]
    return {c.name: c for c in spec.table.columns if c.name not in schema.SYSTEM_COLUMNS}


def is_web_url(text: str) -> bool:
    """Only http(s) links are stored or shown: a ``javascript:`` link must never be clickable."""
    return str(text).strip().lower().startswith(("http://", "https://"))


def validate(
    writes: Sequence[Write], known_keys: dict[str, set[str]]
) -> tuple[list[Write], list[Problem]]:
    """Type-coerce and check a batch. ``known_keys``: current keys per table (in the database)."""
    problems: list[Problem] = []
    clean: list[Write] = []
    batch_keys: dict[str, set[str]] = {}
    for w in writes:
        if w.table in schema.FACTS and not w.delete:
            batch_keys.setdefault(w.table, set()).add(w.key)
    for w in writes:
        if w.table not in schema.FACTS:
            problems.append(Problem(w.table, w.key, None, "unknown_table", w.table, w.row))
            continue
        if not w.key or not str(w.key).strip():
            problems.append(Problem(w.table, "?", "key", "required", "", w.row))
            continue
        if w.delete:
            clean.append(w)
            continue
        columns = _writable_columns(w.table)
        rules, defaults = _rules(w.table)
        given = w.values
        for name in given:
            if name not in columns:
                problems.append(Problem(w.table, w.key, name, "unknown_column", name, w.row))
        values: dict = {}
        for rule in rules:
            name = rule.name
            value = given.get(name)
            try:
                value = None if _is_empty(value) else rule.convert(value)
            except (ValueError, TypeError) as exc:
                problems.append(Problem(w.table, w.key, name, "bad_value", str(exc), w.row))
                continue
            values[name] = value
            if value is None:
                if rule.required:
                    problems.append(Problem(w.table, w.key, name, "required", "", w.row))
                continue
            if rule.allowed is not None and value not in rule.allowed:
                allowed = ", ".join(rule.allowed)
                problems.append(
                    Problem(w.table, w.key, name, "not_allowed", f"{value} ∉ {{{allowed}}}", w.row)
                )
            if rule.url and not is_web_url(value):  # a javascript: or data: link
                problems.append(Problem(w.table, w.key, name, "not_web_url", value[:80], w.row))
            if rule.non_negative and value < 0:
                problems.append(Problem(w.table, w.key, name, "negative", str(value), w.row))
            if rule.percent and not 0 <= value <= 100:
                problems.append(Problem(w.table, w.key, name, "percent", str(value), w.row))
            target = rule.target
            if (
                target
                and value not in known_keys.get(target, ())
                and value not in batch_keys.get(target, ())
            ):
                problems.append(
                    Problem(w.table, w.key, name, "unknown_reference", f"{target}:{value}", w.row)
                )
        if values.get("is_estimate") is None:
            values["is_estimate"] = False
        for name, default in defaults:
            if values.get(name) is None:
                values[name] = default
        clean.append(Write(w.table, str(w.key).strip(), values, w.valid_from, False, w.row))
    return clean, problems


def _current_versions(conn: Connection, table: str, keys: Iterable[str]) -> dict[str, list[dict]]:
    """All versions of the given keys, oldest first (small: one fact's history)."""
    tbl = schema.FACTS[table].table
    keys = list(set(keys))
    out: dict[str, list[dict]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = conn.execute(
            select(tbl).where(tbl.c.key.in_(chunk)).order_by(tbl.c.valid_from, tbl.c.row_id)
        ).mappings()
        for row in rows:
            out.setdefault(row["key"], []).append(dict(row))
    return out


def _version_at(versions: list[dict], day: dt.date) -> dict | None:
    at = None
    for version in versions:
        if version["valid_from"] <= day:
            at = version
    return at


def live_keys(conn: Connection, tables: Iterable[str]) -> dict[str, set[str]]:
    """Keys whose latest version is not a tombstone, per table."""
    out: dict[str, set[str]] = {}
    for name in set(tables):
        tbl = schema.FACTS[name].table
        latest = (
            select(tbl.c.key, func.max(tbl.c.row_id).label("row_id")).group_by(tbl.c.key).subquery()
        )
        rows = conn.execute(
            select(tbl.c.key)
            .join(latest, tbl.c.row_id == latest.c.row_id)
            .where(tbl.c.is_deleted.is_(False))
        )
        out[name] = {r[0] for r in rows}
    return out


def apply(
    engine: Engine,
    writes: Sequence[Write],
    *,
    by: str | None = None,
    reason: str,
    kind: str = "edit",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    expected: dict[tuple[str, str], int | None] | None = None,
    actor: Identity | None = None,
) -> ChangeResult:
    """Validate ``writes`` and append them as one change set. Raises ValidationError on any problem.

    ``actor`` is who makes the change; without one holding the role the change needs (see
    ``tracker.access.roles.ACTIONS``) nothing is written and ``AccessDenied`` is raised. The change
    is recorded under ``actor.name``; ``by`` (optional) names the tool, kept with how the actor was
    identified in ``changes.recorded_via`` (e.g. "cli · tracker seed").

    A write whose values equal the version already in force at its ``valid_from`` is skipped, so
    loading the same data twice changes nothing.

    ``expected`` maps ``(table, key)`` to the ``row_id`` of the record's latest version when the
    editor opened it (``None``: the record must not exist yet). If another change landed since,
    the batch is refused with a ``stale`` (or ``exists``) problem naming what changed, by whom and
    when, so nothing is overwritten silently.
    """
    if kind not in ("seed", "edit", "import", "synthetic"):
        raise ValueError(f"Unknown change kind {kind!r}")
    check(actor, KIND_ACTIONS[kind])  # refused before the data is even looked at
    if not reason or not actor.name.strip():
        raise ValueError("Every change needs who made it (a named actor) and why (reason)")
    via = actor.via + (f" · {by}" if by and by != actor.name else "")
    today = today or dt.date.today()
    now = now or dt.datetime.now(dt.UTC)
    with (
        bulk.collector_paused(len(writes)),
        engine.execution_options(**backend.WRITE_TRANSACTION).begin() as conn,
    ):
        written_tables = {w.table for w in writes}
        backend.lock_for_writing(conn, [t for t in schema.LOAD_ORDER if t in written_tables])
        referenced = {t for spec in schema.FACTS.values() for t in spec.references.values()}
        clean, problems = validate(writes, live_keys(conn, referenced))
        problems += _stale(conn, expected or {})
        if problems:
            raise ValidationError(problems)
        pending: list[tuple[str, dict]] = []
        superseded: dict[str, list[dict]] = {}  # per table: stored versions whose next one moved
        unchanged = 0
        by_table: dict[str, list[Write]] = {}
        for w in clean:
            by_table.setdefault(w.table, []).append(w)
        for table, table_writes in by_table.items():
            history = _current_versions(conn, table, (w.key for w in table_writes))
            # id of a new history entry -> the row to insert; per table, while ``history`` holds
            # every entry alive (a freed entry's id may be reused by another table's version)
            written: dict[int, dict] = {}
            for w in table_writes:
                valid_from = w.valid_from or today
                versions = history.setdefault(w.key, [])
                in_force = _version_at(versions, valid_from)
                if kind == "edit":
                    action = "withdraw" if w.delete else "edit" if versions else "create"
                    check(actor, action)
                if w.delete:
                    if in_force is None or in_force["is_deleted"]:
                        unchanged += 1
                        continue
                    row = {k: v for k, v in in_force.items() if k not in ("row_id", "change_id")}
                    row.update(valid_from=valid_from, is_deleted=True)
                else:
                    row = {"key": w.key, **w.values, "valid_from": valid_from, "is_deleted": False}
                    if in_force is not None and not in_force["is_deleted"]:
                        if all(in_force.get(k) == v for k, v in w.values.items()):
                            unchanged += 1
                            continue
                entry = {**row, "row_id": float("inf")}  # after every stored one
                versions.append(entry)
                versions.sort(key=lambda v: (v["valid_from"], v["row_id"]))
                written[id(entry)] = row
                pending.append((table, row))
            superseded[table] = _superseded(history, written)
        if not pending:
            return ChangeResult(None, 0, unchanged)
        change_id = conn.execute(
            insert(schema.changes).values(
                recorded_at=now,
                recorded_by=actor.name,
                recorded_via=via[:200],
                kind=kind,
                reason=reason,
            )
        ).inserted_primary_key[0]
        rows_by_table: dict[str, list[dict]] = {}
        for t, row in pending:
            row["change_id"] = change_id
            rows_by_table.setdefault(t, []).append(row)
        for table in schema.LOAD_ORDER:
            if table in rows_by_table:
                bulk.insert_many(conn, schema.FACTS[table].table, rows_by_table.pop(table))
        for table, moved in superseded.items():
            if moved:
                tbl = schema.FACTS[table].table
                conn.execute(
                    update(tbl)
                    .where(tbl.c.row_id == bindparam("stored_row_id"))
                    .values(superseded_on=bindparam("next_valid_from")),
                    moved,
                )
        return ChangeResult(change_id, len(pending), unchanged)


def _superseded(history: dict[str, list[dict]], written: dict[int, dict]) -> list[dict]:
    """Each version's ``superseded_on`` (the next version's ``valid_from``) once the new rows are
    placed in their facts' histories (ordered by ``valid_from``, then ``row_id``; a new row comes
    after the stored ones of its day): set on the rows to insert, and returned for the stored
    versions whose next version is now another (usually the one a new row follows)."""
    moved = []
    for versions in history.values():
        for index, version in enumerate(versions):
            following = versions[index + 1]["valid_from"] if index + 1 < len(versions) else None
            row = written.get(id(version))
            if row is not None:
                row["superseded_on"] = following
            elif version.get("superseded_on") != following:
                moved.append({"stored_row_id": version["row_id"], "next_valid_from": following})
    return moved


def _stale(conn: Connection, expected: dict[tuple[str, str], int | None]) -> list[Problem]:
    """Problems for records whose latest version is not the one the editor opened."""
    problems = []
    for (table, key), opened in expected.items():
        tbl = schema.FACTS[table].table
        if opened is not None:
            # Lock the version the editor opened (PostgreSQL: a second save of the same record
            # waits here, then sees the first one's version below; on SQLite the whole write
            # transaction holds the write lock from its start, see backend.WRITE_TRANSACTION).
            conn.execute(select(tbl.c.row_id).where(tbl.c.row_id == opened).with_for_update())
        latest = conn.execute(select(func.max(tbl.c.row_id)).where(tbl.c.key == key)).scalar()
        if latest == opened:
            continue
        if opened is None:
            problems.append(Problem(table, key, "key", "exists", key))
            continue
        rows = {
            r["row_id"]: dict(r)
            for r in conn.execute(
                select(tbl, schema.changes.c.recorded_by, schema.changes.c.recorded_at)
                .join(schema.changes, schema.changes.c.change_id == tbl.c.change_id)
                .where(tbl.c.row_id.in_([opened, latest or -1]))
            ).mappings()
        }
        new, old = rows.get(latest), rows.get(opened, {})
        if new is None:
            problems.append(Problem(table, key, None, "stale", "—"))
            continue
        changed = [
            c
            for c in (*schema.data_columns(table), "valid_from", "is_deleted")
            if old.get(c) != new.get(c)
        ]
        when = new["recorded_at"]
        when = when.strftime("%Y-%m-%d %H:%M") if hasattr(when, "strftime") else str(when)
        detail = f"{new['recorded_by']}, {when}: {', '.join(changed) or '—'}"
        problems.append(Problem(table, key, None, "stale", detail))
    return problems


def create_schema(engine: Engine) -> None:
    """Make a new database at the current schema revision, or check an existing one.

    An existing database at an older revision raises :class:`migrate.NeedsMigrationError` (run
    ``tracker migrate``), one from a newer release :class:`migrate.SchemaTooNewError`.
    """
    from . import migrate

    migrate.create_or_check(engine)

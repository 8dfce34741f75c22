"""Records as an editor sees them: the current ones of a kind, the choices a reference offers,
every version of one record with who/when/why, and the change log (SQL through ``tracker.db``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Boolean, Engine, String, and_, cast, func, literal, or_, select, union_all
from sqlalchemy.sql import Select

from .. import frames, i18n
from ..db import queries, recorded, schema

LABEL_FIELDS = ("name", "label", "title", "text")
LOG_LIMIT = 1000
# Records listed on the data page at once (a ministry holds hundreds of thousands of
# expenditures): the first ones by key; a search narrows them in SQL.
RECORD_LIMIT = 500


def _latest_row_ids(name: str):
    tbl = schema.FACTS[name].table
    return (
        select(tbl.c.key, func.max(tbl.c.row_id).label("latest_row_id"))
        .group_by(tbl.c.key)
        .subquery(f"{name}_latest")
    )


def _current(kind: str, as_of: dt.date | None, where: dict[str, str] | None):
    """The current facts of ``kind`` (as recorded now: editors always work on what is recorded
    now, whatever day the sidebar looks back to), only those with ``column == value`` for each
    item of ``where`` (only their versions are looked at)."""
    where = where or {}

    def among(versions):
        return and_(*(versions.c[column] == value for column, value in where.items()))

    with queries.recorded_on(None):
        facts = queries.facts_as_of(kind, as_of or dt.date.today(), among=among if where else None)
    return facts, [facts.c[column] == value for column, value in where.items()]


def current_records(
    engine: Engine, kind: str, as_of: dt.date | None = None, *, where: dict[str, str] | None = None
) -> pd.DataFrame:
    """The records of ``kind`` in force on ``as_of`` (default today), with the ``row_id`` of each
    record's latest version (what an edit form remembers) and who recorded the version shown;
    ``where`` keeps those with ``column == value`` (e.g. one plan version's budget lines)."""
    facts, conditions = _current(kind, as_of, where)
    latest = _latest_row_ids(kind)
    ch = schema.changes
    stmt = (
        select(facts, latest.c.latest_row_id, ch.c.recorded_at, ch.c.recorded_by)
        .join(latest, latest.c.key == facts.c.key)
        .join(ch, ch.c.change_id == facts.c.change_id)
        .where(*conditions)
        .order_by(facts.c.key)
    )
    return queries.read(engine, stmt)


def _like_pattern(text: str) -> str:
    """``%text%`` for LIKE ... ESCAPE '\\', with the text's own ``%``, ``_`` and ``\\`` taken
    literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(columns, text: str, *more):
    """Rows with ``text`` (case-insensitive) in any of ``columns`` (text, numbers and dates as
    written in files; flags and the bookkeeping ids are not searched) or of ``more``."""
    pattern = _like_pattern(text)
    searched = [
        c for c in columns if c.name not in ("row_id", "change_id", "is_deleted")
        and not isinstance(c.type, Boolean)
    ]  # fmt: skip
    return or_(
        *(func.lower(cast(c, String)).like(pattern, escape="\\") for c in [*searched, *more])
    )


def _first_page(engine: Engine, stmt, found, limit: int) -> tuple[pd.DataFrame, int]:
    """``stmt`` (the first ``limit`` + 1 rows of ``found``) read, and how many ``found`` holds:
    counted only when there are more than ``limit``."""
    frame = queries.read(engine, stmt)
    if len(frame) <= limit:
        return frame, len(frame)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(found)).scalar_one()
    return frame.head(limit), total


def find_records(
    engine: Engine, kind: str, text: str = "", *, limit: int | None = None
) -> tuple[pd.DataFrame, int]:
    """The current records of ``kind`` with ``text`` (case-insensitive) in their key, any text,
    number or date value, or the name of who recorded them; all of them for a blank ``text``.
    Returns the first ``limit`` by key (as :func:`current_records` gives them) and how many
    match in all (``limit``: :data:`RECORD_LIMIT`). The search and the count run in SQL: nothing
    beyond ``limit`` rows is read."""
    limit = RECORD_LIMIT if limit is None else limit
    facts, _ = _current(kind, None, None)
    ch = schema.changes
    found = select(facts, ch.c.recorded_at, ch.c.recorded_by).join(
        ch, ch.c.change_id == facts.c.change_id
    )
    text = (text or "").strip().lower()
    if text:
        found = found.where(_contains(facts.columns, text, ch.c.recorded_by))
    found = found.subquery("found")
    first = select(found).order_by(found.c.key).limit(limit + 1).subquery("first")
    tbl = schema.FACTS[kind].table
    latest = select(func.max(tbl.c.row_id)).where(tbl.c.key == first.c.key).scalar_subquery()
    columns = [c for c in first.columns if c.name not in ("recorded_at", "recorded_by")]
    stmt = select(
        *columns, latest.label("latest_row_id"), first.c.recorded_at, first.c.recorded_by
    ).order_by(first.c.key)
    return _first_page(engine, stmt, found, limit)


def find_record_keys(
    engine: Engine,
    kind: str,
    text: str = "",
    *,
    include: str | None = None,
    limit: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """The latest version of each record of ``kind``, withdrawn ones too (history and restore),
    with ``text`` in its key or values: the first ``limit`` by key and how many match, like
    :func:`find_records`. The record ``include`` (the one a link names) is always among them."""
    limit = RECORD_LIMIT if limit is None else limit
    tbl = schema.FACTS[kind].table
    later = tbl.alias(f"{kind}_newer")
    newer = select(later.c.row_id).where(later.c.key == tbl.c.key, later.c.row_id > tbl.c.row_id)
    found = select(tbl, tbl.c.row_id.label("latest_row_id")).where(~newer.exists())
    text = (text or "").strip().lower()
    if text:
        found = found.where(_contains(tbl.columns, text))
    first = found.order_by(tbl.c.key).limit(limit + 1)
    frame, total = _first_page(engine, first, found.subquery("found"), limit)
    if include and include not in set(frame["key"]):
        named = queries.read(engine, found.where(tbl.c.key == include))
        if not named.empty:
            frame = pd.concat([frame, named]).sort_values("key", kind="stable")
            frame = queries.none_for_missing(frame.reset_index(drop=True), text_only=True)
    return frame, total


def referencing_keys(
    engine: Engine,
    kind: str,
    column: str,
    value: str,
    *,
    besides: str | None = None,
    limit: int = 6,
) -> tuple[list[str], int]:
    """Keys (the first ``limit`` by key) of the current records of ``kind`` whose ``column`` is
    ``value``, other than the record ``besides``, and how many there are."""
    facts, conditions = _current(kind, None, {column: value})
    if besides is not None:
        conditions.append(facts.c.key != besides)
    with engine.connect() as conn:
        keys = list(
            conn.execute(
                select(facts.c.key).where(*conditions).order_by(facts.c.key).limit(limit)
            ).scalars()
        )
        total = len(keys)
        if total == limit:
            total = conn.execute(
                select(func.count()).select_from(facts).where(*conditions)
            ).scalar_one()
    return keys, total


def record_label(row: dict, lang: str) -> str:
    """A person's name for a record: its name, label, title or text, else its outlet or key."""
    for field in LABEL_FIELDS:
        text = i18n.pick(row, field, lang) or (row.get(field) or "")
        if text:
            return str(text)
    return str(row.get("outlet") or row.get("key"))


def reference_choices(
    engine: Engine, kind: str, lang: str, initiative_key: str | None = None
) -> dict[str, str]:
    """Key -> "label (key)" of every current record of ``kind``: what a reference offers; those
    of ``initiative_key`` first (e.g. the sidebar's programme's plan versions)."""
    facts, _ = _current(kind, None, None)
    frame = queries.read(engine, select(facts).order_by(facts.c.key))
    if initiative_key and "initiative_key" in frame:
        mine = frame["initiative_key"] == initiative_key
        frame = pd.concat([frame[mine], frame[~mine]])
    out = {}
    for r in frames.records(frame):
        label = record_label(r, lang)
        out[r["key"]] = r["key"] if label == r["key"] else f"{label} ({r['key']})"
    return out


def versions(engine: Engine, kind: str, key: str) -> pd.DataFrame:
    """Every version of one record, oldest first, numbered from 1, with who/when/why."""
    tbl = schema.FACTS[kind].table
    ch = schema.changes
    stmt = (
        select(tbl, ch.c.recorded_at, ch.c.recorded_by, ch.c.reason, ch.c.kind.label("change_kind"))
        .join(ch, ch.c.change_id == tbl.c.change_id)
        .where(tbl.c.key == key)
        .order_by(tbl.c.row_id)
    )
    frame = queries.read(engine, stmt)
    frame.insert(0, "version", range(1, len(frame) + 1))
    return frame


def change_log(
    engine: Engine,
    *,
    user: str | None = None,
    kind: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = LOG_LIMIT,
) -> pd.DataFrame:
    """Every version written, newest first: record kind and key, valid from, withdrawn or not,
    and the change's time, author, kind and reason; filtered by author, record kind and the
    day it was recorded (``start``..``end`` inclusive)."""
    names = [kind] if kind else list(schema.LOAD_ORDER)
    parts = []
    for name in names:
        tbl = schema.FACTS[name].table
        parts.append(
            select(
                literal(name).label("record_kind"),
                tbl.c.key,
                tbl.c.row_id,
                tbl.c.valid_from,
                tbl.c.is_deleted,
                tbl.c.change_id,
            )
        )
    rows = union_all(*parts).subquery("versions")
    ch = schema.changes
    stmt = select(
        ch.c.recorded_at,
        ch.c.recorded_by,
        ch.c.kind.label("change_kind"),
        ch.c.reason,
        rows.c.record_kind,
        rows.c.key,
        rows.c.valid_from,
        rows.c.is_deleted,
        rows.c.row_id,
        ch.c.change_id,
    ).join(ch, ch.c.change_id == rows.c.change_id)
    if user:
        stmt = stmt.where(ch.c.recorded_by == user)
    if start:
        stmt = stmt.where(ch.c.recorded_at >= dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC))
    if end:
        stmt = stmt.where(
            ch.c.recorded_at < dt.datetime.combine(end + dt.timedelta(1), dt.time(), tzinfo=dt.UTC)
        )
    stmt = stmt.order_by(ch.c.change_id.desc(), rows.c.record_kind, rows.c.key).limit(limit)
    return queries.read(engine, stmt)


def authors(engine: Engine) -> list[str]:
    """Everyone who recorded a change, alphabetically (the change log's filter)."""
    with engine.connect() as conn:
        stmt = select(schema.changes.c.recorded_by).distinct().order_by("recorded_by")
        return list(conn.execute(stmt).scalars())


def _of_initiative(kind: str, initiative_key: str, depth: int = 2):
    """A condition keeping ``kind``'s rows that belong to the initiative (directly, or through
    the record they refer to, up to ``depth`` steps), or None when they belong to none."""
    tbl = schema.FACTS[kind].table
    if "initiative_key" in tbl.c:
        return tbl.c.initiative_key == initiative_key
    if depth == 0:
        return None
    for column, target in schema.FACTS[kind].references.items():
        if column in ("source_key", "parent_key"):
            continue
        inner = _of_initiative(target, initiative_key, depth - 1)
        if inner is not None:
            parent = schema.FACTS[target].table
            return tbl.c[column].in_(select(parent.c.key).where(inner))
    return None


def backdated_changes(
    engine: Engine,
    start: dt.date,
    *,
    until: dt.date | None = None,
    initiative_key: str | None = None,
) -> pd.DataFrame:
    """Corrections recorded after ``start`` (and by the end of ``until``) to facts dated on or
    before it: versions written by an edit or import (not the bundled data), with ``valid_from``
    on or before ``start``, that replace or withdraw a version on record by ``start``."""
    return queries.read(engine, _backdated(start, until, initiative_key))


@queries.built_once
def _backdated(start: dt.date, until: dt.date | None, initiative_key: str | None) -> Select:
    ch = schema.changes
    parts = []
    for name in schema.LOAD_ORDER:
        tbl = schema.FACTS[name].table
        earlier = tbl.alias(f"{name}_earlier")
        conditions = [tbl.c.valid_from <= start]
        if initiative_key is not None:
            belongs = _of_initiative(name, initiative_key)
            if belongs is None:
                continue
            conditions.append(belongs)
        replaces = (
            select(func.count())
            .select_from(earlier.join(ch, ch.c.change_id == earlier.c.change_id))
            .where(
                earlier.c.key == tbl.c.key,
                earlier.c.row_id < tbl.c.row_id,
                or_(ch.c.kind == "seed", ch.c.recorded_at < recorded.recorded_by_end_of(start)),
            )
            .scalar_subquery()
        )
        parts.append(
            select(
                literal(name).label("record_kind"),
                tbl.c.key,
                tbl.c.row_id,
                tbl.c.valid_from,
                tbl.c.is_deleted,
                tbl.c.change_id,
                (replaces > 0).label("replaces"),
            ).where(*conditions, replaces > 0)
        )
    rows = union_all(*parts).subquery("backdated")
    stmt = (
        select(rows, ch.c.recorded_at, ch.c.recorded_by, ch.c.reason)
        .join(ch, ch.c.change_id == rows.c.change_id)
        .where(ch.c.kind != "seed", ch.c.recorded_at >= recorded.recorded_by_end_of(start))
        .order_by(ch.c.recorded_at, rows.c.record_kind, rows.c.key)
    )
    if until is not None:
        stmt = stmt.where(ch.c.recorded_at < recorded.recorded_by_end_of(until))
    return stmt

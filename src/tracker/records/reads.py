"""Records as an editor sees them: the current ones of a kind, the choices a reference offers,
every version of one record with who/when/why, and the change log (SQL through ``tracker.db``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, literal, select, union_all

from .. import i18n
from ..db import queries, schema

LABEL_FIELDS = ("name", "label", "title", "text")
LOG_LIMIT = 1000


def _latest_row_ids(name: str):
    tbl = schema.FACTS[name].table
    return (
        select(tbl.c.key, func.max(tbl.c.row_id).label("latest_row_id"))
        .group_by(tbl.c.key)
        .subquery(f"{name}_latest")
    )


def current_records(engine: Engine, kind: str, as_of: dt.date | None = None) -> pd.DataFrame:
    """The records of ``kind`` in force on ``as_of`` (default today), with the ``row_id`` of each
    record's latest version (what an edit form remembers) and who recorded the version shown."""
    # Editors always work on what is recorded now, whatever day the sidebar looks back to.
    with queries.recorded_on(None):
        facts = queries.facts_as_of(kind, as_of or dt.date.today())
    latest = _latest_row_ids(kind)
    ch = schema.changes
    stmt = (
        select(facts, latest.c.latest_row_id, ch.c.recorded_at, ch.c.recorded_by)
        .join(latest, latest.c.key == facts.c.key)
        .join(ch, ch.c.change_id == facts.c.change_id)
        .order_by(facts.c.key)
    )
    return queries.read(engine, stmt)


def record_label(row: dict, lang: str) -> str:
    """A person's name for a record: its name, label, title or text, else its outlet or key."""
    for field in LABEL_FIELDS:
        text = i18n.pick(row, field, lang) or (row.get(field) or "")
        if text:
            return str(text)
    return str(row.get("outlet") or row.get("key"))


def reference_choices(engine: Engine, kind: str, lang: str) -> dict[str, str]:
    """Key -> "label (key)" of every current record of ``kind``: what a reference offers."""
    frame = current_records(engine, kind)
    return {r["key"]: f"{record_label(r, lang)} ({r['key']})" for r in frame.to_dict("records")}


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


def record_keys(engine: Engine, kind: str) -> pd.DataFrame:
    """The latest version of every record of ``kind``, withdrawn ones too (history and restore)."""
    tbl = schema.FACTS[kind].table
    latest = _latest_row_ids(kind)
    stmt = (
        select(tbl, latest.c.latest_row_id)
        .join(latest, latest.c.latest_row_id == tbl.c.row_id)
        .order_by(tbl.c.key)
    )
    return queries.read(engine, stmt)

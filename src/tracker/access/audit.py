"""The audit log, for administrators: sign-ins and failed attempts, account changes, data changes."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from ..db import schema
from ..db.queries import none_for_missing
from .roles import Identity, check

LIMIT = 500


def _frame(engine: Engine, query, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = pd.DataFrame(list(conn.execute(query).mappings()), columns=columns)
    return none_for_missing(frame, text_only=True)


def sign_ins(
    engine: Engine, *, actor: Identity, failed_only: bool = False, limit: int = LIMIT
) -> pd.DataFrame:
    check(actor, "audit")
    ev = schema.sign_in_events.c
    query = select(ev.at, ev.name, ev.client, ev.method, ev.ok, ev.outcome)
    if failed_only:
        query = query.where(ev.ok.is_(False))
    query = query.order_by(ev.at.desc(), ev.event_id.desc()).limit(int(limit))
    return _frame(engine, query, ["at", "name", "client", "method", "ok", "outcome"])


def account_changes(engine: Engine, *, actor: Identity, limit: int = LIMIT) -> pd.DataFrame:
    check(actor, "audit")
    ev = schema.account_events.c
    query = (
        select(ev.at, ev.by, ev.by_via, ev.name, ev.action, ev.detail)
        .order_by(ev.at.desc(), ev.event_id.desc())
        .limit(int(limit))
    )
    return _frame(engine, query, ["at", "by", "by_via", "name", "action", "detail"])


def data_changes(engine: Engine, *, actor: Identity, limit: int = LIMIT) -> pd.DataFrame:
    check(actor, "audit")
    ch = schema.changes.c
    query = (
        select(ch.change_id, ch.recorded_at, ch.recorded_by, ch.recorded_via, ch.kind, ch.reason)
        .order_by(ch.change_id.desc())
        .limit(int(limit))
    )
    return _frame(
        engine, query, ["change_id", "recorded_at", "recorded_by", "recorded_via", "kind", "reason"]
    )

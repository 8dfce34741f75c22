"""The committee's own record: meetings, decisions, action items, strategies and tasks, and
"since the last meeting" — what changed between two dates, read from the versioned tables.

:func:`changes_between` compares what was known and in force on the first date with what was known
and in force on the second (both through :func:`tracker.queries.facts_as_of`), so a correction
recorded after a meeting shows up as a change, and nothing is copied aside.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select
from sqlalchemy.sql import Select

from .. import frames
from ..db import queries
from ..db.queries import facts_as_of, known_by, read
from ..records import reads as records_reads
from ..schedule import metrics as schedule_metrics
from ..schedule.metrics import as_date
from .metrics import ChangeSummary, Snapshot, diff, overdue_days

# --- meetings, decisions, action items -----------------------------------------------------------


def _bodies(initiative_key: str, as_of: dt.date):
    cb = facts_as_of("committee_bodies", as_of)
    return cb, cb.c.initiative_key == initiative_key


def meetings(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Meetings of the initiative's committee and subcommittees, newest first, with counts."""
    return read(engine, _meetings_statement(initiative_key, as_of))


@queries.built_once
def _meetings_statement(initiative_key: str, as_of: dt.date) -> Select:
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    de = facts_as_of("decisions", as_of)
    ai = facts_as_of("action_items", as_of)
    decisions_count = select(func.count()).where(de.c.meeting_key == mt.c.key).scalar_subquery()
    actions_count = select(func.count()).where(ai.c.meeting_key == mt.c.key).scalar_subquery()
    return (
        select(
            mt.c.key,
            mt.c.held_on,
            mt.c.number,
            mt.c.title_ko,
            mt.c.title_en,
            mt.c.location_ko,
            mt.c.agenda_ko,
            mt.c.agenda_en,
            mt.c.source_key,
            cb.c.key.label("body_key"),
            cb.c.name_ko.label("body_ko"),
            cb.c.name_en.label("body_en"),
            cb.c.kind.label("body_kind"),
            decisions_count.label("decisions"),
            actions_count.label("action_items"),
        )
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), mt.c.key)
    )


def committee_bodies(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _committee_bodies_statement(initiative_key, as_of))


@queries.built_once
def _committee_bodies_statement(initiative_key: str, as_of: dt.date) -> Select:
    cb, of_initiative = _bodies(initiative_key, as_of)
    return (
        select(
            cb.c.key,
            cb.c.parent_key,
            cb.c.name_ko,
            cb.c.name_en,
            cb.c.kind,
            cb.c.formed_on,
            cb.c.formed_precision,
            cb.c.note,
        )
        .where(of_initiative)
        .order_by(cb.c.parent_key.is_not(None), cb.c.kind, cb.c.key)
    )


def decisions(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _decisions_statement(initiative_key, as_of))


@queries.built_once
def _decisions_statement(initiative_key: str, as_of: dt.date) -> Select:
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    de = facts_as_of("decisions", as_of)
    return (
        select(
            de.c.key,
            de.c.text_ko,
            de.c.text_en,
            de.c.source_key,
            mt.c.key.label("meeting_key"),
            mt.c.held_on,
            mt.c.title_ko.label("meeting_ko"),
            mt.c.title_en.label("meeting_en"),
        )
        .join(mt, mt.c.key == de.c.meeting_key)
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), de.c.key)
    )


def action_items(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Action items with their meeting, ``overdue_days`` and ``completed_late_days``."""
    frame = read(engine, _action_items_statement(initiative_key, as_of))
    frame["overdue_days"] = pd.array(
        [overdue_days(r["status"], r["due_on"], as_of) for r in frames.records(frame)],
        dtype="Int64",
    )
    late = []
    for r in frames.records(frame):
        due, done = as_date(r["due_on"]), as_date(r["completed_on"])
        late.append((done - due).days if due and done and done > due else None)
    frame["completed_late_days"] = pd.array(late, dtype="Int64")
    return frame


@queries.built_once
def _action_items_statement(initiative_key: str, as_of: dt.date) -> Select:
    cb, of_initiative = _bodies(initiative_key, as_of)
    mt = facts_as_of("meetings", as_of)
    ai = facts_as_of("action_items", as_of)
    return (
        select(
            ai.c.key,
            ai.c.text_ko,
            ai.c.text_en,
            ai.c.owner,
            ai.c.due_on,
            ai.c.status,
            ai.c.completed_on,
            ai.c.source_key,
            ai.c.note,
            mt.c.key.label("meeting_key"),
            mt.c.held_on,
            mt.c.title_ko.label("meeting_ko"),
            mt.c.title_en.label("meeting_en"),
        )
        .join(mt, mt.c.key == ai.c.meeting_key)
        .join(cb, cb.c.key == mt.c.body_key)
        .where(of_initiative)
        .order_by(mt.c.held_on.desc(), ai.c.due_on, ai.c.key)
    )


# --- strategies and tasks ------------------------------------------------------------------------


def strategy_progress(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Strategies with their recorded tasks: count, done, stopped and mean progress (in SQL)."""
    return read(engine, _strategy_progress_statement(initiative_key, as_of))


@queries.built_once
def _strategy_progress_statement(initiative_key: str, as_of: dt.date) -> Select:
    st = facts_as_of("strategies", as_of)
    tk = facts_as_of("tasks", as_of)
    return (
        select(
            st.c.key,
            st.c.number,
            st.c.name_ko,
            st.c.name_en,
            st.c.note,
            st.c.source_key,
            func.count(tk.c.key).label("tasks"),
            func.coalesce(func.sum(case_when(tk.c.status == "done")), 0).label("done"),
            func.coalesce(func.sum(case_when(tk.c.status == "stopped")), 0).label("stopped"),
            func.avg(tk.c.progress_pct).label("progress_pct"),
        )
        .join(tk, tk.c.strategy_key == st.c.key, isouter=True)
        .where(st.c.initiative_key == initiative_key)
        .group_by(st.c.key, st.c.number, st.c.name_ko, st.c.name_en, st.c.note, st.c.source_key)
        .order_by(st.c.number, st.c.key)
    )


def case_when(condition):
    return case((condition, 1), else_=0)


def tasks(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _tasks_statement(initiative_key, as_of))


@queries.built_once
def _tasks_statement(initiative_key: str, as_of: dt.date) -> Select:
    st = facts_as_of("strategies", as_of)
    tk = facts_as_of("tasks", as_of)
    return (
        select(
            tk.c.key,
            tk.c.number,
            tk.c.name_ko,
            tk.c.name_en,
            tk.c.progress_pct,
            tk.c.status,
            tk.c.source_key,
            st.c.key.label("strategy_key"),
            st.c.number.label("strategy_number"),
            st.c.name_ko.label("strategy_ko"),
            st.c.name_en.label("strategy_en"),
        )
        .join(st, st.c.key == tk.c.strategy_key)
        .where(st.c.initiative_key == initiative_key)
        .order_by(st.c.number, tk.c.number, tk.c.key)
    )


def _agreements(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _agreements_statement(initiative_key, as_of))


@queries.built_once
def _agreements_statement(initiative_key: str, as_of: dt.date) -> Select:
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    return (
        select(
            ag.c.key,
            ag.c.kind,
            ag.c.signed_on,
            ag.c.signed_precision,
            ag.c.seq_no,
            pa.c.name_ko,
            func.coalesce(pa.c.name_en, pa.c.name_ko).label("name_en"),
        )
        .join(pa, pa.c.key == ag.c.partner_key, isouter=True)
        .where(
            ag.c.initiative_key == initiative_key,
            or_(ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of)),
        )
    )


def _centres(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _centres_statement(initiative_key, as_of))


@queries.built_once
def _centres_statement(initiative_key: str, as_of: dt.date) -> Select:
    ce = facts_as_of("centres", as_of)
    return select(
        ce.c.key,
        ce.c.name_ko,
        func.coalesce(ce.c.name_en, ce.c.name_ko).label("name_en"),
        ce.c.opened_on,
        ce.c.opened_precision,
    ).where(
        ce.c.initiative_key == initiative_key,
        and_(ce.c.opened_on.is_not(None), known_by(ce.c.opened_on, ce.c.opened_precision, as_of)),
    )


def _plans(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return read(engine, _plans_statement(initiative_key, as_of))


@queries.built_once
def _plans_statement(initiative_key: str, as_of: dt.date) -> Select:
    pv = facts_as_of("plan_versions", as_of)
    return select(
        pv.c.key,
        pv.c.label_ko.label("name_ko"),
        pv.c.label_en.label("name_en"),
        pv.c.announced_on,
        pv.c.announced_precision,
        pv.c.kind,
        pv.c.total_won,
        pv.c.is_estimate,
    ).where(
        pv.c.initiative_key == initiative_key,
        known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
    )


def _meetings_held(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    frame = meetings(engine, initiative_key, as_of)
    return frame[[as_date(d) <= as_of for d in frame["held_on"]]]


def snapshot(engine: Engine, initiative_key: str, on: dt.date) -> Snapshot:
    return Snapshot(
        on=on,
        executed=queries.executed_total(engine, initiative_key, on),
        tallies=queries.agreement_counts(engine, initiative_key, on),
        milestones=queries.milestones(engine, initiative_key, on),
        agreements=_agreements(engine, initiative_key, on),
        centres=_centres(engine, initiative_key, on),
        tasks=tasks(engine, initiative_key, on),
        plans=_plans(engine, initiative_key, on),
        meetings=_meetings_held(engine, initiative_key, on),
    )


def _known_on(day: dt.date, reader, *args):
    """``reader(*args)`` with the facts as on record by the end of ``day``, later corrections
    left out (see ``queries.recorded_on``)."""
    with queries.recorded_on(day, corrections_only=True):
        return reader(*args)


def changes_between(
    engine: Engine, initiative_key: str, start: dt.date, end: dt.date
) -> ChangeSummary:
    """What changed after ``start`` up to and including ``end`` (dates swapped if reversed)."""
    if end < start:
        start, end = end, start
    # Both ends read the facts as they were on record then (later corrections left out, the
    # bundled data and late first entries kept), capped by the recorded-on day in force: a
    # backdated correction recorded inside the window so shows as a change, and is listed.
    looking_back = queries.current_recorded_on()
    opened_on, closed_on = (min(day, looking_back) if looking_back else day for day in (start, end))
    # the two ends and the corrections need nothing from each other: read side by side
    before, after, versions, corrections = queries.side_by_side(
        functools.partial(_known_on, opened_on, snapshot, engine, initiative_key, start),
        functools.partial(_known_on, closed_on, snapshot, engine, initiative_key, end),
        functools.partial(
            _known_on, closed_on, queries.milestone_versions, engine, initiative_key, end
        ),
        lambda: records_reads.backdated_changes(
            engine, start, until=closed_on, initiative_key=initiative_key
        ),
    )
    summary = diff(before, after, schedule_metrics.status_changes(versions))
    summary.corrections = frames.records(corrections)
    return summary

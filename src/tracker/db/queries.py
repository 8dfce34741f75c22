"""The read path: every read is "as of" a date and returns a DataFrame, aggregated in SQL.

``facts_as_of(name, as_of)`` (in ``asof``, re-exported here) is the building block: the version of each fact in force on that
date (latest ``valid_from`` on or before it; tombstones drop the fact). Everything else composes
it, so every page and report reads the same numbers.

The second time axis, "as recorded on": ``facts_as_of(..., recorded_on=day)`` also ignores
versions whose change was recorded after the end of ``day`` (UTC), so a view can be shown
exactly as it was on a past day even after backdated corrections. Reads do not pass it one by
one: ``with recorded_on(day):`` sets it for every ``facts_as_of`` inside (the UI's cached reads
and the briefing pack do this, and include the day in their cache keys and titles).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import (
    Date,
    Engine,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.sql import Select, Subquery

from . import rules, schema, store
from .asof import (
    built_once,
    ever_keys,
    ever_references,
    facts_as_of,
    initiative_expenditures,
    initiative_facts,
    none_for_missing,
    read,
    side_by_side,
)
from .memo import data_version, memoised
from .recorded import current_recorded_on, recorded_conditions, recorded_on
from .rules import MILESTONE_STATES, known_by

UPCOMING_DAYS = 90


def table_counts(engine: Engine) -> pd.DataFrame:
    """Rows (all versions) and current facts per table."""
    today = dt.date.today()
    parts = []
    for name in schema.LOAD_ORDER:
        tbl = schema.FACTS[name].table
        current = facts_as_of(name, today)
        parts.append(
            select(
                literal(name).label("table"),
                select(func.count()).select_from(tbl).scalar_subquery().label("versions"),
                select(func.count()).select_from(current).scalar_subquery().label("current"),
            )
        )
    return read(engine, union_all(*parts))


# --- initiatives -------------------------------------------------------------------------------


@memoised  # the sidebar, the budget and portfolio reads and the briefing pack each need it
def initiatives(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Initiatives, the most documented first (the programme a deployment tracks day to day)."""
    return read(engine, _initiatives_statement(as_of))


@built_once
def _initiatives_statement(as_of: dt.date) -> Select:
    ini = facts_as_of("initiatives", as_of)
    reg = facts_as_of("regions", as_of)
    ms = facts_as_of("milestones", as_of)
    # counted once per initiative and joined, not a count correlated with each initiative
    # (which ranked every milestone's versions again for each of them)
    per_initiative = (
        select(ms.c.initiative_key, func.count().label("milestones"))
        .group_by(ms.c.initiative_key)
        .subquery("milestones_per_initiative")
    )
    milestone_count = func.coalesce(per_initiative.c.milestones, 0).label("milestone_count")
    return (
        select(
            ini.c.key,
            ini.c.name_ko,
            ini.c.name_en,
            ini.c.phase,
            ini.c.start_year,
            ini.c.end_year,
            ini.c.envelope_won,
            ini.c.is_estimate,
            ini.c.status,
            ini.c.note,
            reg.c.key.label("region_key"),
            reg.c.kostat_code,
            reg.c.name_ko.label("region_ko"),
            reg.c.name_en.label("region_en"),
            milestone_count,
        )
        .join(reg, reg.c.key == ini.c.region_key, isouter=True)
        .join(per_initiative, per_initiative.c.initiative_key == ini.c.key, isouter=True)
        .order_by(milestone_count.desc(), reg.c.kostat_code, ini.c.phase, ini.c.key)
    )


def latest_plan_total(engine: Engine, initiative_key: str, as_of: dt.date) -> dict | None:
    """The most recent plan or reported programme total announced on or before ``as_of``."""
    frame = read(engine, _latest_plan_total_statement(initiative_key, as_of))
    return None if frame.empty else frame.iloc[0].to_dict()


@built_once
def _latest_plan_total_statement(initiative_key: str, as_of: dt.date) -> Select:
    pv = initiative_facts("plan_versions", initiative_key, as_of)
    src = facts_as_of("sources", as_of)
    return (
        select(pv, src.c.outlet, src.c.url)
        .join(src, src.c.key == pv.c.source_key, isouter=True)
        .where(
            pv.c.initiative_key == initiative_key,
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
        )
        .order_by(pv.c.announced_on.desc(), pv.c.row_id.desc())
        .limit(1)
    )


def plan_totals(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Every announced or reported programme total up to ``as_of``, oldest first."""
    return read(engine, _plan_totals_statement(initiative_key, as_of))


@built_once
def _plan_totals_statement(initiative_key: str, as_of: dt.date) -> Select:
    pv = initiative_facts("plan_versions", initiative_key, as_of)
    return (
        select(
            pv.c.key,
            pv.c.label_ko,
            pv.c.label_en,
            pv.c.announced_on,
            pv.c.announced_precision,
            pv.c.kind,
            pv.c.total_won,
            pv.c.is_estimate,
            pv.c.source_key,
        )
        .where(
            pv.c.initiative_key == initiative_key,
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
        )
        .order_by(pv.c.announced_on, pv.c.key)
    )


# --- milestones ----------------------------------------------------------------------------------


def milestone_state(ms: Subquery, as_of: dt.date, *, dependants: Subquery | None = None):
    """A milestone's state on ``as_of`` (:func:`tracker.db.rules.milestone_state`); the
    milestones it looks its dependants up in default to those in force on ``as_of``."""
    if dependants is None:
        dependants = _dependants(as_of)
    return rules.milestone_state(ms, as_of, dependants=dependants)


@built_once
def _dependants(as_of: dt.date) -> Subquery:
    """Only milestones that depend on one can make it "done, undated"."""
    return facts_as_of("milestones", as_of, among=lambda v: v.c.depends_on.is_not(None))


def milestones(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Milestones of an initiative with their state and due date on ``as_of``."""
    return read(engine, _milestones(initiative_key, as_of))


@built_once
def _milestones(initiative_key: str, as_of: dt.date) -> Select:
    ms = initiative_facts("milestones", initiative_key, as_of)
    # only the projects its milestones name: joining two ranked tables whole is a nested loop
    named = ever_references("milestones", "project_key", "initiative_key", initiative_key)
    pr = facts_as_of("projects", as_of, among=lambda v: v.c.key.in_(named))
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    return (
        select(
            ms.c.key,
            ms.c.name_ko,
            ms.c.name_en,
            ms.c.project_key,
            pr.c.name_ko.label("project_ko"),
            pr.c.name_en.label("project_en"),
            pr.c.category,
            ms.c.baseline_date,
            ms.c.baseline_precision,
            ms.c.forecast_date,
            ms.c.forecast_precision,
            ms.c.actual_date,
            ms.c.actual_precision,
            ms.c.status,
            ms.c.progress_pct,
            ms.c.depends_on,
            ms.c.source_key,
            ms.c.is_estimate,
            ms.c.note,
            ms.c.valid_from,
            due.label("due_date"),
            milestone_state(ms, as_of).label("state"),
        )
        .join(pr, pr.c.key == ms.c.project_key, isouter=True)
        .where(ms.c.initiative_key == initiative_key)
        .order_by(func.coalesce(ms.c.actual_date, due), ms.c.key)
    )


def milestone_versions(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Every recorded version (known by ``as_of``) of an initiative's milestones, oldest first.

    The history behind a milestone's current state: when it was stopped, resumed or re-planned.
    """
    return read(engine, _milestone_versions_statement(initiative_key, as_of))


@built_once
def _milestone_versions_statement(initiative_key: str, as_of: dt.date) -> Select:
    tbl = schema.milestones
    known = recorded_conditions(tbl)
    keys = (
        select(tbl.c.key)
        .where(tbl.c.initiative_key == initiative_key, tbl.c.valid_from <= as_of, *known)
        .distinct()
    )
    return (
        select(
            tbl.c.key,
            tbl.c.valid_from,
            tbl.c.status,
            tbl.c.progress_pct,
            tbl.c.baseline_date,
            tbl.c.forecast_date,
            tbl.c.actual_date,
            tbl.c.is_deleted,
            tbl.c.source_key,
        )
        .where(tbl.c.key.in_(keys), tbl.c.valid_from <= as_of, *known)
        .order_by(tbl.c.key, tbl.c.valid_from, tbl.c.row_id)
    )


def milestone_counts(engine: Engine, initiative_key: str, as_of: dt.date) -> dict[str, int]:
    ms = initiative_facts("milestones", initiative_key, as_of)
    state = milestone_state(ms, as_of)
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    stmt = select(
        func.count().label("total"),
        # done counts "done, date unknown" too; those are also counted on their own
        func.sum(case((state.in_(("done", "done_undated")), 1), else_=0)).label("done"),
        func.sum(case((state == "done_undated", 1), else_=0)).label("done_undated"),
        func.sum(case((state == "late", 1), else_=0)).label("late"),
        func.sum(case((state == "not_recorded", 1), else_=0)).label("not_recorded"),
        func.sum(case((state == "stopped", 1), else_=0)).label("stopped"),
        func.sum(
            case((and_(state.in_(("on_track", "at_risk")), due <= horizon), 1), else_=0)
        ).label("upcoming"),
    ).where(ms.c.initiative_key == initiative_key)
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


def milestones_by_year(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Milestone counts per year and state: the year done if done, else the year due."""
    frame = read(engine, _milestones_by_year_statement(initiative_key, as_of))
    frame["year"] = frame["year"].astype("Int64")
    return frame


@built_once
def _milestones_by_year_statement(initiative_key: str, as_of: dt.date) -> Select:
    ms = initiative_facts("milestones", initiative_key, as_of)
    state = milestone_state(ms, as_of)
    day = case(
        (state == "done", func.coalesce(ms.c.actual_date, ms.c.forecast_date, ms.c.baseline_date)),
        else_=func.coalesce(ms.c.forecast_date, ms.c.baseline_date),
    )
    year = func.extract("year", day)
    return (
        select(
            year.label("year"),
            state.label("state"),
            func.count().label("milestones"),
        )
        .where(ms.c.initiative_key == initiative_key)
        .group_by(year, state)
        .order_by(year, state)
    )


def milestone_source_keys(engine: Engine, initiative_key: str, as_of: dt.date) -> list[str]:
    ms = initiative_facts("milestones", initiative_key, as_of)
    stmt = (
        select(ms.c.source_key)
        .where(ms.c.initiative_key == initiative_key, ms.c.source_key.is_not(None))
        .distinct()
        .order_by(ms.c.source_key)
    )
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def next_milestones(
    engine: Engine, initiative_key: str, as_of: dt.date, limit: int = 5
) -> pd.DataFrame:
    """Open milestones, most overdue first, then the soonest due."""
    frame = milestones(engine, initiative_key, as_of)
    open_ = frame[frame["state"].isin(["late", "at_risk", "on_track", "stopped"])]
    return open_.sort_values("due_date", na_position="last").head(limit).reset_index(drop=True)


# --- money ---------------------------------------------------------------------------------------


def executed_total(engine: Engine, initiative_key: str, as_of: dt.date) -> dict:
    """Sum and count of recorded expenditures up to ``as_of`` (count 0 means none recorded)."""
    ex = initiative_expenditures(initiative_key, as_of)
    stmt = select(
        func.coalesce(func.sum(ex.c.amount_won), 0).label("won"), func.count().label("records")
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().one()
    return {"won": int(row["won"]), "records": int(row["records"])}


# --- partners ------------------------------------------------------------------------------------


def agreement_counts(engine: Engine, initiative_key: str, as_of: dt.date) -> dict:
    """Agreements recorded one by one, and the latest sourced cumulative tallies, up to ``as_of``."""
    ag = initiative_facts("agreements", initiative_key, as_of)
    ce = initiative_facts("centres", initiative_key, as_of)
    ta = initiative_facts("agreement_tallies", initiative_key, as_of)
    with engine.connect() as conn:
        recorded = conn.execute(
            select(func.count()).where(
                ag.c.initiative_key == initiative_key,
                ag.c.kind == "mou",
                or_(
                    ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of)
                ),
            )
        ).scalar_one()
        centres_open = conn.execute(
            select(func.count()).where(
                ce.c.initiative_key == initiative_key,
                known_by(ce.c.opened_on, ce.c.opened_precision, as_of),
            )
        ).scalar_one()

        def latest(column):
            return (
                conn.execute(
                    select(
                        column,
                        ta.c.counted_on,
                        ta.c.counted_precision,
                        ta.c.is_estimate,
                        ta.c.source_key,
                    )
                    .where(
                        ta.c.initiative_key == initiative_key,
                        column.is_not(None),
                        known_by(ta.c.counted_on, ta.c.counted_precision, as_of),
                    )
                    .order_by(ta.c.counted_on.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )

        mou_tally = latest(ta.c.cumulative_agreements)
        office_tally = latest(ta.c.offices_cumulative)
    return {
        "mous_recorded": int(recorded),
        "centres_recorded": int(centres_open),
        "mou_tally": dict(mou_tally) if mou_tally else None,
        "office_tally": dict(office_tally) if office_tally else None,
    }


# --- events and sources -------------------------------------------------------------------------


def recent_events(
    engine: Engine, initiative_key: str, as_of: dt.date, limit: int = 8
) -> pd.DataFrame:
    """What happened, newest first: milestones reached, agreements, centres, meetings, plans."""
    ms = initiative_facts("milestones", initiative_key, as_of)
    ag = initiative_facts("agreements", initiative_key, as_of)
    named = ever_references("agreements", "partner_key", "initiative_key", initiative_key)
    pa = facts_as_of("partners", as_of, among=lambda v: v.c.key.in_(named))
    ce = initiative_facts("centres", initiative_key, as_of)
    bodies = ever_keys("committee_bodies", "initiative_key", initiative_key)
    mt = facts_as_of("meetings", as_of, among=lambda v: v.c.body_key.in_(bodies))
    cb = initiative_facts("committee_bodies", initiative_key, as_of)
    pv = initiative_facts("plan_versions", initiative_key, as_of)

    def event(kind, tbl, day, precision, name_ko, name_en):
        """One kind of dated event, counted once its date has passed (see ``known_by``)."""
        columns = [
            literal(kind, String).label("kind"),
            tbl.c.key.label("key"),
            type_coerce(day, Date).label("event_date"),
            (literal("day", String) if precision is None else precision).label("event_precision"),
            name_ko.label("name_ko"),
            func.coalesce(name_en, name_ko).label("name_en"),
            tbl.c.source_key.label("source_key"),
        ]
        return select(*columns).where(known_by(day, precision, as_of))

    parts = [
        event(
            "milestone", ms, ms.c.actual_date, ms.c.actual_precision, ms.c.name_ko, ms.c.name_en
        ).where(ms.c.initiative_key == initiative_key),
        event("agreement", ag, ag.c.signed_on, ag.c.signed_precision, pa.c.name_ko, pa.c.name_en)
        .join(pa, pa.c.key == ag.c.partner_key)
        .where(ag.c.initiative_key == initiative_key),
        event(
            "centre", ce, ce.c.opened_on, ce.c.opened_precision, ce.c.name_ko, ce.c.name_en
        ).where(ce.c.initiative_key == initiative_key),
        event("meeting", mt, mt.c.held_on, None, mt.c.title_ko, mt.c.title_en)
        .join(cb, cb.c.key == mt.c.body_key)
        .where(cb.c.initiative_key == initiative_key),
        event(
            "plan", pv, pv.c.announced_on, pv.c.announced_precision, pv.c.label_ko, pv.c.label_en
        ).where(pv.c.initiative_key == initiative_key),
    ]
    events = union_all(*parts).subquery("events")
    stmt = (
        select(events)
        .order_by(events.c.event_date.desc(), events.c.kind, events.c.key)
        .limit(limit)
    )
    return read(engine, stmt)


def sources(engine: Engine, keys: list[str] | None, as_of: dt.date) -> pd.DataFrame:
    src = facts_as_of("sources", as_of)
    stmt = select(
        src.c.key,
        src.c.outlet,
        src.c.published_on,
        src.c.published_precision,
        src.c.title,
        src.c.url,
        src.c.confidence,
    ).order_by(src.c.published_on.desc(), src.c.key)
    if keys is not None:
        keys = [k for k in keys if isinstance(k, str) and k]
        if not keys:
            return pd.DataFrame(
                columns=[
                    "key",
                    "outlet",
                    "published_on",
                    "published_precision",
                    "title",
                    "url",
                    "confidence",
                ]
            )
        stmt = stmt.where(src.c.key.in_(keys))
    frame = read(engine, stmt)
    # Stored before links were checked on write: anything but http(s) is not shown as a link.
    safe = [u if isinstance(u, str) and store.is_web_url(u) else None for u in frame["url"]]
    frame["url"] = pd.Series(safe, index=frame.index, dtype=object)
    return frame


def outlet_names(engine: Engine, keys, as_of: dt.date) -> list[str]:
    """Outlets of the given sources, in the order the keys come (for a figure's source line)."""
    keys = list(dict.fromkeys(k for k in keys if isinstance(k, str) and k))
    frame = sources(engine, keys, as_of)
    by_key = dict(zip(frame["key"], frame["outlet"], strict=True))
    return list(dict.fromkeys(by_key.get(k, k) for k in keys))


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.initiatives)).scalar_one() == 0


def is_synthetic(engine: Engine) -> bool:
    """Whether any fact was written by ``tracker seed --synthetic`` (pages and exports say so)."""
    with engine.connect() as conn:
        found = conn.execute(
            select(schema.changes.c.change_id).where(schema.changes.c.kind == "synthetic").limit(1)
        ).first()
    return found is not None


__all__ = [
    "facts_as_of",
    "initiative_facts",
    "ever_keys",
    "none_for_missing",
    "known_by",
    "recorded_on",
    "current_recorded_on",
    "read",
    "side_by_side",
    "built_once",
    "data_version",
    "initiatives",
    "milestones",
    "milestone_versions",
    "milestone_counts",
    "milestone_state",
    "MILESTONE_STATES",
    "executed_total",
    "agreement_counts",
    "recent_events",
    "sources",
    "latest_plan_total",
    "is_empty",
    "is_synthetic",
]

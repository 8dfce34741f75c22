"""The read path: every read is "as of" a date and returns a DataFrame, aggregated in SQL.

``facts_as_of(name, as_of)`` is the building block: the version of each fact in force on that
date (latest ``valid_from`` on or before it; tombstones drop the fact). Everything else composes
it, so every page and report reads the same numbers.
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

from . import schema, store

UPCOMING_DAYS = 90


def facts_as_of(name: str, as_of: dt.date) -> Subquery:
    """Subquery of the current version of every fact of table ``name`` on ``as_of``."""
    tbl = schema.FACTS[name].table
    ranked = (
        select(
            tbl,
            func.row_number()
            .over(partition_by=tbl.c.key, order_by=(tbl.c.valid_from.desc(), tbl.c.row_id.desc()))
            .label("version_rank"),
        )
        .where(tbl.c.valid_from <= as_of)
        .subquery(f"{name}_ranked")
    )
    columns = [ranked.c[c.name] for c in tbl.columns if c.name != "is_deleted"]
    return (
        select(*columns)
        .where(ranked.c.version_rank == 1, ranked.c.is_deleted.is_(False))
        .subquery(name)
    )


def read(engine: Engine, statement: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    return none_for_missing(frame, text_only=True)


def none_for_missing(frame: pd.DataFrame, *, text_only: bool = False) -> pd.DataFrame:
    """Missing values as None, not NaN (NaN is truthy, so ``x or default`` and labels print "nan").

    pandas 3 stores missing text as NaN; frames assembled with concat/merge also bring NaN into
    date and flag columns. ``text_only`` converts text columns only; otherwise every column that
    is not numeric (flags included) becomes an object column holding None.
    """
    for column in frame.columns:
        series = frame[column]
        if text_only:
            convert = pd.api.types.is_string_dtype(series)
        else:
            convert = not pd.api.types.is_numeric_dtype(series) or series.dtype == bool
        if convert:
            values = series.astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def data_version(engine: Engine) -> int:
    """Grows with every change set; cache keys include it so edits show at once."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.coalesce(func.max(schema.changes.c.change_id), 0))
        ).scalar_one()


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


def initiatives(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Initiatives, the most documented first (the programme a deployment tracks day to day)."""
    ini = facts_as_of("initiatives", as_of)
    reg = facts_as_of("regions", as_of)
    ms = facts_as_of("milestones", as_of)
    milestone_count = (
        select(func.count())
        .where(ms.c.initiative_key == ini.c.key)
        .scalar_subquery()
        .label("milestone_count")
    )
    stmt = (
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
        .order_by(milestone_count.desc(), reg.c.kostat_code, ini.c.phase, ini.c.key)
    )
    return read(engine, stmt)


def latest_plan_total(engine: Engine, initiative_key: str, as_of: dt.date) -> dict | None:
    """The most recent plan or reported programme total announced on or before ``as_of``."""
    pv = facts_as_of("plan_versions", as_of)
    src = facts_as_of("sources", as_of)
    stmt = (
        select(pv, src.c.outlet, src.c.url)
        .join(src, src.c.key == pv.c.source_key, isouter=True)
        .where(
            pv.c.initiative_key == initiative_key,
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            pv.c.announced_on <= as_of,
        )
        .order_by(pv.c.announced_on.desc(), pv.c.row_id.desc())
        .limit(1)
    )
    frame = read(engine, stmt)
    return None if frame.empty else frame.iloc[0].to_dict()


def plan_totals(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Every announced or reported programme total up to ``as_of``, oldest first."""
    pv = facts_as_of("plan_versions", as_of)
    stmt = (
        select(
            pv.c.key,
            pv.c.label_ko,
            pv.c.label_en,
            pv.c.announced_on,
            pv.c.kind,
            pv.c.total_won,
            pv.c.is_estimate,
            pv.c.source_key,
        )
        .where(
            pv.c.initiative_key == initiative_key,
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            pv.c.announced_on <= as_of,
        )
        .order_by(pv.c.announced_on, pv.c.key)
    )
    return read(engine, stmt)


# --- milestones ----------------------------------------------------------------------------------


def milestone_state(ms: Subquery, as_of: dt.date):
    """SQL expression for a milestone's state on ``as_of``; the one rule every page uses.

    done: an actual date on or before as_of. stopped/cancelled: as recorded. unscheduled: no
    planned or forecast date. late: the due date (forecast, else baseline) has passed.
    at_risk: forecast later than the baseline, not yet due. on_track: otherwise.
    """
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    return case(
        (and_(ms.c.actual_date.is_not(None), ms.c.actual_date <= as_of), "done"),
        (ms.c.status == "done", "done"),
        (ms.c.status.in_(("stopped", "cancelled")), ms.c.status),
        (due.is_(None), "unscheduled"),
        (due < as_of, "late"),
        (and_(ms.c.forecast_date.is_not(None), ms.c.forecast_date > ms.c.baseline_date), "at_risk"),
        else_="on_track",
    )


def milestones(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Milestones of an initiative with their state and due date on ``as_of``."""
    ms = facts_as_of("milestones", as_of)
    pr = facts_as_of("projects", as_of)
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    stmt = (
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
            ms.c.actual_date,
            ms.c.actual_precision,
            ms.c.status,
            ms.c.progress_pct,
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
    return read(engine, stmt)


def milestone_versions(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Every recorded version (known by ``as_of``) of an initiative's milestones, oldest first.

    The history behind a milestone's current state: when it was stopped, resumed or re-planned.
    """
    tbl = schema.milestones
    keys = (
        select(tbl.c.key)
        .where(tbl.c.initiative_key == initiative_key, tbl.c.valid_from <= as_of)
        .distinct()
    )
    stmt = (
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
        .where(tbl.c.key.in_(keys), tbl.c.valid_from <= as_of)
        .order_by(tbl.c.key, tbl.c.valid_from, tbl.c.row_id)
    )
    return read(engine, stmt)


def milestone_counts(engine: Engine, initiative_key: str, as_of: dt.date) -> dict[str, int]:
    ms = facts_as_of("milestones", as_of)
    state = milestone_state(ms, as_of)
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    horizon = as_of + dt.timedelta(days=UPCOMING_DAYS)
    stmt = select(
        func.count().label("total"),
        func.sum(case((state == "done", 1), else_=0)).label("done"),
        func.sum(case((state == "late", 1), else_=0)).label("late"),
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
    ms = facts_as_of("milestones", as_of)
    state = milestone_state(ms, as_of)
    day = case(
        (state == "done", func.coalesce(ms.c.actual_date, ms.c.forecast_date, ms.c.baseline_date)),
        else_=func.coalesce(ms.c.forecast_date, ms.c.baseline_date),
    )
    year = func.extract("year", day)
    stmt = (
        select(
            year.label("year"),
            state.label("state"),
            func.count().label("milestones"),
        )
        .where(ms.c.initiative_key == initiative_key)
        .group_by(year, state)
        .order_by(year, state)
    )
    frame = read(engine, stmt)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def milestone_source_keys(engine: Engine, initiative_key: str, as_of: dt.date) -> list[str]:
    ms = facts_as_of("milestones", as_of)
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
    ex = facts_as_of("expenditures", as_of)
    pr = facts_as_of("projects", as_of)
    stmt = (
        select(
            func.coalesce(func.sum(ex.c.amount_won), 0).label("won"), func.count().label("records")
        )
        .join(pr, pr.c.key == ex.c.project_key)
        .where(pr.c.initiative_key == initiative_key, ex.c.spent_on <= as_of)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().one()
    return {"won": int(row["won"]), "records": int(row["records"])}


# --- partners ------------------------------------------------------------------------------------


def agreement_counts(engine: Engine, initiative_key: str, as_of: dt.date) -> dict:
    """Agreements recorded one by one, and the latest sourced cumulative tallies, up to ``as_of``."""
    ag = facts_as_of("agreements", as_of)
    ce = facts_as_of("centres", as_of)
    ta = facts_as_of("agreement_tallies", as_of)
    with engine.connect() as conn:
        recorded = conn.execute(
            select(func.count()).where(
                ag.c.initiative_key == initiative_key,
                ag.c.kind == "mou",
                or_(ag.c.signed_on.is_(None), ag.c.signed_on <= as_of),
            )
        ).scalar_one()
        centres_open = conn.execute(
            select(func.count()).where(
                ce.c.initiative_key == initiative_key,
                ce.c.opened_on.is_not(None),
                ce.c.opened_on <= as_of,
            )
        ).scalar_one()

        def latest(column):
            return (
                conn.execute(
                    select(column, ta.c.counted_on, ta.c.is_estimate, ta.c.source_key)
                    .where(
                        ta.c.initiative_key == initiative_key,
                        column.is_not(None),
                        ta.c.counted_on <= as_of,
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
    ms = facts_as_of("milestones", as_of)
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    ce = facts_as_of("centres", as_of)
    mt = facts_as_of("meetings", as_of)
    cb = facts_as_of("committee_bodies", as_of)
    pv = facts_as_of("plan_versions", as_of)

    def event(kind, day, name_ko, name_en, source_key, key):
        return [
            literal(kind, String).label("kind"),
            key.label("key"),
            type_coerce(day, Date).label("event_date"),
            name_ko.label("name_ko"),
            func.coalesce(name_en, name_ko).label("name_en"),
            source_key.label("source_key"),
        ]

    parts = [
        select(
            *event(
                "milestone", ms.c.actual_date, ms.c.name_ko, ms.c.name_en, ms.c.source_key, ms.c.key
            )
        ).where(
            ms.c.initiative_key == initiative_key,
            ms.c.actual_date.is_not(None),
            ms.c.actual_date <= as_of,
        ),
        select(
            *event(
                "agreement", ag.c.signed_on, pa.c.name_ko, pa.c.name_en, ag.c.source_key, ag.c.key
            )
        )
        .join(pa, pa.c.key == ag.c.partner_key)
        .where(
            ag.c.initiative_key == initiative_key,
            ag.c.signed_on.is_not(None),
            ag.c.signed_on <= as_of,
        ),
        select(
            *event("centre", ce.c.opened_on, ce.c.name_ko, ce.c.name_en, ce.c.source_key, ce.c.key)
        ).where(
            ce.c.initiative_key == initiative_key,
            ce.c.opened_on.is_not(None),
            ce.c.opened_on <= as_of,
        ),
        select(
            *event("meeting", mt.c.held_on, mt.c.title_ko, mt.c.title_en, mt.c.source_key, mt.c.key)
        )
        .join(cb, cb.c.key == mt.c.body_key)
        .where(cb.c.initiative_key == initiative_key, mt.c.held_on <= as_of),
        select(
            *event(
                "plan", pv.c.announced_on, pv.c.label_ko, pv.c.label_en, pv.c.source_key, pv.c.key
            )
        ).where(pv.c.initiative_key == initiative_key, pv.c.announced_on <= as_of),
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
        src.c.key, src.c.outlet, src.c.published_on, src.c.title, src.c.url, src.c.confidence
    ).order_by(src.c.published_on.desc(), src.c.key)
    if keys is not None:
        keys = [k for k in keys if isinstance(k, str) and k]
        if not keys:
            return pd.DataFrame(
                columns=["key", "outlet", "published_on", "title", "url", "confidence"]
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


__all__ = [
    "facts_as_of",
    "read",
    "data_version",
    "initiatives",
    "milestones",
    "milestone_versions",
    "milestone_counts",
    "milestone_state",
    "executed_total",
    "agreement_counts",
    "recent_events",
    "sources",
    "latest_plan_total",
    "is_empty",
]

"""Portfolio reads: one row of figures per initiative, as of a date, in a fixed number of queries.

Each query aggregates over every initiative at once (GROUP BY initiative), so the page costs the
same handful of round trips with ten initiatives or eighty; :func:`portfolio` runs them side by
side (``queries.side_by_side``), so it waits for the longest one rather than for their sum. The
figures follow the Overview's rules (the same envelope, execution and tally rules), so an
initiative's row and its Overview agree.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, or_, select, union_all
from sqlalchemy.sql import Select

from ..db import queries
from ..db.queries import MILESTONE_STATES, facts_as_of, known_by, milestone_state, read

STATES = MILESTONE_STATES  # one count column (ms_<state>) per state the rules know


def plan_totals(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """First and latest announced programme total per initiative (never summed across versions)."""
    pv = facts_as_of("plan_versions", as_of)
    ranked = (
        select(
            pv.c.initiative_key,
            pv.c.total_won,
            pv.c.announced_on,
            pv.c.is_estimate,
            pv.c.source_key,
            func.row_number()
            .over(
                partition_by=pv.c.initiative_key,
                order_by=(pv.c.announced_on.asc(), pv.c.row_id.asc()),
            )
            .label("first_rank"),
            func.row_number()
            .over(
                partition_by=pv.c.initiative_key,
                order_by=(pv.c.announced_on.desc(), pv.c.row_id.desc()),
            )
            .label("last_rank"),
        )
        .where(
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
        )
        .subquery("ranked_totals")
    )
    first = read(
        engine,
        select(
            ranked.c.initiative_key,
            ranked.c.total_won.label("first_total_won"),
            ranked.c.announced_on.label("first_announced_on"),
        ).where(ranked.c.first_rank == 1),
    )
    last = read(
        engine,
        select(
            ranked.c.initiative_key,
            ranked.c.total_won.label("latest_total_won"),
            ranked.c.announced_on.label("latest_announced_on"),
            ranked.c.is_estimate.label("latest_is_estimate"),
            ranked.c.source_key.label("latest_source_key"),
        ).where(ranked.c.last_rank == 1),
    )
    return first.merge(last, on="initiative_key", how="outer")


def executed(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Per initiative: the sum and count of the expenditures spent by ``as_of``, and the newest
    ``valid_from`` among all its current expenditures (for :func:`latest_data`), in one pass."""
    return read(engine, executed_statement(as_of))


@queries.built_once
def executed_statement(as_of: dt.date) -> Select:
    """:func:`executed`'s query: the heaviest read of the dashboard (every current expenditure),
    whose plan ``make bench`` shows on both engines."""
    ex = facts_as_of("expenditures", as_of)
    spent = ex.c.spent_on <= as_of
    per_project = (  # sum per project first: the join then meets projects, not every payment
        select(
            ex.c.project_key,
            func.sum(case((spent, ex.c.amount_won))).label("won"),
            func.count(case((spent, 1))).label("records"),
            func.max(ex.c.valid_from).label("newest"),
        )
        .group_by(ex.c.project_key)
        .subquery("per_project")
    )
    pr = facts_as_of("projects", as_of)
    return (
        select(
            pr.c.initiative_key,
            func.sum(per_project.c.won).label("executed_won"),
            func.sum(per_project.c.records).label("expenditure_records"),
            func.max(per_project.c.newest).label("expenditures_latest_on"),
        )
        .join(pr, pr.c.key == per_project.c.project_key)
        .group_by(pr.c.initiative_key)
    )


def milestone_states(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Milestones per initiative and state (the one status rule, ``queries.milestone_state``)."""
    return read(engine, _milestone_states_statement(as_of))


@queries.built_once
def _milestone_states_statement(as_of: dt.date) -> Select:
    ms = facts_as_of("milestones", as_of)
    states = (  # the state once per milestone, then counted: not the rule once per column
        select(ms.c.initiative_key, milestone_state(ms, as_of).label("state")).subquery(
            "milestone_states"
        )
    )
    return select(
        states.c.initiative_key,
        *(func.sum(case((states.c.state == s, 1), else_=0)).label(f"ms_{s}") for s in STATES),
        func.count().label("ms_total"),
    ).group_by(states.c.initiative_key)


def next_milestones(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Per initiative, the open milestone that needs attention first: the most overdue, else the
    soonest due (as the Overview's list orders them)."""
    ms = facts_as_of("milestones", as_of)
    state = milestone_state(ms, as_of)
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    open_ = (
        select(
            ms.c.initiative_key,
            ms.c.key.label("next_key"),
            ms.c.name_ko.label("next_ko"),
            ms.c.name_en.label("next_en"),
            due.label("next_due"),
            case(
                (ms.c.forecast_date.is_not(None), ms.c.forecast_precision),
                else_=ms.c.baseline_precision,
            ).label("next_due_precision"),
            state.label("next_state"),
        )
        .where(due.is_not(None))
        .subquery("open_milestones")
    )
    ranked = (
        select(
            open_,
            func.row_number()
            .over(
                partition_by=open_.c.initiative_key,
                order_by=(open_.c.next_due.asc(), open_.c.next_key.asc()),
            )
            .label("rank"),
        )
        .where(open_.c.next_state.in_(("late", "at_risk", "on_track", "stopped")))
        .subquery("ranked_open")
    )
    columns = [c for c in ranked.c if c.name != "rank"]
    return read(engine, select(*columns).where(ranked.c.rank == 1))


def partner_counts(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Per initiative: MOUs and open centres recorded one by one, and the latest sourced tallies."""
    ag = facts_as_of("agreements", as_of)
    ce = facts_as_of("centres", as_of)
    ta = facts_as_of("agreement_tallies", as_of)
    mous = read(
        engine,
        select(ag.c.initiative_key, func.count().label("mous_recorded"))
        .where(
            ag.c.kind == "mou",
            or_(ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of)),
        )
        .group_by(ag.c.initiative_key),
    )
    centres = read(
        engine,
        select(ce.c.initiative_key, func.count().label("centres_recorded"))
        .where(ce.c.opened_on.is_not(None), known_by(ce.c.opened_on, ce.c.opened_precision, as_of))
        .group_by(ce.c.initiative_key),
    )
    frames = [mous, centres]
    for column, name in (
        (ta.c.cumulative_agreements, "mou_tally"),
        (ta.c.offices_cumulative, "office_tally"),
    ):
        ranked = (
            select(
                ta.c.initiative_key,
                column.label(name),
                ta.c.counted_on.label(f"{name}_on"),
                ta.c.is_estimate.label(f"{name}_estimate"),
                func.row_number()
                .over(partition_by=ta.c.initiative_key, order_by=ta.c.counted_on.desc())
                .label("rank"),
            )
            .where(column.is_not(None), known_by(ta.c.counted_on, ta.c.counted_precision, as_of))
            .subquery(f"ranked_{name}")
        )
        frames.append(
            read(
                engine, select(*[c for c in ranked.c if c.name != "rank"]).where(ranked.c.rank == 1)
            )
        )
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, on="initiative_key", how="outer")
    return out


def latest_own(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """The newest ``valid_from`` among an initiative's own facts other than its expenditures
    (:func:`executed` brings those from its own pass over the biggest table)."""
    return read(engine, _latest_own_statement(as_of))


@queries.built_once
def _latest_own_statement(as_of: dt.date) -> Select:
    parts = []
    for name in ("plan_versions", "milestones", "agreements", "agreement_tallies", "centres"):
        sub = facts_as_of(name, as_of)
        parts.append(select(sub.c.initiative_key, sub.c.valid_from))
    facts = union_all(*parts).subquery("initiative_facts")
    return select(
        facts.c.initiative_key, func.max(facts.c.valid_from).label("latest_data_on")
    ).group_by(facts.c.initiative_key)


def latest_data(own: pd.DataFrame, expenditures: pd.DataFrame) -> pd.DataFrame:
    """The newest ``valid_from`` among all an initiative's facts: how fresh its figures are.
    ``own``: :func:`latest_own`'s frame; ``expenditures``: :func:`executed`'s."""
    spent = expenditures[["initiative_key", "expenditures_latest_on"]]
    both = own.merge(spent, on="initiative_key", how="outer")
    both["latest_data_on"] = [
        max((d for d in pair if d is not None and not pd.isna(d)), default=None)
        for pair in zip(both["latest_data_on"], both["expenditures_latest_on"], strict=True)
    ]
    return both[["initiative_key", "latest_data_on"]]


def portfolio(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """One row per initiative: region, envelope (first and latest total), execution, milestones,
    the next milestone, MOUs and centres, and the date of the latest data."""
    frame = queries.initiatives(engine, as_of)
    frame = frame.rename(columns={"key": "initiative_key", "envelope_won": "baseline_won"})
    keep = [
        "initiative_key",
        "name_ko",
        "name_en",
        "phase",
        "start_year",
        "end_year",
        "baseline_won",
        "status",
        "region_key",
        "kostat_code",
        "region_ko",
        "region_en",
    ]
    frame = frame[keep]
    # the biggest read first: the others share the remaining connections while it runs
    spent, totals, states, upcoming, partners, own = queries.side_by_side(
        lambda: executed(engine, as_of),
        lambda: plan_totals(engine, as_of),
        lambda: milestone_states(engine, as_of),
        lambda: next_milestones(engine, as_of),
        lambda: partner_counts(engine, as_of),
        lambda: latest_own(engine, as_of),
    )
    for part in (
        totals,
        spent.drop(columns="expenditures_latest_on"),
        states,
        upcoming,
        partners,
        latest_data(own, spent),
    ):
        frame = frame.merge(part, on="initiative_key", how="left")
    counts = [c for c in frame.columns if c.startswith("ms_")] + [
        "expenditure_records",
        "mous_recorded",
        "centres_recorded",
    ]
    for column in counts:
        frame[column] = frame[column].fillna(0).astype(int)
    for column in ("first_total_won", "latest_total_won", "executed_won", "baseline_won"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    for column in ("mou_tally", "office_tally"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return queries.none_for_missing(frame)


def region_figures(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Population and GRDP of each region (for the relative view); missing where not sourced."""
    reg = facts_as_of("regions", as_of)
    return read(
        engine,
        select(reg.c.key.label("region_key"), reg.c.population, reg.c.grdp_won, reg.c.stats_year),
    )

"""Reads for the budget page: plan versions, plan lines, expenditures and envelopes, as of a date.

Every read is built on :func:`queries.facts_as_of` and aggregates in SQL (GROUP BY); the small
frames it returns feed the pure metrics in :mod:`tracker.spending` and the chart builders.

Which plan version answers which question is decided here, once, and travels with the data:

- **yearly**: the most recently announced version with lines by year (what was budgeted each
  year: the base for execution by year, source and component, and the S-curve's plan);
- **by source**: every plan/reported version whose programme-level lines split the total by
  funding source, each its own bar (never summed);
- **by component**: the most recently announced version with lines for two or more projects,
  plus, for projects below those, the latest version that prices that project alone;
- **envelope**: the latest plan/reported total (:func:`queries.latest_plan_total`), else the
  initiative's baseline envelope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, case, extract, func, select
from sqlalchemy.sql import Select

from ..db import queries
from ..db.memo import memoised
from . import metrics

# Component of a line or expense that names no project (a programme-level figure).
UNASSIGNED = "unassigned"


@dataclass
class BudgetData:
    """Everything the budget page and its charts need for one initiative on one date."""

    initiative_key: str
    as_of: dt.date
    initiative: dict
    envelope: dict | None  # total_won, label_ko/en, announced_on, is_estimate, source_key
    versions: pd.DataFrame  # plan versions announced up to as_of, with line statistics
    yearly_key: str | None
    yearly_plan: pd.DataFrame  # spending.PLAN_COLUMNS
    source_split: pd.DataFrame  # plan_version_key, funding_source, amount_won
    component_key: str | None
    components: (
        pd.DataFrame
    )  # project lines: key, parent_key, name_ko/en, category, amount_won, ...
    executed: pd.DataFrame  # spending.EXECUTED_COLUMNS
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    line_sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # plan_version_key, source_key

    def sources_of(self, version_keys) -> list[str]:
        """Source keys of these versions and of each of their lines (lines may cite their own)."""
        keys = list(version_keys)
        found = list(self.versions.loc[self.versions["key"].isin(keys), "source_key"])
        if not self.line_sources.empty:
            lines = self.line_sources
            found += list(lines.loc[lines["plan_version_key"].isin(keys), "source_key"])
        return [k for k in dict.fromkeys(found) if isinstance(k, str)]

    @property
    def start_year(self) -> int | None:
        years = [self.initiative.get("start_year")]
        years += list(self.yearly_plan["year"].dropna()) + list(self.executed["year"].dropna())
        years = [int(y) for y in years if y is not None and not pd.isna(y)]
        return min(years) if years else None

    @property
    def end_year(self) -> int | None:
        years = [self.initiative.get("end_year")]
        years += list(self.yearly_plan["year"].dropna()) + list(self.executed["year"].dropna())
        years = [int(y) for y in years if y is not None and not pd.isna(y)]
        return max(years) if years else None

    def version(self, key: str | None) -> dict | None:
        if key is None:
            return None
        rows = self.versions[self.versions["key"] == key]
        return None if rows.empty else rows.iloc[0].to_dict()


def plan_versions(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Versions announced up to ``as_of``, with what their lines cover (counted in SQL)."""
    frame = queries.read(engine, _plan_versions_statement(initiative_key, as_of))
    for column in ("lines", "lines_won", "year_lines", "projects", "split_lines"):
        frame[column] = frame[column].astype("int64")
    frame["is_estimate"] = frame["is_estimate"].astype(bool) | frame["lines_estimated"].astype(bool)
    return frame.drop(columns=["lines_estimated"])


@queries.built_once
def _plan_versions_statement(initiative_key: str, as_of: dt.date) -> Select:
    pv = queries.initiative_facts("plan_versions", initiative_key, as_of)
    # only the lines of this initiative's versions are counted, not every programme's
    versions = queries.ever_keys("plan_versions", "initiative_key", initiative_key)
    bl = queries.facts_as_of(
        "budget_lines", as_of, among=lambda v: v.c.plan_version_key.in_(versions)
    )
    src = queries.facts_as_of("sources", as_of)
    lines = (
        select(
            bl.c.plan_version_key,
            func.count().label("lines"),
            func.sum(bl.c.amount_won).label("lines_won"),
            func.sum(case((bl.c.year.is_not(None), 1), else_=0)).label("year_lines"),
            func.count(func.distinct(bl.c.project_key)).label("projects"),
            func.sum(
                case(
                    (
                        (bl.c.project_key.is_(None))
                        & (bl.c.year.is_(None))
                        & (bl.c.funding_source != "unspecified"),
                        1,
                    ),
                    else_=0,
                )
            ).label("split_lines"),
            func.max(case((bl.c.is_estimate.is_(True), 1), else_=0)).label("lines_estimated"),
        )
        .group_by(bl.c.plan_version_key)
        .subquery("line_stats")
    )
    return (
        select(
            pv.c.key,
            pv.c.label_ko,
            pv.c.label_en,
            pv.c.announced_on,
            pv.c.announced_precision,
            pv.c.kind,
            pv.c.total_won,
            pv.c.reason_ko,
            pv.c.reason_en,
            pv.c.confidence,
            pv.c.is_estimate,
            pv.c.source_key,
            src.c.outlet,
            func.coalesce(lines.c.lines, 0).label("lines"),
            func.coalesce(lines.c.lines_won, 0).label("lines_won"),
            func.coalesce(lines.c.year_lines, 0).label("year_lines"),
            func.coalesce(lines.c.projects, 0).label("projects"),
            func.coalesce(lines.c.split_lines, 0).label("split_lines"),
            func.coalesce(lines.c.lines_estimated, 0).label("lines_estimated"),
        )
        .join(lines, lines.c.plan_version_key == pv.c.key, isouter=True)
        .join(src, src.c.key == pv.c.source_key, isouter=True)
        .where(
            pv.c.initiative_key == initiative_key,
            queries.known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
        )
        .order_by(pv.c.announced_on, pv.c.key)
    )


def plan_lines(engine: Engine, plan_version_key: str, as_of: dt.date) -> pd.DataFrame:
    """One version's lines summed by year, funding source and project (with its component)."""
    frame = queries.read(engine, _plan_lines_statement(plan_version_key, as_of))
    if frame.empty:
        return metrics.empty_plan()
    frame["amount_won"] = frame["amount_won"].astype("int64")
    return frame[metrics.PLAN_COLUMNS]


@queries.built_once
def _plan_lines_statement(plan_version_key: str, as_of: dt.date) -> Select:
    bl = queries.facts_as_of("budget_lines", as_of)
    pr = queries.facts_as_of("projects", as_of)
    category = func.coalesce(pr.c.category, UNASSIGNED)
    return (
        select(
            bl.c.year,
            bl.c.funding_source,
            bl.c.project_key,
            category.label("category"),
            func.sum(bl.c.amount_won).label("amount_won"),
        )
        .join(pr, pr.c.key == bl.c.project_key, isouter=True)
        .where(bl.c.plan_version_key == plan_version_key)
        .group_by(bl.c.year, bl.c.funding_source, bl.c.project_key, category)
        .order_by(bl.c.year, bl.c.funding_source, bl.c.project_key)
    )


def source_split(engine: Engine, version_keys: list[str], as_of: dt.date) -> pd.DataFrame:
    """Programme-level lines (no year, no project) by funding source, per version."""
    columns = ["plan_version_key", "funding_source", "amount_won"]
    if not version_keys:
        return pd.DataFrame(columns=columns)
    bl = queries.facts_as_of("budget_lines", as_of)
    stmt = (
        select(
            bl.c.plan_version_key,
            bl.c.funding_source,
            func.sum(bl.c.amount_won).label("amount_won"),
        )
        .where(
            bl.c.plan_version_key.in_(version_keys),
            bl.c.project_key.is_(None),
            bl.c.year.is_(None),
        )
        .group_by(bl.c.plan_version_key, bl.c.funding_source)
        .order_by(bl.c.plan_version_key, bl.c.funding_source)
    )
    frame = queries.read(engine, stmt)
    if not frame.empty:
        frame["amount_won"] = frame["amount_won"].astype("int64")
    return frame if not frame.empty else pd.DataFrame(columns=columns)


def line_sources(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """The distinct sources cited by each version's lines, with their outlets."""
    return queries.read(engine, _line_sources_statement(initiative_key, as_of))


@queries.built_once
def _line_sources_statement(initiative_key: str, as_of: dt.date) -> Select:
    bl = queries.facts_as_of("budget_lines", as_of)
    pv = queries.facts_as_of("plan_versions", as_of)
    src = queries.facts_as_of("sources", as_of)
    return (
        select(bl.c.plan_version_key, bl.c.source_key, src.c.outlet)
        .distinct()
        .join(pv, pv.c.key == bl.c.plan_version_key)
        .join(src, src.c.key == bl.c.source_key, isouter=True)
        .where(pv.c.initiative_key == initiative_key, bl.c.source_key.is_not(None))
        .order_by(bl.c.plan_version_key, bl.c.source_key)
    )


def project_costs(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Per (version, project): the planned amount, with the version's date, source and estimate flag."""
    frame = queries.read(engine, _project_costs_statement(initiative_key, as_of))
    if not frame.empty:
        frame["amount_won"] = frame["amount_won"].astype("int64")
        frame["is_estimate"] = frame["is_estimate"].astype(bool)
    return frame


@queries.built_once
def _project_costs_statement(initiative_key: str, as_of: dt.date) -> Select:
    bl = queries.facts_as_of("budget_lines", as_of)
    pv = queries.facts_as_of("plan_versions", as_of)
    return (
        select(
            bl.c.plan_version_key,
            bl.c.project_key,
            pv.c.announced_on,
            pv.c.source_key,
            func.max(
                case((pv.c.is_estimate.is_(True) | bl.c.is_estimate.is_(True), 1), else_=0)
            ).label("is_estimate"),
            func.sum(bl.c.amount_won).label("amount_won"),
        )
        .join(pv, pv.c.key == bl.c.plan_version_key)
        .where(
            pv.c.initiative_key == initiative_key,
            queries.known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
            bl.c.project_key.is_not(None),
        )
        .group_by(bl.c.plan_version_key, bl.c.project_key, pv.c.announced_on, pv.c.source_key)
    )


def projects(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    return queries.read(engine, _projects_statement(initiative_key, as_of))


@queries.built_once
def _projects_statement(initiative_key: str, as_of: dt.date) -> Select:
    pr = queries.facts_as_of("projects", as_of)
    return (
        select(pr.c.key, pr.c.parent_key, pr.c.name_ko, pr.c.name_en, pr.c.category)
        .where(pr.c.initiative_key == initiative_key)
        .order_by(pr.c.key)
    )


def executed(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Recorded expenditures up to ``as_of`` summed by year, month, funding source and project."""
    frame = queries.read(engine, _executed_statement(initiative_key, as_of))
    if frame.empty:
        return metrics.empty_executed()
    frame["year"] = frame["year"].astype(int)
    frame["month"] = frame["month"].astype(int)
    frame["amount_won"] = frame["amount_won"].astype("int64")
    return frame[metrics.EXECUTED_COLUMNS]


@queries.built_once
def _executed_statement(initiative_key: str, as_of: dt.date) -> Select:
    ex = queries.initiative_expenditures(initiative_key, as_of)
    year = extract("year", ex.c.spent_on)
    month = extract("month", ex.c.spent_on)
    sums = (
        select(
            year.label("year"),
            month.label("month"),
            ex.c.funding_source,
            ex.c.project_key,
            func.sum(ex.c.amount_won).label("amount_won"),
        )
        .group_by(year, month, ex.c.funding_source, ex.c.project_key)
        .subquery("sums")
    )
    pr = queries.facts_as_of("projects", as_of)
    # sums first, then the category: the join meets a few hundred rows, not every payment
    return (
        select(
            sums.c.year,
            sums.c.month,
            sums.c.funding_source,
            sums.c.project_key,
            pr.c.category,
            sums.c.amount_won,
        )
        .join(pr, pr.c.key == sums.c.project_key)
        .order_by(sums.c.year, sums.c.month, sums.c.funding_source, sums.c.project_key)
    )


def _components(
    costs: pd.DataFrame, project_frame: pd.DataFrame, component_key: str | None
) -> pd.DataFrame:
    """The component version's projects, and below them the latest single-project figure."""
    columns = [
        "key",
        "parent_key",
        "name_ko",
        "name_en",
        "category",
        "amount_won",
        "plan_version_key",
        "source_key",
        "is_estimate",
    ]
    if component_key is None or costs.empty:
        return pd.DataFrame(columns=columns)
    top = costs[costs["plan_version_key"] == component_key]
    chosen = top
    in_version = set(top["project_key"])
    parents = dict(zip(project_frame["key"], project_frame["parent_key"], strict=True))
    others = costs[~costs["project_key"].isin(in_version)]
    # a child priced on its own (its own version) sits inside its parent, not beside it
    children = others[others["project_key"].map(lambda k: parents.get(k) in in_version)]
    if not children.empty:
        latest = (
            children.sort_values(["announced_on", "plan_version_key"])
            .groupby("project_key", as_index=False)
            .tail(1)
        )
        chosen = pd.concat([top, latest], ignore_index=True)
    merged = chosen.merge(project_frame, left_on="project_key", right_on="key", how="left")
    return merged[columns].reset_index(drop=True)


@memoised  # the five budget charts of a briefing pack read this one bundle
def load(engine: Engine, initiative_key: str, as_of: dt.date) -> BudgetData:
    """All budget aggregates of one initiative on one date (cached by the page via ``ui.call``)."""
    frame = queries.initiatives(engine, as_of)
    rows = frame[frame["key"] == initiative_key]
    initiative = rows.iloc[0].to_dict() if not rows.empty else {"key": initiative_key}
    latest = queries.latest_plan_total(engine, initiative_key, as_of)
    if latest is None and initiative.get("envelope_won") is not None:
        latest = {
            "total_won": int(initiative["envelope_won"]),
            "label_ko": initiative.get("name_ko"),
            "label_en": initiative.get("name_en"),
            "announced_on": None,
            "is_estimate": bool(initiative.get("is_estimate")),
            "source_key": None,
        }
    versions = plan_versions(engine, initiative_key, as_of)
    with_years = versions[versions["year_lines"] > 0]
    yearly_key = with_years.iloc[-1]["key"] if not with_years.empty else None
    split_keys = list(
        versions[(versions["split_lines"] > 0) & versions["kind"].isin(["plan", "reported"])]["key"]
    )
    with_components = versions[versions["projects"] >= 2]
    component_key = with_components.iloc[-1]["key"] if not with_components.empty else None
    project_frame = projects(engine, initiative_key, as_of)
    yearly_plan = plan_lines(engine, yearly_key, as_of) if yearly_key else metrics.empty_plan()
    split = source_split(engine, split_keys, as_of)
    yearly_kind = versions.loc[versions["key"] == yearly_key, "kind"]
    if (
        split.empty
        and not yearly_kind.empty
        and yearly_kind.iloc[0] in ("plan", "reported")
        and (yearly_plan["funding_source"] != "unspecified").any()
    ):
        # a plan priced by year and source already says who pays: its own lines, summed
        split = (
            yearly_plan.groupby("funding_source", as_index=False)["amount_won"]
            .sum()
            .assign(plan_version_key=yearly_key)[
                ["plan_version_key", "funding_source", "amount_won"]
            ]
        )
    return BudgetData(
        initiative_key=initiative_key,
        as_of=as_of,
        initiative=initiative,
        envelope=latest,
        versions=versions,
        yearly_key=yearly_key,
        yearly_plan=yearly_plan,
        source_split=split,
        component_key=component_key,
        components=_components(
            project_costs(engine, initiative_key, as_of), project_frame, component_key
        ),
        executed=executed(engine, initiative_key, as_of),
        projects=project_frame,
        line_sources=line_sources(engine, initiative_key, as_of),
    )


def envelopes(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """Every initiative's envelope on ``as_of``: its latest plan/reported total, else its baseline.

    Columns: key, name_ko/en, region_ko/en, envelope_won, is_estimate, basis ('plan' | 'baseline'),
    source_key, note.
    """
    ini = queries.facts_as_of("initiatives", as_of)
    reg = queries.facts_as_of("regions", as_of)
    pv = queries.facts_as_of("plan_versions", as_of)
    src = queries.facts_as_of("sources", as_of)
    ranked = (
        select(
            pv.c.initiative_key,
            pv.c.total_won,
            pv.c.is_estimate,
            pv.c.source_key,
            func.row_number()
            .over(
                partition_by=pv.c.initiative_key,
                order_by=(pv.c.announced_on.desc(), pv.c.key.desc()),
            )
            .label("rank"),
        )
        .where(
            pv.c.kind.in_(("plan", "reported")),
            pv.c.total_won.is_not(None),
            queries.known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
        )
        .subquery("latest_totals")
    )
    latest = select(ranked).where(ranked.c.rank == 1).subquery("latest_total")
    stmt = (
        select(
            ini.c.key,
            ini.c.name_ko,
            ini.c.name_en,
            reg.c.name_ko.label("region_ko"),
            reg.c.name_en.label("region_en"),
            src.c.outlet,
            func.coalesce(latest.c.total_won, ini.c.envelope_won).label("envelope_won"),
            case(
                (latest.c.total_won.is_not(None), latest.c.is_estimate), else_=ini.c.is_estimate
            ).label("is_estimate"),
            case((latest.c.total_won.is_not(None), "plan"), else_="baseline").label("basis"),
            func.coalesce(latest.c.source_key, ini.c.source_key).label("source_key"),
            ini.c.note,
        )
        .join(reg, reg.c.key == ini.c.region_key, isouter=True)
        .join(latest, latest.c.initiative_key == ini.c.key, isouter=True)
        .join(
            src,
            src.c.key == func.coalesce(latest.c.source_key, ini.c.source_key),
            isouter=True,
        )
        .where(func.coalesce(latest.c.total_won, ini.c.envelope_won).is_not(None))
        .order_by(func.coalesce(latest.c.total_won, ini.c.envelope_won).desc(), ini.c.key)
    )
    frame = queries.read(engine, stmt)
    if not frame.empty:
        frame["envelope_won"] = frame["envelope_won"].astype("int64")
        frame["is_estimate"] = frame["is_estimate"].astype(bool)
    return frame

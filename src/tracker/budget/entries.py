"""The budget charts' catalogue entries.

``results(view, ctx)`` glues one :class:`tracker.budget.view.BudgetView` (the page's numbers) to
every chart, so a figure and the page's cards and tables always come from the same computation.
``selection_filters`` turns a click on a chart into the page's filters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from .. import i18n, money
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..db.memo import memoised
from . import metrics, reads
from . import view as budget_view
from .charts import SOURCE_ORDER, plan_vs_executed_by_year, s_curve, source_split_chart, t
from .plan_charts import component_treemap, envelope_waterfall, regional_envelopes

# --- glue: one view -> every chart -----------------------------------------------------------------


def _outlets(data: reads.BudgetData, keys) -> list[str]:
    lookup = dict(zip(data.versions["source_key"], data.versions["outlet"], strict=True))
    if not data.line_sources.empty:
        lines = data.line_sources
        lookup.update(zip(lines["source_key"], lines["outlet"], strict=True))
    outlets = [lookup.get(k) or k for k in dict.fromkeys(k for k in keys if isinstance(k, str))]
    return list(dict.fromkeys(outlets))


def _source_keys_of(data: reads.BudgetData, version_keys) -> list[str]:
    return data.sources_of(version_keys)


def by_year_result(view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    data, lang, unit = view.data, ctx.lang, ctx.unit
    keys = _source_keys_of(data, [data.yearly_key] if data.yearly_key else [])
    # the yearly version's lines may each cite their own source: name them all
    basis = budget_view.version_label(data, data.yearly_key, lang)
    fig = plan_vs_executed_by_year(
        view.plan,
        view.executed,
        lang=lang,
        unit=unit,
        as_of=data.as_of,
        basis=basis,
        sources=_outlets(data, keys),
        filters=view.filters,
        has_expenditure=view.has_expenditure,
    )
    table = metrics.execution_by(view.plan, view.executed, ["year", "funding_source"])
    takeaway = None
    years = view.years
    if view.has_expenditure and view.totals.rate is not None:
        takeaway = t(
            "budget.takeaway.by_year",
            lang,
            rate=money.format_percent(view.totals.rate, lang),
            executed=money.format_krw(view.totals.executed_won, unit, lang),
            plan=money.format_krw(view.totals.plan_won, unit, lang),
        )
    elif not years.empty:
        # like figures only: a national share and a total are never added up
        years = years[years["year"].isin(metrics.like_years(view.plan).kept)]
    if takeaway is None and not years.empty:
        top = years.sort_values("plan_won", ascending=False).iloc[0]
        first, last = int(years["year"].min()), int(years["year"].max())
        takeaway = t(
            "budget.takeaway.by_year_plan_only",
            lang,
            span=str(first) if first == last else f"{first}{'~' if lang == 'ko' else '–'}{last}",
            total=money.format_krw(int(years["plan_won"].sum()), unit, lang),
            year=int(top["year"]),
            top=money.format_krw(top["plan_won"], unit, lang),
        )
    return ChartResult(
        fig,
        table,
        t("budget.chart.by_year.title", lang),
        takeaway,
        keys,
        is_empty=table.empty,
    )


def by_source_result(view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    data, lang, unit = view.data, ctx.lang, ctx.unit
    filters = view.filters
    split = filters.narrow(data.source_split, ("source",))
    executed = filters.narrow(data.executed, ("source", "component"))
    version_keys = list(split["plan_version_key"].drop_duplicates())
    keys = _source_keys_of(data, version_keys)
    fig = source_split_chart(
        split,
        data.versions,
        executed,
        lang=lang,
        unit=unit,
        as_of=data.as_of,
        sources=_outlets(data, keys),
        filters=filters,
    )
    takeaway = None
    if version_keys:
        latest = version_keys[-1]
        ordered = data.versions[data.versions["key"].isin(version_keys)].sort_values("announced_on")
        latest = ordered.iloc[-1]["key"]
        part = split[split["plan_version_key"] == latest].set_index("funding_source")["amount_won"]
        shares = " · ".join(
            f"{i18n.label('funding_source', s, lang)} {money.format_percent(part[s] / part.sum(), lang)}"
            for s in SOURCE_ORDER
            if s in part.index
        )
        takeaway = t(
            "budget.takeaway.by_source",
            lang,
            label=budget_view.version_label(data, latest, lang),
            shares=shares,
        )
    return ChartResult(
        fig, split, t("budget.chart.by_source.title", lang), takeaway, keys, split.empty
    )


def s_curve_result(view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    data, lang, unit = view.data, ctx.lang, ctx.unit
    start, end = data.start_year, data.end_year
    plan = view.data.yearly_plan
    plan = view.filters.narrow(plan, ("source", "component"))
    executed = view.filters.narrow(data.executed, ("source", "component"))
    curve = (
        metrics.cumulative_curve(
            plan, executed, as_of=data.as_of, start_year=start, end_year=max(end, data.as_of.year)
        )
        if start is not None and end is not None
        else pd.DataFrame(columns=["date", "planned_cum", "actual_cum"])
    )
    end_date = budget_view.programme_end(data)
    forecast = (
        metrics.forecast(executed, as_of=data.as_of, end=max(end_date, data.as_of))
        if end_date is not None and not executed.empty
        else None
    )
    method = t(
        "budget.method_short",
        lang,
        window=metrics.DEFAULT_WINDOW_MONTHS,
    )
    keys = _source_keys_of(data, [data.yearly_key] if data.yearly_key else [])
    fig = s_curve(
        curve,
        forecast.path() if forecast is not None else None,
        lang=lang,
        unit=unit,
        as_of=data.as_of,
        method=method,
        basis=budget_view.version_label(data, data.yearly_key, lang),
        has_expenditure=view.has_expenditure,
        sources=_outlets(data, keys),
        filters=view.filters,
    )
    takeaway = None
    if forecast is not None:
        envelope = data.envelope["total_won"] if data.envelope else None
        takeaway = t(
            "budget.takeaway.s_curve",
            lang,
            end=forecast.end.isoformat(),
            value=money.format_krw(forecast.end_won, unit, lang),
            low=money.format_krw(forecast.end_low, unit, lang),
            high=money.format_krw(forecast.end_high, unit, lang),
            share=money.format_percent(metrics.execution_rate(envelope, forecast.end_won), lang),
        )
    return ChartResult(
        fig,
        curve,
        t("budget.chart.s_curve.title", lang),
        takeaway,
        keys,
        is_empty=not view.has_expenditure,
    )


def components_result(view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    data, lang, unit = view.data, ctx.lang, ctx.unit
    frame = data.components
    spent = (
        data.executed.groupby("project_key")["amount_won"].sum() if view.has_expenditure else None
    )
    keys = [k for k in frame.get("source_key", []) if isinstance(k, str)]
    basis = budget_view.version_label(data, data.component_key, lang)
    fig = component_treemap(
        frame,
        spent,
        lang=lang,
        unit=unit,
        as_of=data.as_of,
        root_label=i18n.pick(data.initiative, "name", lang) or basis,
        basis=basis,
        sources=_outlets(data, keys),
        filters=view.filters,
    )
    takeaway = None
    top_level = frame[frame["plan_version_key"] == data.component_key] if not frame.empty else frame
    if not top_level.empty:
        top = top_level.sort_values("amount_won", ascending=False).iloc[0]
        takeaway = t(
            "budget.takeaway.components",
            lang,
            name=i18n.pick(top, "name", lang),
            amount=money.format_krw(top["amount_won"], unit, lang),
            share=money.format_percent(top["amount_won"] / top_level["amount_won"].sum(), lang),
            basis=basis,
        )
    table = frame.drop(columns=["is_estimate"], errors="ignore")
    return ChartResult(
        fig, table, t("budget.chart.components.title", lang), takeaway, keys, frame.empty
    )


def waterfall_result(view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    data, lang, unit = view.data, ctx.lang, ctx.unit
    versions = data.versions[data.versions["kind"].isin(["plan", "reported"])]
    steps = metrics.envelope_steps(versions)
    keys = [k for k in steps.get("source_key", []) if isinstance(k, str)]
    fig = envelope_waterfall(
        steps, lang=lang, unit=unit, as_of=data.as_of, sources=_outlets(data, keys)
    )
    takeaway = None
    if len(steps) >= 1:
        first, last = steps.iloc[0], steps.iloc[-1]
        change = int(last["total_won"]) - int(first["total_won"])
        takeaway = t(
            "budget.takeaway.waterfall",
            lang,
            first=money.format_krw(first["total_won"], unit, lang),
            last=money.format_krw(
                last["total_won"], unit, lang, approximate=bool(last["is_estimate"])
            ),
            change=("+" if change > 0 else "") + money.format_krw(change, unit, lang)
            if change
            else "±0",
            count=len(steps),
        )
    table = steps[
        [
            c
            for c in (
                "announced_on",
                "label_ko",
                "label_en",
                "kind",
                "total_won",
                "change_won",
                "outlet",
                "is_estimate",
            )
            if c in steps.columns
        ]
    ]
    return ChartResult(
        fig, table, t("budget.chart.waterfall.title", lang), takeaway, keys, steps.empty
    )


def regional_result(frame: pd.DataFrame, ctx: ChartContext) -> ChartResult:
    lang, unit = ctx.lang, ctx.unit
    fig = regional_envelopes(
        frame,
        lang=lang,
        unit=unit,
        as_of=ctx.as_of,
        highlight=ctx.initiative_key,
        sources=list(dict.fromkeys(o for o in frame.get("outlet", []) if isinstance(o, str))),
    )
    takeaway = None
    ranked = frame.reset_index(drop=True)
    if not ranked.empty and ctx.initiative_key in set(ranked["key"]):
        position = int(ranked.index[ranked["key"] == ctx.initiative_key][0]) + 1
        takeaway = t("budget.takeaway.regional", lang, rank=position, count=len(ranked))
    keys = [k for k in frame.get("source_key", []) if isinstance(k, str)]
    return ChartResult(
        fig, frame, t("budget.chart.regional.title", lang), takeaway, keys, frame.empty
    )


def results(
    view: budget_view.BudgetView, envelopes: pd.DataFrame, ctx: ChartContext
) -> dict[str, ChartResult]:
    """Every budget chart for one view, keyed by catalogue key."""
    return {
        "budget.by_year": by_year_result(view, ctx),
        "budget.by_source": by_source_result(view, ctx),
        "budget.s_curve": s_curve_result(view, ctx),
        "budget.components": components_result(view, ctx),
        "budget.waterfall": waterfall_result(view, ctx),
        "budget.regional": regional_result(envelopes, ctx),
    }


def page_view(
    engine: Engine,
    initiative_key: str,
    as_of: dt.date,
    lang: str,
    unit: str,
    filters: metrics.Filters,
    threshold: float,
) -> tuple[budget_view.BudgetView, dict[str, ChartResult]]:
    """The budget page's view and its six charts for one choice of filters: built once and kept
    as objects by the page (``ui.chart``), so a rerun on the same choice builds no figure again."""
    view = budget_view.compute(reads.load(engine, initiative_key, as_of), filters, threshold)
    ctx = ChartContext(initiative_key, as_of, lang, unit)
    return view, results(view, reads.envelopes(engine, as_of), ctx)


# --- a click on a chart -> filters ---------------------------------------------------------------


def selection_filters(chart_key: str, points: list[dict]) -> dict[str, tuple]:
    """The filters a click (plotly selection points) on one of our charts asks for.

    by_year bars carry ``[year, source, kind]``; by_source bars ``[source, row]``; a treemap
    tile ``[category, project_key]``. Returns ``{"years": (...), "sources": (...), ...}`` with
    only the dimensions the selection names.
    """
    years: list[int] = []
    sources: list[str] = []
    components: list[str] = []
    for point in points or []:
        custom = point.get("customdata")
        if not isinstance(custom, list | tuple) or not custom:
            continue
        if chart_key == "budget.by_year" and len(custom) >= 2:
            years.append(int(custom[0]))
            sources.append(str(custom[1]))
        elif chart_key == "budget.by_source":
            sources.append(str(custom[0]))
        elif chart_key == "budget.components" and custom[0]:
            components.append(str(custom[0]))
    found = {
        "years": tuple(sorted(set(years))),
        "sources": tuple(s for s in SOURCE_ORDER if s in set(sources)),
        "components": tuple(sorted(set(components))),
    }
    return {k: v for k, v in found.items() if v}


# --- catalogue -----------------------------------------------------------------------------------


@memoised  # the five budget charts of a briefing pack share one computed view
def _view(engine: Engine, initiative_key: str, as_of: dt.date) -> budget_view.BudgetView:
    return budget_view.compute(reads.load(engine, initiative_key, as_of))


def _entry(key: str):
    def build(engine: Engine, ctx: ChartContext) -> ChartResult:
        if key == "budget.regional":
            return regional_result(reads.envelopes(engine, ctx.as_of), ctx)
        return results_for(key, _view(engine, ctx.initiative_key, ctx.as_of), ctx)

    return build


def results_for(key: str, view: budget_view.BudgetView, ctx: ChartContext) -> ChartResult:
    return {
        "budget.by_year": by_year_result,
        "budget.by_source": by_source_result,
        "budget.s_curve": s_curve_result,
        "budget.components": components_result,
        "budget.waterfall": waterfall_result,
    }[key](view, ctx)


CHARTS: list[ChartEntry] = [
    ChartEntry(
        key, "budget.section", f"{key.replace('budget.', 'budget.chart.')}.title", _entry(key)
    )
    for key in (
        "budget.by_year",
        "budget.by_source",
        "budget.s_curve",
        "budget.components",
        "budget.waterfall",
        "budget.regional",
    )
]

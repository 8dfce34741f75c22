"""Budget execution charts: plan vs executed by year, funding split, the S-curve.

Pure builders: small frames in, ``go.Figure`` out. Each takes its data first and keyword-only
options (language, unit, as-of date, sources), draws money in the sidebar's unit
(``money.chart_divisor``), and finishes with ``theme.apply`` so the title, unit, as-of date and
source line travel with the figure into exports. A builder given nothing to draw returns
``theme.empty_figure`` with a message saying why. The plan's structure (components, envelope
steps, regions) is drawn in :mod:`tracker.budget.plan_charts`.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go

from .. import i18n, money, room, theme
from ..dates import format_date
from . import metrics
from .view import unlike_parts

SOURCE_ORDER = ("national", "city", "private", "other", "unspecified")

CATEGORY_COLOURS = {
    "infrastructure": "#1f4e9c",
    "data_centre": "#17becf",
    "building": "#5b8bd0",
    "site": "#8c6bb1",
    "rnd": "#e07b24",
    "talent": "#2f9e57",
    "company_support": "#bcbd22",
    "governance": "#7f7f7f",
    "other": "#9aa5b1",
    "unassigned": "#c7ccd1",
}

PLAN_OPACITY = 0.45


def t(key: str, lang: str, **fields) -> str:
    return i18n.t(key, lang, **fields)


def _scale(won, unit: str, lang: str) -> float:
    return float(won) / money.chart_divisor(unit, lang)


def _filter_note(filters: metrics.Filters | None, lang: str, dimensions: tuple[str, ...]) -> str:
    """'필터: 2021 · 국비' for the filters a chart honours; empty when none applies."""
    if filters is None:
        return ""
    parts = []
    if "year" in dimensions and filters.years:
        parts.append(", ".join(str(y) for y in filters.years))
    if "source" in dimensions and filters.sources:
        parts.append(", ".join(i18n.label("funding_source", s, lang) for s in filters.sources))
    if "component" in dimensions and filters.components:
        parts.append(", ".join(i18n.label("category", c, lang) for c in filters.components))
    return t("budget.filter_note", lang, filters=" · ".join(parts)) if parts else ""


SUBTITLE_WIDTH = 72  # theme.display_width on one subtitle line of a half-width chart


def _subtitle(*parts: str) -> str:
    """Parts joined with ' · ', each on its own line when one line would be cut off."""
    present = [p for p in parts if p]
    joined = " · ".join(present)
    return "<br>".join(present) if theme.display_width(joined) > SUBTITLE_WIDTH else joined


def _legend_aside(fig: go.Figure) -> go.Figure:
    """Half-width charts: the legend beside the plot, clear of the title and subtitle (set before
    ``theme.apply``, which keeps the room it takes on the right)."""
    return theme.set_layout(
        fig, legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"}
    )


# --- plan vs executed by year, stacked by funding source ------------------------------------------


def plan_vs_executed_by_year(
    plan: pd.DataFrame,
    executed: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    basis: str,
    sources: list[str] | None = None,
    filters: metrics.Filters | None = None,
    has_expenditure: bool = True,
) -> go.Figure:
    """Two stacks per year (plan, executed), each split by funding source.

    ``basis`` names the plan version the plan bars come from. Bars carry
    ``customdata = [year, funding_source, kind]`` so a click can narrow the page.
    """
    title = t("budget.chart.by_year.title", lang)
    note = _filter_note(filters, lang, ("year", "source", "component"))
    if plan.dropna(subset=["year"]).empty and executed.empty:
        message = t("budget.empty.no_yearly_plan", lang)
        if note:
            message = t("budget.empty.filtered", lang)
        return theme.empty_figure(
            message, title=title, lang=lang, as_of=as_of, width=theme.HALF_ROW
        )
    kinds = {"plan": t("budget.kind.plan", lang), "executed": t("budget.kind.executed", lang)}
    # only like figures share the axis: years reported as another measure go to a note
    like = metrics.like_years(plan)
    plan = plan[plan["year"].isna() | plan["year"].isin(like.kept)]
    unlike = unlike_parts(like, lang=lang, unit=unit)
    by_plan = (
        plan.dropna(subset=["year"])
        .groupby([plan["year"].dropna().astype(int), "funding_source"])["amount_won"]
        .sum()
    )
    by_exec = (
        executed.groupby([executed["year"].astype(int), "funding_source"])["amount_won"].sum()
        if not executed.empty
        else pd.Series(dtype="int64")
    )
    years = sorted({y for y, _ in by_plan.index} | {y for y, _ in by_exec.index})
    fig = theme.unchecked()
    in_legend: set[str] = set()
    for kind, series in (("plan", by_plan), ("executed", by_exec)):
        for source in SOURCE_ORDER:
            points = [(y, series.get((y, source))) for y in years]
            points = [(y, v) for y, v in points if v is not None and not pd.isna(v)]
            if not points:
                continue
            label = i18n.label("funding_source", source, lang)
            fig.add_trace(
                dict(
                    type="bar",
                    x=[[str(y) for y, _ in points], [kinds[kind]] * len(points)],
                    y=[_scale(v, unit, lang) for _, v in points],
                    name=label,
                    legendgroup=source,
                    showlegend=source not in in_legend,
                    marker={
                        **theme.bar_marker(
                            theme.FUNDING_COLOURS[source], theme.FUNDING_PATTERNS[source]
                        ),
                        "opacity": PLAN_OPACITY if kind == "plan" else 1.0,
                        "line": {"color": theme.FUNDING_COLOURS[source], "width": 1.5},
                    },
                    customdata=[[y, source, kind] for y, _ in points],
                    text=[money.format_krw(v, unit, lang) for _, v in points],
                    textposition="inside",
                    hovertemplate="%{x[0]} · "
                    + label
                    + " · "
                    + kinds[kind]
                    + "<br>%{text}<extra></extra>",
                )
            )
            in_legend.add(source)
    theme.set_layout(
        fig,
        barmode="relative",
        bargap=0.25,
        yaxis={"title": {"text": money.unit_label(unit, lang)}, "rangemode": "tozero"},
    )
    missing = "" if has_expenditure else t("budget.no_expenditure_note", lang)
    _legend_aside(fig)
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=_subtitle(t("budget.basis", lang, basis=basis), missing, note, *unlike),
        width=theme.HALF_ROW,
    )
    # plotly turns the plan/executed names upright where they do not fit under their bars: the
    # footer then goes below them rather than over them
    margin = fig.layout.margin
    slot = (theme.HALF_ROW - margin.l - margin.r) / (2 * len(years))
    widest = max(
        room.text_width(name, theme.TYPE_SIZES["screen"]["base"]) for name in kinds.values()
    )
    return theme.lower_footer(fig, math.ceil(widest) - 16) if widest + 8 > slot else fig


# --- plan by funding source, one bar per plan version ----------------------------------------------


def source_split_chart(
    split: pd.DataFrame,
    versions: pd.DataFrame,
    executed: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    sources: list[str] | None = None,
    filters: metrics.Filters | None = None,
) -> go.Figure:
    """Who pays: each plan version's split by funding source (one bar each, never summed), and
    the recorded expenditure by source. Bars carry ``customdata = [funding_source, row]``."""
    title = t("budget.chart.by_source.title", lang)
    if split.empty and executed.empty:
        return theme.empty_figure(
            t("budget.empty.no_source_split", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    rows: list[tuple[str, pd.Series]] = []
    for key in split["plan_version_key"].drop_duplicates():
        version = versions[versions["key"] == key].iloc[0]
        day = format_date(version["announced_on"], version.get("announced_precision"), lang)
        # the outlet in lines of at most 130 px, so that the names leave the bars their room
        label = "<br>".join([day, *room.wrap(version.get("outlet") or "", 13, 130)])
        part = split[split["plan_version_key"] == key].groupby("funding_source")["amount_won"].sum()
        rows.append((label, part))
    if not executed.empty:
        rows.append(
            (
                t("budget.kind.executed_to_date", lang),
                executed.groupby("funding_source")["amount_won"].sum(),
            )
        )
    labels = [label for label, _ in rows]
    fig = theme.unchecked()
    for source in SOURCE_ORDER:
        values = [part.get(source) for _, part in rows]
        if all(v is None or pd.isna(v) for v in values):
            continue
        name = i18n.label("funding_source", source, lang)
        present = [(lab, v, part) for (lab, part), v in zip(rows, values, strict=True) if v]
        fig.add_trace(
            dict(
                type="bar",
                y=[lab for lab, _, _ in present],
                x=[_scale(v, unit, lang) for _, v, _ in present],
                orientation="h",
                name=name,
                marker={"color": theme.FUNDING_COLOURS[source]},
                customdata=[[source, lab] for lab, _, _ in present],
                text=[
                    f"{name} {money.format_percent(v / part.sum(), lang, decimals=0)}"
                    for _, v, part in present
                ],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate="%{y}<br>"
                + name
                + ": %{x:,.1f} "
                + money.unit_label(unit, lang)
                + "<extra></extra>",
            )
        )
    theme.set_layout(
        fig,
        barmode="stack",
        bargap=0.35,
        uniformtext={"minsize": 10, "mode": "hide"},  # a share too thin to name: in the hover
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1]},
        xaxis={"title": {"text": money.unit_label(unit, lang)}, "rangemode": "tozero"},
    )
    for label, part in rows:
        fig.add_annotation(
            x=_scale(part.sum(), unit, lang),
            y=label,
            text=money.format_krw(part.sum(), unit, lang),
            xanchor="left",
            showarrow=False,
            font={"size": 12},
        )
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=_subtitle(
            t("budget.chart.by_source.subtitle", lang),
            _filter_note(filters, lang, ("source", "component")),
        ),
        width=theme.HALF_ROW,
    )
    return _room_for_totals(fig)


def _room_for_totals(fig: go.Figure) -> go.Figure:
    """The value axis stretched so that each total written past its bar's end (the annotations
    at the bars' ends, 12 px) ends inside the plot rather than past the chart's edge."""
    margin = fig.layout.margin
    plot = theme.HALF_ROW - margin.l - margin.r
    top = max(
        (
            note.x * plot / max(plot - room.text_width(note.text, 12) - 6, plot / 2)
            for note in fig.layout.annotations
            if note.xref in (None, "x") and note.x > 0  # on the value axis: not the footer
        ),
        default=0,
    )
    return theme.set_layout(fig, xaxis={"range": [0, top]}) if top else fig


# --- cumulative S-curve with forecast --------------------------------------------------------------


def s_curve(
    curve: pd.DataFrame,
    forecast_path: pd.DataFrame | None,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    method: str,
    basis: str,
    has_expenditure: bool,
    sources: list[str] | None = None,
    filters: metrics.Filters | None = None,
) -> go.Figure:
    """Cumulative plan and actual by month, the as-of line, and the run-rate forecast with a band."""
    title = t("budget.chart.s_curve.title", lang)
    if not has_expenditure:
        return theme.empty_figure(
            t("budget.empty.no_expenditure", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    if curve.empty:
        return theme.empty_figure(
            t("budget.empty.filtered", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    fig = theme.unchecked()
    for column, style in (
        ("planned_cum", {"mode": "lines", "line": {"color": theme.PLAN_COLOUR, "dash": "dash", "width": 2}}),
        ("actual_cum", {"mode": "lines+markers", "marker": {"size": 4}, "line": {"color": theme.ACTUAL_COLOUR, "width": 3}}),
    ):  # fmt: skip
        drawn = curve.dropna(subset=[column])
        fig.add_trace(
            dict(
                type="scatter",
                x=drawn["date"],
                y=[_scale(v, unit, lang) for v in drawn[column]],
                name=t(f"budget.series.{column}", lang),
                **style,
            )
        )
    if forecast_path is not None and len(forecast_path) > 1:
        x = list(forecast_path["date"])
        fig.add_trace(
            dict(
                type="scatter",
                x=x + x[::-1],
                y=[_scale(v, unit, lang) for v in forecast_path["high"]]
                + [_scale(v, unit, lang) for v in forecast_path["low"][::-1]],
                fill="toself",
                fillcolor="rgba(31,78,156,0.15)",
                line={"width": 0},
                name=t("budget.series.band", lang),
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            dict(
                type="scatter",
                x=x,
                y=[_scale(v, unit, lang) for v in forecast_path["forecast"]],
                name=t("budget.series.forecast", lang),
                mode="lines",
                line={"color": theme.ACTUAL_COLOUR, "dash": "dot", "width": 2},
            )
        )
    fig.add_vline(
        x=as_of.isoformat(),
        line={"color": "#d62728", "width": 1.5, "dash": "dot"},
    )
    fig.add_annotation(
        x=as_of.isoformat(),
        y=1.0,
        yref="paper",
        text=t("budget.as_of_line", lang, date=as_of.isoformat()),
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"color": "#d62728", "size": 12},
        name="as-of",
    )
    theme.set_layout(
        fig,
        yaxis={"title": {"text": money.unit_label(unit, lang)}, "rangemode": "tozero"},
        xaxis={"title": {"text": t("budget.axis.month", lang)}},
    )
    _legend_aside(fig)
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=_subtitle(
            t("budget.basis", lang, basis=basis),
            _filter_note(filters, lang, ("source", "component")),
        )
        + f"<br>{method}",
        width=theme.HALF_ROW,
    )
    return fig

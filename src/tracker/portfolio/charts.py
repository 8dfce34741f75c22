"""Portfolio charts: pure builders (the portfolio frame in, a figure out) and their catalogue entries.

Every builder takes :func:`tracker.portfolio.metrics.with_measures`' frame, so a chart, the page's
table and the briefing pack show the same figures. Plan versions are never summed: an initiative
is drawn with its latest announced total (its first one beside it).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from .. import frames, i18n, money, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..db.memo import memoised
from . import metrics, reads

SECTION = "portfolio.section"
STATE_ORDER = theme.STATE_STACK_ORDER


def _name(row: dict, lang: str) -> str:
    region = i18n.pick({"name_ko": row["region_ko"], "name_en": row["region_en"]}, "name", lang)
    return f"{region} · {i18n.pick(row, 'name', lang)}"


def _empty(title: str, lang: str, as_of: dt.date, subtitle: str | None = None) -> go.Figure:
    return theme.empty_figure(
        i18n.t("portfolio.chart.empty", lang),
        title=title,
        lang=lang,
        as_of=as_of,
        subtitle=subtitle,
    )


def envelopes_figure(
    frame: pd.DataFrame, *, lang: str, unit: str, as_of: dt.date, title: str
) -> go.Figure:
    """Latest announced total per initiative (bars, grouped by region), first total as a marker."""
    data = frame[frame["envelope_won"].notna()].sort_values(
        ["kostat_code", "envelope_won"], ascending=[True, True]
    )
    if data.empty:
        return _empty(title, lang, as_of)
    divisor = money.chart_divisor(unit, lang)
    records = frames.records(data)
    names = [_name(r, lang) for r in records]
    fig = theme.unchecked()
    fig.add_trace(
        dict(
            type="bar",
            y=names,
            x=[int(r["envelope_won"]) / divisor for r in records],
            orientation="h",
            marker={"color": theme.ACTUAL_COLOUR},
            text=[money.format_krw(int(r["envelope_won"]), unit, lang) for r in records],
            textposition="outside",
            cliponaxis=False,
            name=i18n.t("portfolio.chart.latest_total", lang),
        )
    )
    fig.add_trace(
        dict(
            type="scatter",
            y=names,
            x=[int(r["first_total_won"]) / divisor for r in records],
            mode="markers",
            marker={"symbol": "line-ns-open", "size": 18, "color": "#1f2933", "line": {"width": 2}},
            name=i18n.t("portfolio.chart.first_total", lang),
        )
    )
    theme.set_layout(
        fig,
        xaxis={"title": {"text": money.unit_label(unit, lang)}, "tickformat": ","},
        height=max(360, 60 + 34 * len(records)),
    )
    return theme.apply(fig, title=title, lang=lang, as_of=as_of, unit=money.unit_label(unit, lang))


NAMED_POINTS = 10  # the execution chart names every programme up to this many


# a label's size in a half-width chart as shares of the axes (0-100%): per narrow character
# (a Korean one counts twice, theme.display_width) and its height
LABEL_CHAR, LABEL_HEIGHT = 0.013, 0.07


def _furthest_behind(records: list[dict], names: list[str], limit: int) -> set[int]:
    """The points to label: all of them up to ``limit``; above it, up to ``limit`` programmes
    whose spending lags furthest behind their elapsed time, each far enough from the points
    already named that the labels do not print over each other (80 labels on one scatter
    overprint into a smudge); the others name themselves on hover."""
    if len(records) <= limit:
        return set(range(len(records)))
    order = sorted(
        range(len(records)),
        key=lambda i: (records[i]["execution_rate"] - records[i]["elapsed_share"], names[i]),
    )
    lean = {"top left": -0.5, "top right": 0.5, "top center": 0.0}  # of the label's width

    def box(i: int) -> tuple[float, float, float]:  # the label's centre and width
        x, width = records[i]["elapsed_share"], theme.display_width(names[i]) * LABEL_CHAR
        return x + lean[_label_side(x)] * width, records[i]["execution_rate"], width

    named: dict[int, tuple[float, float, float]] = {}  # point -> its label's box
    for i in order:
        x, y, width = box(i)
        if all(
            abs(x - cx) >= (width + other) / 2 or abs(y - cy) >= LABEL_HEIGHT
            for cx, cy, other in named.values()
        ):
            named[i] = (x, y, width)
            if len(named) == limit:
                break
    return set(named)


def _label_side(elapsed: float) -> str:
    """Above the point, leaning inwards near either end so that the name stays in the chart."""
    if elapsed > 0.85:
        return "top left"
    return "top right" if elapsed < 0.15 else "top center"


def execution_figure(frame: pd.DataFrame, *, lang: str, as_of: dt.date, title: str) -> go.Figure:
    """Execution rate against the elapsed share of each programme period; the diagonal is "on
    schedule". Programmes without recorded spending are counted in the subtitle, not drawn."""
    known = frame[frame["execution_rate"].notna() & frame["elapsed_share"].notna()]
    missing = len(frame) - len(known)
    notes = [i18n.t("portfolio.chart.execution_missing", lang, count=missing)] if missing else []
    if len(known) > NAMED_POINTS:
        notes.append(i18n.t("portfolio.chart.execution_named", lang, count=NAMED_POINTS))
    subtitle = " · ".join(notes) or None
    if known.empty:
        return _empty(title, lang, as_of, subtitle)
    records = frames.records(known)
    names = [i18n.pick(r, "name", lang) for r in records]
    named = _furthest_behind(records, names, NAMED_POINTS)
    fig = theme.unchecked()
    fig.add_trace(
        dict(
            type="scatter",
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            line={"dash": "dash", "color": theme.PLAN_COLOUR},
            name=i18n.t("portfolio.chart.on_schedule", lang),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        dict(
            type="scatter",
            x=[r["elapsed_share"] * 100 for r in records],
            y=[r["execution_rate"] * 100 for r in records],
            mode="markers+text",
            marker={"size": 12, "color": theme.ACTUAL_COLOUR},
            text=[name if i in named else "" for i, name in enumerate(names)],
            hovertext=names,  # every point names its programme on hover
            hoverinfo="x+y+text",
            textposition=[_label_side(r["elapsed_share"]) for r in records],
            name=i18n.t("portfolio.chart.initiatives", lang),
        )
    )
    theme.set_layout(
        fig,
        xaxis={
            "title": {"text": i18n.t("portfolio.chart.elapsed", lang)},
            "range": [0, 105],
            "ticksuffix": "%",
        },
        yaxis={
            "title": {"text": i18n.t("portfolio.chart.executed", lang)},
            "ticksuffix": "%",
            "rangemode": "tozero",
        },
    )
    return theme.apply(fig, title=title, lang=lang, as_of=as_of, subtitle=subtitle)


def milestone_health_figure(
    frame: pd.DataFrame, *, lang: str, as_of: dt.date, title: str
) -> go.Figure:
    """Milestones per initiative by state (stacked), most urgent initiative on top."""
    data = frame[frame["ms_total"] > 0].iloc[::-1]
    if data.empty:
        return _empty(title, lang, as_of)
    records = frames.records(data)
    names = [_name(r, lang) for r in records]
    fig = theme.unchecked()
    for state in STATE_ORDER:
        counts = [int(r[f"ms_{state}"]) for r in records]
        if not any(counts):
            continue
        fig.add_trace(
            dict(
                type="bar",
                y=names,
                x=counts,
                orientation="h",
                name=i18n.label("milestone_state", state, lang),
                marker=theme.state_marker(state),
                text=[c or "" for c in counts],
                textposition="inside",
            )
        )
    top = max(sum(int(r[f"ms_{state}"]) for state in STATE_ORDER) for r in records)
    theme.set_layout(
        fig,
        barmode="stack",
        height=max(320, 60 + 34 * len(records)),
        xaxis={
            "title": {"text": i18n.t("portfolio.chart.milestones", lang)},
            **theme.count_ticks(top),
        },
    )
    return theme.apply(fig, title=title, lang=lang, as_of=as_of)


def pipeline_figure(frame: pd.DataFrame, *, lang: str, as_of: dt.date, title: str) -> go.Figure:
    """MOUs and centres per region (sourced tallies where they exceed what is recorded)."""
    by_region = (
        frame.groupby(["kostat_code", "region_ko", "region_en"], dropna=False)[["mous", "centres"]]
        .sum()
        .reset_index()
    )
    by_region = by_region[(by_region["mous"] > 0) | (by_region["centres"] > 0)]
    if by_region.empty:
        return _empty(title, lang, as_of)
    names = [
        i18n.pick({"name_ko": r["region_ko"], "name_en": r["region_en"]}, "name", lang)
        for r in frames.records(by_region)
    ]
    fig = theme.unchecked()
    for column, colour in (
        ("mous", theme.ACTUAL_COLOUR),
        ("centres", theme.FUNDING_COLOURS["city"]),
    ):
        fig.add_trace(
            dict(
                type="bar",
                x=names,
                y=[int(v) for v in by_region[column]],
                name=i18n.t(f"portfolio.column.{column}", lang),
                marker={"color": colour},
                text=[f"{int(v):,}" for v in by_region[column]],
                textposition="outside",
            )
        )
    theme.set_layout(fig, barmode="group")
    return theme.apply(fig, title=title, lang=lang, as_of=as_of)


def chart_data(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """The numbers behind every portfolio chart (exported as CSV/XLSX)."""

    def t(key: str) -> str:
        return i18n.t(f"portfolio.column.{key}", lang)

    return pd.DataFrame(
        {
            t("region"): [
                i18n.pick({"name_ko": a, "name_en": b}, "name", lang)
                for a, b in zip(frame["region_ko"], frame["region_en"], strict=True)
            ],
            t("initiative"): [i18n.pick(r, "name", lang) for r in frames.records(frame)],
            t("health"): [i18n.t(f"portfolio.health.{h}", lang) for h in frame["health"]],
            t("first_total_won"): frame["first_total_won"],
            t("latest_total_won"): frame["latest_total_won"],
            t("execution_rate"): frame["execution_rate"],
            t("elapsed_share"): frame["elapsed_share"],
            t("ms_done"): frame["ms_done"] + frame["ms_done_undated"],
            t("ms_late"): frame["ms_late"],
            t("ms_not_recorded"): frame["ms_not_recorded"],
            t("ms_total"): frame["ms_total"],
            t("mous"): frame["mous"],
            t("centres"): frame["centres"],
        }
    )


@memoised  # the page's table and its four charts (and the briefing pack's) share this one frame
def portfolio_frame(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """The portfolio read with its derived measures, read and measured once per data version."""
    return metrics.with_measures(reads.portfolio(engine, as_of), as_of)


@memoised  # the four charts have the same numbers behind them: made once per language
def portfolio_chart_data(engine: Engine, as_of: dt.date, lang: str) -> pd.DataFrame:
    """:func:`chart_data` of :func:`portfolio_frame` (never changed by those who show it)."""
    return chart_data(portfolio_frame(engine, as_of), lang=lang)


def _result(engine: Engine, ctx: ChartContext, key: str, draw) -> ChartResult:
    frame = portfolio_frame(engine, ctx.as_of)
    title = i18n.t(f"portfolio.chart.{key}", ctx.lang)
    figure = draw(frame, title)
    keys = sorted({k for k in frame["latest_source_key"] if k})
    counts = metrics.health_counts(frame)
    takeaway = (
        i18n.t("portfolio.takeaway", ctx.lang, total=len(frame), **counts) if len(frame) else None
    )
    return ChartResult(
        figure=figure,
        data=portfolio_chart_data(engine, ctx.as_of, ctx.lang),
        title=title,
        takeaway=takeaway,
        source_keys=keys,
        is_empty=frame.empty,
    )


def build_envelopes(engine: Engine, ctx: ChartContext) -> ChartResult:
    return _result(
        engine,
        ctx,
        "envelopes",
        lambda f, title: envelopes_figure(
            f, lang=ctx.lang, unit=ctx.unit, as_of=ctx.as_of, title=title
        ),
    )


def build_execution(engine: Engine, ctx: ChartContext) -> ChartResult:
    return _result(
        engine,
        ctx,
        "execution",
        lambda f, title: execution_figure(f, lang=ctx.lang, as_of=ctx.as_of, title=title),
    )


def build_milestone_health(engine: Engine, ctx: ChartContext) -> ChartResult:
    return _result(
        engine,
        ctx,
        "milestone_health",
        lambda f, title: milestone_health_figure(f, lang=ctx.lang, as_of=ctx.as_of, title=title),
    )


def build_pipeline(engine: Engine, ctx: ChartContext) -> ChartResult:
    return _result(
        engine,
        ctx,
        "pipeline",
        lambda f, title: pipeline_figure(f, lang=ctx.lang, as_of=ctx.as_of, title=title),
    )


CHARTS = [
    ChartEntry("portfolio.envelopes", SECTION, "portfolio.chart.envelopes", build_envelopes),
    ChartEntry("portfolio.execution", SECTION, "portfolio.chart.execution", build_execution),
    ChartEntry(
        "portfolio.milestone_health",
        SECTION,
        "portfolio.chart.milestone_health",
        build_milestone_health,
    ),
    ChartEntry("portfolio.pipeline", SECTION, "portfolio.chart.pipeline", build_pipeline),
]

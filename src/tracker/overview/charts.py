"""Two overview charts for pages and briefing packs: the programme total as announced over time,
and milestones done / open per year.

Builders are pure (data in, figure out); the ``CHARTS`` entries glue a query to a builder.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from .. import frames, i18n, money, room, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..dates import as_date, format_date
from ..db import queries

SECTION = "app.section.overview"

STATE_ORDER = theme.STATE_STACK_ORDER


def source_names(frame: pd.DataFrame, lang: str, *, limit: int = 4) -> list[str]:
    """Outlets of a ``queries.sources`` frame for a footer: the first few, then "and N more"."""
    names = list(dict.fromkeys(str(o) for o in frame.get("outlet", []) if o))
    if len(names) <= limit:
        return names
    more = i18n.t("reports.sources_more", lang, count=len(names) - limit + 1)
    return names[: limit - 1] + [f"{names[limit - 1]} {more}"]


# --- programme total over time --------------------------------------------------------------------


def plan_totals_figure(
    frame: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    title: str,
    sources: list[str] | None = None,
) -> go.Figure:
    """Step line of the programme total, one marker per announcement (plan or press report)."""
    if frame.empty:
        return theme.empty_figure(
            i18n.t("reports.chart.plan_totals_empty", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    divisor = money.chart_divisor(unit, lang)
    values = [int(v) / divisor for v in frame["total_won"]]
    # the hover names the date as precisely as its source ("2024년 5월", "2021년")
    labels = [
        f"{i18n.pick(r, 'label', lang)}<br>"
        + format_date(r["announced_on"], r.get("announced_precision"), lang)
        for r in frames.records(frame)
    ]
    amounts = [
        money.format_krw(w, unit, lang, approximate=bool(e))
        for w, e in zip(frame["total_won"], frame["is_estimate"], strict=True)
    ]
    # A figure repeated unchanged is labelled once, so labels do not print over each other.
    texts = [a if n == 0 or a != amounts[n - 1] else "" for n, a in enumerate(amounts)]
    fig = go.Figure(
        go.Scatter(
            x=list(frame["announced_on"]),
            y=values,
            mode="lines",
            line={"shape": "hv", "color": theme.PLAN_COLOUR, "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for kind, symbol, colour in (
        ("plan", "circle", theme.ACTUAL_COLOUR),
        ("reported", "diamond", theme.FUNDING_COLOURS["city"]),
    ):
        mask = (frame["kind"] == kind).tolist()
        if not any(mask):
            continue
        fig.add_trace(
            go.Scatter(
                x=[d for d, m in zip(frame["announced_on"], mask, strict=True) if m],
                y=[v for v, m in zip(values, mask, strict=True) if m],
                mode="markers+text",
                marker={"symbol": symbol, "size": 11, "color": colour},
                text=[t for t, m in zip(texts, mask, strict=True) if m],
                textposition="top center",
                customdata=[lab for lab, m in zip(labels, mask, strict=True) if m],
                hovertemplate="%{customdata}: %{y:,}<extra></extra>",
                name=i18n.t(f"reports.chart.kind_{kind}", lang),
            )
        )
    low, high = min(values), max(values)
    pad = max((high - low) * 0.6, high * 0.03)
    theme.set_layout(
        fig,
        yaxis={
            "range": [max(low - pad, 0), high + pad],
            "title": {"text": money.unit_label(unit, lang)},
            "tickformat": ",",
        },
        xaxis={"tickformat": "%Y-%m", **_month_ticks(list(frame["announced_on"]))},
    )
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        width=theme.HALF_ROW,
    )
    return room.place_labels(fig, theme.HALF_ROW, theme.SCREEN_HEIGHT)


SHORT_SPAN = dt.timedelta(days=365)
HALF_YEAR = dt.timedelta(days=183)


def _month_ticks(days: list) -> dict:
    """Announcements less than a year apart (one alone, say): plotly would tick them every week
    or two, each written as its month (2019-11, 2019-11, 2019-12, ...). Shown instead half a year
    either side, ticked every three months."""
    known = [d for d in (as_date(v) for v in days) if d is not None]
    if not known or max(known) - min(known) >= SHORT_SPAN:
        return {}
    return {
        "range": [(min(known) - HALF_YEAR).isoformat(), (max(known) + HALF_YEAR).isoformat()],
        "dtick": "M3",
    }


def plan_totals_takeaway(frame: pd.DataFrame, *, lang: str, unit: str) -> str | None:
    """E.g. "최근 총사업비 약 4,300억원, 첫 발표(4,061억원) 대비 +5.9%"."""
    if frame.empty:
        return None
    first, latest = frame.iloc[0], frame.iloc[-1]
    change = int(latest["total_won"]) / int(first["total_won"]) - 1 if first["total_won"] else None
    return i18n.t(
        "reports.takeaway.plan_totals",
        lang,
        first=money.format_krw(first["total_won"], unit, lang),
        latest=money.format_krw(
            latest["total_won"], unit, lang, approximate=bool(latest["is_estimate"])
        ),
        change="—" if change is None else f"{change * 100:+.1f}%",
    )


def plan_totals_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """The data behind the chart, as people read it (won stays an integer for spreadsheets)."""
    return pd.DataFrame(
        {
            i18n.t("common.column.date", lang): [
                format_date(r["announced_on"], r.get("announced_precision"), lang)
                for r in frames.records(frame)
            ],
            i18n.t("common.column.name", lang): [
                i18n.pick(r, "label", lang) for r in frames.records(frame)
            ],
            i18n.t("common.column.kind", lang): [
                i18n.t(f"reports.chart.kind_{k}", lang) for k in frame["kind"]
            ],
            i18n.t("reports.column.total_won", lang): [int(v) for v in frame["total_won"]],
            i18n.t("common.estimate", lang): [bool(v) for v in frame["is_estimate"]],
            i18n.t("common.column.source", lang): list(frame["source_key"]),
        }
    )


def build_plan_totals(engine: Engine, ctx: ChartContext) -> ChartResult:
    frame = queries.plan_totals(engine, ctx.initiative_key, ctx.as_of)
    keys = sorted({k for k in frame["source_key"] if k})
    title = i18n.t("reports.chart.plan_totals", ctx.lang)
    figure = plan_totals_figure(
        frame,
        lang=ctx.lang,
        unit=ctx.unit,
        as_of=ctx.as_of,
        title=title,
        sources=source_names(queries.sources(engine, keys, ctx.as_of), ctx.lang),
    )
    return ChartResult(
        figure=figure,
        data=plan_totals_table(frame, lang=ctx.lang),
        title=title,
        takeaway=plan_totals_takeaway(frame, lang=ctx.lang, unit=ctx.unit),
        source_keys=keys,
        is_empty=frame.empty,
    )


# --- milestones per year --------------------------------------------------------------------------


def milestones_by_year_figure(
    frame: pd.DataFrame, *, lang: str, as_of: dt.date, title: str, sources: list[str] | None = None
) -> go.Figure:
    """Stacked bars: milestones per year (done in, else due in), coloured by state."""
    if frame.empty:
        return theme.empty_figure(
            i18n.t("reports.chart.milestones_empty", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    no_date = i18n.t("reports.chart.no_date", lang)
    years = [no_date if pd.isna(y) else str(int(y)) for y in frame["year"]]
    order = sorted({y for y in years if y != no_date}) + ([no_date] if no_date in years else [])
    fig = go.Figure()
    extra = sorted(set(frame["state"]) - set(STATE_ORDER))  # a state added later still shows
    for state in [*STATE_ORDER, *extra]:
        counts = {
            y: int(n)
            for y, s, n in zip(years, frame["state"], frame["milestones"], strict=True)
            if s == state
        }
        if not counts:
            continue
        fig.add_trace(
            go.Bar(
                x=order,
                y=[counts.get(y, 0) for y in order],
                name=i18n.label("milestone_state", state, lang),
                marker=theme.state_marker(state),
                text=[counts.get(y) or "" for y in order],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    per_year: dict[str, int] = {}
    for year, count in zip(years, frame["milestones"], strict=True):
        per_year[year] = per_year.get(year, 0) + int(count)
    theme.set_layout(
        fig,
        barmode="stack",
        xaxis={"type": "category"},
        yaxis={
            "title": {"text": i18n.t("reports.chart.count", lang)},
            "rangemode": "tozero",
            **theme.count_ticks(max(per_year.values())),
        },
    )
    return theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=i18n.t("reports.chart.count", lang),
        sources=sources,
        width=theme.HALF_ROW,
    )


def milestones_takeaway(frame: pd.DataFrame, *, lang: str) -> str | None:
    """ "이정표 12건 중 완료 10건 (83%), 지연 1건"."""
    total = int(frame["milestones"].sum()) if not frame.empty else 0
    if total == 0:
        return None
    by_state = frame.groupby("state")["milestones"].sum()
    done = int(by_state.get("done", 0)) + int(by_state.get("done_undated", 0))
    return i18n.t(
        "reports.takeaway.milestones",
        lang,
        total=total,
        done=done,
        rate=f"{done / total * 100:.0f}%",
        late=int(by_state.get("late", 0)),
        not_recorded=int(by_state.get("not_recorded", 0)),
    )


def milestones_by_year_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            i18n.t("reports.column.year", lang): [
                None if pd.isna(y) else int(y) for y in frame["year"]
            ],
            i18n.t("common.column.state", lang): [
                i18n.label("milestone_state", s, lang) for s in frame["state"]
            ],
            i18n.t("reports.chart.count", lang): [int(n) for n in frame["milestones"]],
        }
    )


def build_milestones_by_year(engine: Engine, ctx: ChartContext) -> ChartResult:
    frame = queries.milestones_by_year(engine, ctx.initiative_key, ctx.as_of)
    keys = queries.milestone_source_keys(engine, ctx.initiative_key, ctx.as_of)
    title = i18n.t("reports.chart.milestones_by_year", ctx.lang)
    figure = milestones_by_year_figure(
        frame,
        lang=ctx.lang,
        as_of=ctx.as_of,
        title=title,
        sources=source_names(queries.sources(engine, keys, ctx.as_of), ctx.lang),
    )
    return ChartResult(
        figure=figure,
        data=milestones_by_year_table(frame, lang=ctx.lang),
        title=title,
        takeaway=milestones_takeaway(frame, lang=ctx.lang),
        source_keys=keys,
        is_empty=frame.empty,
    )


CHARTS = [
    ChartEntry("overview.plan_totals", SECTION, "reports.chart.plan_totals", build_plan_totals),
    ChartEntry(
        "overview.milestones_by_year",
        SECTION,
        "reports.chart.milestones_by_year",
        build_milestones_by_year,
    ),
]

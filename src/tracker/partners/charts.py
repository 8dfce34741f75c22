"""Charts of the partners page: pure builders (data in, figure out) and their catalogue entries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from sqlalchemy import Engine

from .. import frames, i18n, money, room, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..dates import format_date
from ..db import queries
from . import metrics, reads, view

SECTION = "partners.section"

SERIES_COLOURS = {
    "recorded": theme.ACTUAL_COLOUR,
    "tally": "#e07b24",
    "numbering": "#8c6bb1",
    "offices": "#2f9e57",
}


def funnel_title(funnel: metrics.Funnel, lang: str) -> str:
    if funnel.evidence == "tally":
        key = "partners.funnel.tally_estimate" if funnel.is_estimate else "partners.funnel.tally"
        return i18n.t(
            key, lang, date=format_date(funnel.counted_on, funnel.counted_precision, lang)
        )
    return i18n.t("partners.funnel.recorded", lang)


def funnel_figure(
    recorded: metrics.Funnel,
    tally: metrics.Funnel | None,
    *,
    lang: str,
    as_of: dt.date,
    sources: list[str] | None = None,
) -> go.Figure:
    """Side-by-side funnels: sourced tallies and partners recorded one by one (never added up)."""
    funnels = [f for f in (tally, recorded) if f is not None]
    fig = make_subplots(
        rows=1,
        cols=len(funnels),
        subplot_titles=[funnel_title(f, lang) for f in funnels],
        horizontal_spacing=0.18,
    )
    for column, funnel in enumerate(funnels, start=1):
        labels = [i18n.t(f"partners.stage.{s.key}_{funnel.evidence}", lang) for s in funnel.stages]
        biggest = max((s.count or 0) for s in funnel.stages) or 1
        texts = []
        for n, stage in enumerate(funnel.stages):
            text = view.count_text(stage, funnel, lang, first=n == 0)
            if stage.rate is not None:
                text += f" ({money.format_percent(stage.rate, lang)})"
            texts.append(text)
        fig.add_trace(
            go.Funnel(
                y=labels,
                x=[s.count or 0 for s in funnel.stages],
                text=texts,
                textinfo="text",
                textposition=[
                    "inside" if s.count and s.count >= 0.3 * biggest else "outside"
                    for s in funnel.stages
                ],
                insidetextfont={"color": "white"},
                name=funnel_title(funnel, lang),
                marker={
                    "color": SERIES_COLOURS["tally" if funnel.evidence == "tally" else "recorded"]
                },
                connector={"fillcolor": "#e4e7eb"},
                hovertemplate="%{y}: %{text}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=column,
        )
    fig.update_yaxes(automargin=True, domain=[0, 0.84])
    fig.update_xaxes(visible=False)
    for annotation in fig.layout.annotations:  # subplot titles, clear of the figure's subtitle
        annotation.update(y=0.9, yanchor="bottom")
    return theme.apply(
        fig,
        title=i18n.t("partners.chart.funnel", lang),
        subtitle=i18n.t("partners.funnel.subtitle", lang),
        lang=lang,
        as_of=as_of,
        unit=i18n.t("partners.unit.count", lang),
        sources=sources,
    )


def funnel_takeaway(
    recorded: metrics.Funnel, tally: metrics.Funnel | None, lang: str
) -> str | None:
    parts = []
    if tally is not None:
        first, opened = tally.stages[0], tally.stage("opened")
        parts.append(
            i18n.t(
                "partners.takeaway.tally",
                lang,
                mous=view.count_text(first, tally, lang, first=True),
                offices=view.count_text(opened, tally, lang),
                rate=money.format_percent(opened.rate, lang),
            )
        )
    signed, opened = recorded.stages[0], recorded.stage("opened")
    if signed.count:
        parts.append(
            i18n.t(
                "partners.takeaway.recorded",
                lang,
                partners=signed.count,
                centres=opened.count,
                rate=money.format_percent(opened.rate, lang),
            )
        )
    return " · ".join(parts) or None


def cumulative_figure(
    series: pd.DataFrame, *, lang: str, as_of: dt.date, sources: list[str] | None = None
) -> go.Figure:
    """Cumulative MOUs over time: recorded one by one, sourced totals, MOU numbers, offices."""
    title = i18n.t("partners.chart.cumulative", lang)
    if series.empty:
        return theme.empty_figure(
            i18n.t("partners.empty.agreements", lang), title=title, lang=lang, as_of=as_of
        )
    fig = go.Figure()
    styles = {
        "recorded": {"mode": "lines+markers", "line": {"shape": "hv", "width": 2}},
        "tally": {"mode": "lines+markers+text", "line": {"dash": "dash", "width": 2}},
        "numbering": {"mode": "markers", "marker": {"symbol": "diamond-open", "size": 11}},
        "offices": {"mode": "lines+markers+text", "line": {"dash": "dot", "width": 2}},
    }
    for name, style in styles.items():
        part = series[series["series"] == name]
        if part.empty:
            continue
        estimate = part["is_estimate"].astype(bool).tolist()
        marker = {
            "color": SERIES_COLOURS[name],
            "size": 9,
            "symbol": ["circle-open" if e else "circle" for e in estimate],
            **style.get("marker", {}),
        }
        text = None
        if "text" in style["mode"]:
            last = len(part) - 1  # first and last values only: neighbours would overlap
            text = [
                (i18n.t("partners.about", lang, value=f"{v:,}") if e else f"{v:,}")
                if n in (0, last)
                else ""
                for n, (v, e) in enumerate(zip(part["value"], estimate, strict=True))
            ]
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["value"],
                name=i18n.t(f"partners.series.{name}", lang),
                mode=style["mode"],
                line={"color": SERIES_COLOURS[name], **style.get("line", {})},
                marker=marker,
                text=text,
                textposition="top left",
                hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra>%{fullData.name}</extra>",
            )
        )
    theme.set_layout(
        fig,
        yaxis={"title": {"text": i18n.t("partners.unit.count", lang)}, "rangemode": "tozero"},
        xaxis={"title": {"text": None}},
    )
    theme.apply(
        fig,
        title=title,
        subtitle=i18n.t("partners.cumulative.subtitle", lang),
        lang=lang,
        as_of=as_of,
        unit=i18n.t("partners.unit.count", lang),
        sources=sources,
    )
    return room.place_labels(fig, theme.FULL_ROW, theme.SCREEN_HEIGHT)


def cumulative_takeaway(series: pd.DataFrame, lang: str) -> str | None:
    totals = series[series["series"].isin(["tally", "numbering"])]
    recorded = series[series["series"] == "recorded"]
    if totals.empty and recorded.empty:
        return None
    parts = []
    if not totals.empty:
        last = totals.sort_values("date").iloc[-1]
        value = f"{int(last['value']):,}"
        if last["series"] == "numbering":
            value = i18n.t("partners.at_least", lang, value=value)
        elif last["is_estimate"]:
            value = i18n.t("partners.about", lang, value=value)
        parts.append(i18n.t("partners.takeaway.latest_total", lang, value=value, date=last["date"]))
    parts.append(
        i18n.t("partners.takeaway.recorded_count", lang, count=int(recorded["value"].max() or 0))
    )
    return " · ".join(parts)


def breakdown_figure(
    frame: pd.DataFrame, *, lang: str, as_of: dt.date, sources: list[str] | None = None
) -> go.Figure:
    """Partners recorded one by one, by kind (bars) and sector (stacked colours)."""
    title = i18n.t("partners.chart.breakdown", lang)
    if frame.empty:
        return theme.empty_figure(
            i18n.t("partners.empty.agreements", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    missing = i18n.t("partners.sector_missing", lang)
    data = frame.assign(
        kind_label=[i18n.label("partner_kind", k, lang) for k in frame["kind"]],
        sector_label=[
            i18n.label("sector", s, lang) if isinstance(s, str) and s else missing
            for s in frame["sector"]
        ],
        partners=[int(n) for n in frame["partners"]],
    )
    order = data.groupby("kind_label", sort=False)["partners"].sum().sort_values().index.tolist()
    fig = go.Figure()
    for n, (sector, part) in enumerate(data.groupby("sector_label", sort=False)):
        fig.add_trace(
            go.Bar(
                y=part["kind_label"],
                x=part["partners"],
                name=sector,
                orientation="h",
                marker={"color": theme.SEQUENCE[n % len(theme.SEQUENCE)]},
                text=[f"{n:,}" for n in part["partners"]],  # "10", not plotly's "10.0"
                textposition="inside",
                hovertemplate="%{y} · " + sector + ": %{x}<extra></extra>",
            )
        )
    top = data.groupby("kind_label", sort=False)["partners"].sum().max() if len(data) else 0
    theme.set_layout(
        fig,
        barmode="stack",
        yaxis={"categoryorder": "array", "categoryarray": order, "title": {"text": None}},
        xaxis={
            "title": {"text": i18n.t("partners.unit.partners", lang)},
            **theme.count_ticks(top),
        },
    )
    return theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=i18n.t("partners.unit.partners", lang),
        sources=sources,
        width=theme.HALF_ROW,
    )


def breakdown_takeaway(frame: pd.DataFrame, lang: str) -> str | None:
    if frame.empty:
        return None
    by_kind = frame.groupby("kind")["partners"].sum().sort_values(ascending=False)
    missing = int(frame.loc[frame["sector"].isna(), "partners"].sum())
    return i18n.t(
        "partners.takeaway.breakdown",
        lang,
        total=int(by_kind.sum()),
        kind=i18n.label("partner_kind", by_kind.index[0], lang),
        count=int(by_kind.iloc[0]),
        missing=missing,
    )


def pledged_figure(
    summary: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    sources: list[str] | None = None,
) -> go.Figure:
    """Pledged investment per partner; realised investment and jobs are shown as not recorded."""
    title = i18n.t("partners.chart.pledged", lang)
    pledged = summary[summary["pledged_investment_won"].notna()] if not summary.empty else summary
    if pledged.empty:
        return theme.empty_figure(
            i18n.t("partners.empty.pledges", lang),
            title=title,
            lang=lang,
            as_of=as_of,
            width=theme.HALF_ROW,
        )
    divisor = money.chart_divisor(unit, lang)
    names = [i18n.pick(r, "name", lang) for r in frames.records(pledged)]
    values = [int(v) for v in pledged["pledged_investment_won"]]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=[v / divisor for v in values],
            name=i18n.t("partners.series.pledged", lang),
            marker={"color": theme.PLAN_COLOUR},
            text=[money.format_krw(v, unit, lang) for v in values],
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=[None] * len(names),
            name=i18n.t("partners.series.realised", lang),
            marker={"color": theme.ACTUAL_COLOUR},
        )
    )
    jobs = pd.to_numeric(summary["pledged_jobs"], errors="coerce")
    notes = [i18n.t("partners.pledged.realised_missing", lang)]
    if jobs.notna().any():
        notes.append(i18n.t("partners.pledged.jobs", lang, jobs=f"{int(jobs.sum()):,}"))
    else:
        notes.append(i18n.t("partners.pledged.jobs_missing", lang))
    theme.set_layout(
        fig,
        barmode="group",
        yaxis={"title": {"text": money.unit_label(unit, lang)}, "rangemode": "tozero"},
    )
    return theme.apply(
        fig,
        title=title,
        subtitle=" · ".join(notes),
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        width=theme.HALF_ROW,
    )


def pledged_takeaway(summary: pd.DataFrame, lang: str, unit: str) -> str | None:
    if summary.empty or summary["pledged_investment_won"].notna().sum() == 0:
        return None
    pledged = summary[summary["pledged_investment_won"].notna()]
    return i18n.t(
        "partners.takeaway.pledged",
        lang,
        total=money.format_krw(int(pledged["pledged_investment_won"].sum()), unit, lang),
        count=len(pledged),
    )


# --- catalogue ---------------------------------------------------------------------------------


def _keys(*tables: pd.DataFrame) -> list[str]:
    keys: list[str] = []
    for frame in tables:
        if "source_key" in frame:
            keys.extend(k for k in frame["source_key"] if isinstance(k, str) and k)
    return list(dict.fromkeys(keys))


def build_funnel(engine: Engine, ctx: ChartContext) -> ChartResult:
    summary = reads.partner_summary(engine, ctx.initiative_key, ctx.as_of)
    tally_frame = reads.tallies(engine, ctx.initiative_key, ctx.as_of)
    recorded = metrics.recorded_funnel(summary, ctx.as_of)
    tally = metrics.tally_funnel(tally_frame)
    title = i18n.t("partners.chart.funnel", ctx.lang)
    sources = list(tally.source_keys) if tally else []
    sources += _keys(reads.agreements(engine, ctx.initiative_key, ctx.as_of))
    if not recorded.stages[0].count and tally is None:
        figure = theme.empty_figure(
            i18n.t("partners.empty.agreements", ctx.lang),
            title=title,
            lang=ctx.lang,
            as_of=ctx.as_of,
        )
        return ChartResult(figure, pd.DataFrame(), title, None, [], is_empty=True)
    rows = [
        {
            "evidence": f.evidence,
            "stage": s.key,
            "count": s.count,
            "rate": s.rate,
            "counted_on": format_date(f.counted_on, f.counted_precision, ctx.lang),
            "is_estimate": f.is_estimate,
        }
        for f in (tally, recorded)
        if f is not None
        for s in f.stages
    ]
    figure = funnel_figure(
        recorded,
        tally,
        lang=ctx.lang,
        as_of=ctx.as_of,
        sources=queries.outlet_names(engine, sources, ctx.as_of)[:3],
    )
    return ChartResult(
        figure,
        pd.DataFrame(rows),
        title,
        funnel_takeaway(recorded, tally, ctx.lang),
        list(dict.fromkeys(sources)),
    )


def build_cumulative(engine: Engine, ctx: ChartContext) -> ChartResult:
    counts = reads.mou_counts_by_date(engine, ctx.initiative_key, ctx.as_of)
    tally_frame = reads.tallies(engine, ctx.initiative_key, ctx.as_of)
    series = metrics.cumulative_series(counts, tally_frame)
    sources = _keys(tally_frame)
    figure = cumulative_figure(
        series,
        lang=ctx.lang,
        as_of=ctx.as_of,
        sources=queries.outlet_names(engine, sources, ctx.as_of)[-3:],
    )
    return ChartResult(
        figure,
        series,
        i18n.t("partners.chart.cumulative", ctx.lang),
        cumulative_takeaway(series, ctx.lang),
        sources,
        is_empty=series.empty,
    )


def build_breakdown(engine: Engine, ctx: ChartContext) -> ChartResult:
    frame = reads.breakdown(engine, ctx.initiative_key, ctx.as_of)
    figure = breakdown_figure(frame, lang=ctx.lang, as_of=ctx.as_of)
    return ChartResult(
        figure,
        frame,
        i18n.t("partners.chart.breakdown", ctx.lang),
        breakdown_takeaway(frame, ctx.lang),
        [],
        is_empty=frame.empty,
    )


def build_pledged(engine: Engine, ctx: ChartContext) -> ChartResult:
    summary = reads.partner_summary(engine, ctx.initiative_key, ctx.as_of)
    agreement_frame = reads.agreements(engine, ctx.initiative_key, ctx.as_of)
    pledging = agreement_frame[
        agreement_frame["pledged_investment_won"].notna() | agreement_frame["pledged_jobs"].notna()
    ]
    sources = _keys(pledging)
    figure = pledged_figure(
        summary,
        lang=ctx.lang,
        unit=ctx.unit,
        as_of=ctx.as_of,
        sources=queries.outlet_names(engine, sources, ctx.as_of),
    )
    data = (
        summary.loc[
            summary["pledged_investment_won"].notna() | summary["pledged_jobs"].notna(),
            ["partner_key", "name_ko", "name_en", "pledged_investment_won", "pledged_jobs"],
        ]
        if not summary.empty
        else pd.DataFrame()
    )
    return ChartResult(
        figure,
        data,
        i18n.t("partners.chart.pledged", ctx.lang),
        pledged_takeaway(summary, ctx.lang, ctx.unit),
        sources,
        is_empty=data.empty,
    )


CHARTS: list[ChartEntry] = [
    ChartEntry("partners.funnel", SECTION, "partners.chart.funnel", build_funnel),
    ChartEntry("partners.cumulative", SECTION, "partners.chart.cumulative", build_cumulative),
    ChartEntry("partners.breakdown", SECTION, "partners.chart.breakdown", build_breakdown),
    ChartEntry("partners.pledged", SECTION, "partners.chart.pledged", build_pledged),
]

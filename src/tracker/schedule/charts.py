"""The schedule Gantt: baseline (planned) next to actual or forecast, slip labelled, as-of line.

Pure: a schedule frame (:func:`tracker.schedule.schedule_frame`) in, a figure out. One row per
milestone, grouped under a header row per project (or component); for each milestone:

- the baseline: a grey band over the planned month (month precision) or a grey diamond (a day);
- the actual (filled circle) or forecast / due date (open circle), coloured by state;
- a red band from the baseline to the actual/forecast (or to the as-of date while overdue), with
  the slip written at its end (``+11개월 지연``);
- status history of undated work (stopped at 60%, resumed) as a dark band between the events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from .. import frames, i18n, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from . import metrics, reads, view
from .metrics import as_date, missing

DAY_MS = 86_400_000

LABEL_WIDTH = 44

ROW_PX = 34

MARKER_STATES = (
    "done",
    "done_undated",
    "on_track",
    "at_risk",
    "late",
    "not_recorded",
    "stopped",
    "unscheduled",
)


@dataclass
class GanttRow:
    label: str
    kind: str  # "group" | "milestone"
    record: dict = field(default_factory=dict)
    span: tuple[dt.date, dt.date] | None = None  # group rows: first and last date of the group


def _month_window(day: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """The planned window of a baseline: its month, year or day (end exclusive)."""
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    if precision == "month":
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        return start, end
    return day, day + dt.timedelta(days=1)


def row_dates(record: dict) -> list[dt.date]:
    """Every date drawn on a milestone's row."""
    days = [as_date(record.get(c)) for c in ("baseline_date", "forecast_date", "actual_date")]
    days += [as_date(e["changed_on"]) for e in record.get("status_events") or []]
    reference = as_date(record.get("slip_reference"))
    if reference is not None:
        days.append(reference)
    return [d for d in days if d is not None]


def _width(char: str) -> int:
    return 2 if ord(char) >= 0x1100 else 1  # Hangul and CJK take about two Latin widths


def _short(text: str, limit: int = LABEL_WIDTH) -> str:
    """Cut a row label to about ``limit`` Latin widths (the full name stays in the hover)."""
    used = 0
    for index, char in enumerate(text):
        used += _width(char)
        if used > limit:
            return text[:index].rstrip() + "…"
    return text


def gantt_rows(
    frame: pd.DataFrame,
    *,
    group_by: str = "project",
    lang: str = "ko",
    year_range: tuple[int, int] | None = None,
) -> list[GanttRow]:
    """Rows top to bottom: groups ordered by their first date, milestones by date within a group.

    With ``year_range``, milestones with nothing inside those years are left out (undated ones
    stay: they say that no date is known).
    """
    records = frames.records(frame)
    if year_range is not None:
        first, last = dt.date(year_range[0], 1, 1), dt.date(year_range[1], 12, 31)
        records = [
            r for r in records if not row_dates(r) or any(first <= d <= last for d in row_dates(r))
        ]
    groups: dict[str, list[dict]] = {}
    for r in sorted(records, key=lambda r: (metrics.sort_key_date(r), r["key"])):
        groups.setdefault(view.group_label(r, group_by, lang), []).append(r)
    rows: list[GanttRow] = []
    used: set[str] = set()

    def unique(label: str) -> str:
        while label in used:  # plotly merges equal category labels: keep rows apart
            label += "\u200b"
        used.add(label)
        return label

    for name, members in groups.items():
        dates = [d for r in members for d in row_dates(r)]
        span = (min(dates), max(dates)) if dates else None
        rows.append(GanttRow(unique(f"<b>{_short(name)}</b>"), "group", span=span))
        for r in members:
            rows.append(GanttRow(unique("  " + _short(i18n.pick(r, "name", lang))), "milestone", r))
    return rows


def _chart_slip_label(slip: metrics.Slip, lang: str) -> str:
    """Slip written on the chart; an open, overdue item gets the short form (hover has the rest)."""
    if slip.basis != "overdue":
        return view.slip_label(slip, lang)
    if slip.unit in ("month", "year") and abs(slip.months or 0) >= 1:
        amount = i18n.t("schedule.unit.months", lang, n=slip.months)
    else:
        amount = i18n.t("schedule.unit.days", lang, n=f"{slip.days:,}")
    return i18n.t("schedule.chart.overdue", lang, amount=amount)


def _bar(y, start, end, **kwargs) -> go.Bar:
    return go.Bar(
        y=y,
        base=[d.isoformat() for d in start],
        x=[max((e - s).days, 1) * DAY_MS for s, e in zip(start, end, strict=True)],
        orientation="h",
        **kwargs,
    )


def gantt_figure(
    frame: pd.DataFrame,
    *,
    lang: str,
    as_of: dt.date,
    group_by: str = "project",
    year_range: tuple[int, int] | None = None,
    title: str | None = None,
    sources: list[str] | None = None,
) -> go.Figure:
    """The Gantt chart; ``frame`` is :func:`tracker.schedule.schedule_frame` (filtered or not)."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    title = title or t("schedule.chart.title")
    if sources is None:
        outlets = sorted({o for o in frame.get("source_outlet", []) if o and not missing(o)})
        sources = outlets[:4] + (["…"] if len(outlets) > 4 else [])
    rows = gantt_rows(frame, group_by=group_by, lang=lang, year_range=year_range)
    if not [r for r in rows if r.kind == "milestone"]:
        return theme.empty_figure(t("schedule.chart.empty"), title=title, lang=lang, as_of=as_of)
    fig = go.Figure()
    labels = [r.label for r in rows]
    milestones = [r for r in rows if r.kind == "milestone"]

    # Group spans: a thin grey bar from a group's first to its last date.
    spans = [r for r in rows if r.kind == "group" and r.span]
    if spans:
        fig.add_trace(
            _bar(
                [r.label for r in spans],
                [r.span[0] for r in spans],
                [r.span[1] + dt.timedelta(days=1) for r in spans],
                width=0.25,
                marker={"color": "#d5dae0"},
                hoverinfo="skip",
                showlegend=False,
                name="span",
            )
        )

    # Baselines: month/year windows as bands, day dates as diamonds.
    bands, diamonds = [], []
    for r in milestones:
        day = as_date(r.record["baseline_date"])
        if day is None:
            continue
        precision = r.record["baseline_precision"]
        (bands if precision in ("month", "year") else diamonds).append((r, day, precision))
    planned = t("schedule.chart.baseline")
    if bands:
        windows = [_month_window(day, p) for _, day, p in bands]
        fig.add_trace(
            _bar(
                [r.label for r, _, _ in bands],
                [w[0] for w in windows],
                [w[1] for w in windows],
                width=0.6,
                marker={"color": theme.PLAN_COLOUR, "opacity": 0.55},
                name=planned,
                legendgroup="baseline",
                customdata=[view.format_day(d, p, lang) for _, d, p in bands],
                hovertemplate=f"{planned}: %{{customdata}}<extra></extra>",
            )
        )
    if diamonds:
        fig.add_trace(
            go.Scatter(
                y=[r.label for r, _, _ in diamonds],
                x=[d.isoformat() for _, d, _ in diamonds],
                mode="markers",
                marker={
                    "symbol": "diamond-open",
                    "size": 14,
                    "color": theme.MUTED_INK,
                    "line": {"width": 2},
                },
                name=planned,
                legendgroup="baseline",
                showlegend=not bands,
                customdata=[d.isoformat() for _, d, _ in diamonds],
                hovertemplate=f"{planned}: %{{customdata}}<extra></extra>",
            )
        )

    # Slip: from the stored baseline to the actual / forecast / as-of date, labelled at its end.
    slipped = []
    for r in milestones:
        slip = metrics.slip_of(r.record)
        if slip.is_late:
            slipped.append((r, as_date(r.record["baseline_date"]), slip))
    if slipped:
        slip_name = t("schedule.chart.slip")
        fig.add_trace(
            _bar(
                [r.label for r, _, _ in slipped],
                [b for _, b, _ in slipped],
                [s.reference for _, _, s in slipped],
                width=0.3,
                marker=theme.band_marker("late", 0.35),
                name=slip_name,
                legendgroup="slip",
                customdata=[view.slip_label(s, lang) for _, _, s in slipped],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                y=[r.label for r, _, _ in slipped],
                x=[s.reference.isoformat() for _, _, s in slipped],
                mode="text",
                text=[f"  {_chart_slip_label(s, lang)}" for _, _, s in slipped],
                textposition="middle right",
                textfont={"color": theme.STATE_COLOURS["late"], "size": 13},
                showlegend=False,
                legendgroup="slip",
                hoverinfo="skip",
                name="slip-label",
            )
        )

    # Status history of work without dates: stopped -> resumed, as a band between the events.
    stops_y, stops_start, stops_end, stops_text = [], [], [], []
    resumes = []
    for r in milestones:
        stopped_on = None
        stopped_pct = None
        for event in r.record.get("status_events") or []:
            day = as_date(event["changed_on"])
            if event["status_to"] == "stopped":
                stopped_on, stopped_pct = day, event["progress_pct"]
            elif stopped_on is not None:
                stops_y.append(r.label)
                stops_start.append(stopped_on)
                stops_end.append(day)
                stops_text.append((stopped_pct, day))
                resumes.append((r, day, event))
                stopped_on = None
        if stopped_on is not None:
            stops_y.append(r.label)
            stops_start.append(stopped_on)
            stops_end.append(max(as_of, stopped_on))
            stops_text.append((stopped_pct, None))
    if stops_y:
        texts = []
        for (pct, resumed), start, end in zip(stops_text, stops_start, stops_end, strict=True):
            months = max(metrics.whole_months(start, end), 0)
            pct_text = "" if pct is None or missing(pct) else f" ({pct:.0f}%)"
            key = "schedule.chart.stopped_for" if resumed else "schedule.chart.stopped_since"
            texts.append(t(key, months=months, pct=pct_text, date=start.isoformat()))
        fig.add_trace(
            _bar(
                stops_y,
                stops_start,
                stops_end,
                width=0.45,
                marker=theme.band_marker("stopped", 0.85),
                name=t("schedule.chart.stopped_band"),
                legendgroup="stopped_band",
                customdata=texts,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                y=stops_y,
                x=[e.isoformat() for e in stops_end],
                mode="text",
                text=[f"  {text}" for text in texts],
                textposition="middle right",
                textfont={"color": theme.STATE_COLOURS["stopped"], "size": 13},
                showlegend=False,
                hoverinfo="skip",
                name="stopped-label",
            )
        )

    # State markers: the state's own symbol (theme.STATE_STYLES), filled for an actual date and
    # open for a forecast / due date, in the state's colour: the state reads without colour too.
    undated = []
    present = dict.fromkeys(r.record["state"] for r in milestones)  # a new state is drawn too
    states = [*MARKER_STATES, *(s for s in present if s not in (*MARKER_STATES, "cancelled"))]
    for state in states:
        style = theme.state_style(state)
        ys, xs, symbols, hover = [], [], [], []
        for r in milestones:
            record = r.record
            if record["state"] != state:
                continue
            actual = as_date(record["actual_date"])
            due = as_date(record["due_date"])
            precision = None
            if actual is not None and actual <= as_of:
                point, symbol, what = actual, style.symbol, t("schedule.chart.actual")
                precision = record["actual_precision"]
            elif due is not None:
                point, symbol, what = due, f"{style.symbol}-open", t("schedule.chart.due")
                forecast = as_date(record.get("forecast_date")) is not None
                precision = record.get("forecast_precision" if forecast else "baseline_precision")
            elif record.get("status_events"):
                last = record["status_events"][-1]
                point, symbol = as_date(last["changed_on"]), "triangle-right"
                what = t(f"schedule.status.{last['status_to']}")
                precision = "day"
            else:
                undated.append(r)
                continue
            ys.append(r.label)
            xs.append(point.isoformat())
            symbols.append(symbol)
            hover.append(
                f"{i18n.pick(record, 'name', lang)}<br>{what}: "
                f"{view.format_day(point, precision, lang)}"
                f"<br>{i18n.label('milestone_state', state, lang)}"
            )
        if ys:
            fig.add_trace(
                go.Scatter(
                    y=ys,
                    x=xs,
                    mode="markers",
                    marker={
                        "symbol": symbols,
                        "size": 13,
                        "color": style.colour,
                        "line": {"width": 2, "color": style.colour},
                    },
                    name=i18n.label("milestone_state", state, lang),
                    legendgroup=state,
                    customdata=hover,
                    hovertemplate="%{customdata}<extra></extra>",
                )
            )
    if undated:
        fig.add_trace(
            go.Scatter(
                y=[r.label for r in undated],
                x=[as_of.isoformat()] * len(undated),
                mode="text",
                # done without a date says so; anything else simply has no date yet
                text=[
                    (
                        i18n.label("milestone_state", "done_undated", lang)
                        if r.record["state"] == "done_undated"
                        else t("schedule.chart.no_date")
                    )
                    + "  "
                    for r in undated
                ],
                textposition="middle left",
                textfont={"color": theme.MUTED_INK},
                showlegend=False,
                hoverinfo="skip",
                name="undated",
            )
        )

    # The as-of line.
    fig.add_shape(
        type="line",
        x0=as_of.isoformat(),
        x1=as_of.isoformat(),
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line={"color": theme.INK, "width": 1.5, "dash": "dash"},
        name="as_of_line",
    )
    fig.add_annotation(
        x=as_of.isoformat(),
        y=1,
        xref="x",
        yref="paper",
        text=t("common.as_of_stamp", date=as_of.isoformat()) + " ",
        showarrow=False,
        yanchor="top",
        xanchor="right",
        font={"size": 12, "color": theme.INK},
        name="as_of_label",
    )

    if year_range is not None:
        x_range = [dt.date(year_range[0], 1, 1), dt.date(year_range[1], 12, 31)]
    else:
        dates = [d for r in milestones for d in row_dates(r.record)] + [as_of]
        first, last = min(dates), max(dates)
        # Room on the right for the slip labels written after the last date.
        pad = max(dt.timedelta(days=180), (last - first) * 0.3)
        x_range = [first - dt.timedelta(days=60), last + pad]
    theme.set_layout(
        fig,
        xaxis={
            "type": "date",
            "range": [d.isoformat() for d in x_range],
            "tickformat": "%Y-%m" if (x_range[1] - x_range[0]).days < 3 * 366 else "%Y",
            "showgrid": True,
            "gridcolor": theme.GRID,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
            "showgrid": False,
            "tickfont": {"size": 13},
        },
        barmode="overlay",
        height=max(420, ROW_PX * len(rows) + 230),
    )
    subtitle = t("schedule.chart.subtitle")
    fig = theme.apply(fig, title=title, subtitle=subtitle, lang=lang, as_of=as_of, sources=sources)
    # Room above the plot for a legend that wraps to three rows on a narrow screen, clear of the
    # subtitle (the legend grows upwards from the plot's top edge); the title hung from the top
    # (anchored by its top, plotly drew a title of two lines half a line too high: cut off)
    return theme.hang_title(fig, 175)


def gantt_result(
    frame: pd.DataFrame,
    *,
    lang: str,
    as_of: dt.date,
    group_by: str = "project",
    year_range: tuple[int, int] | None = None,
) -> ChartResult:
    """The Gantt with its data table, takeaway and sources (pages and the briefing pack)."""
    title = i18n.t("schedule.chart.title", lang)
    keys = sorted({k for k in frame.get("source_key", []) if not missing(k)})
    figure = gantt_figure(
        frame, lang=lang, as_of=as_of, group_by=group_by, year_range=year_range, title=title
    )
    if frame.empty:
        return ChartResult(figure, frame, title, None, [], is_empty=True)
    summary = metrics.summarise(frame, as_of)
    return ChartResult(
        figure=figure,
        data=view.milestone_table(frame, lang),
        title=title,
        takeaway=view.takeaway(summary, lang),
        source_keys=keys,
    )


def build_gantt(engine: Engine, ctx: ChartContext) -> ChartResult:
    frame = reads.schedule_frame(engine, ctx.initiative_key, ctx.as_of)
    return gantt_result(frame, lang=ctx.lang, as_of=ctx.as_of)


CHARTS = [
    ChartEntry(
        key="schedule.gantt",
        section="schedule.section",
        title_key="schedule.chart.title",
        build=build_gantt,
    )
]


def gantt_for(
    engine: Engine,
    initiative_key: str,
    as_of: dt.date,
    *,
    lang: str,
    group_by: str = "project",
    projects: tuple[str, ...] = (),
    states: tuple[str, ...] = (),
    year_range: tuple[int, int] | None = None,
) -> ChartResult:
    """The page's Gantt: read, filter, draw (cached by ``ui.call`` on these plain arguments)."""
    frame = reads.schedule_frame(engine, initiative_key, as_of)
    frame = metrics.filter_milestones(frame, projects=projects, states=states)
    return gantt_result(frame, lang=lang, as_of=as_of, group_by=group_by, year_range=year_range)

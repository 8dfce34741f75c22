"""Budget charts: pure builders (small frames in, ``go.Figure`` out) and their catalogue entries.

Each builder takes its data first and keyword-only options (language, unit, as-of date, sources),
draws money in the sidebar's unit (``money.chart_divisor``), and finishes with ``theme.apply`` so
the title, unit, as-of date and source line travel with the figure into exports. A builder given
nothing to draw returns ``theme.empty_figure`` with a message saying why.

``results(view, ctx)`` glues one :class:`budget_view.BudgetView` (the page's numbers) to every
chart, so a figure and the page's cards and tables always come from the same computation.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from . import budget, budget_view, i18n, money, spending, theme
from .catalog import ChartContext, ChartEntry, ChartResult

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


def _filter_note(filters: spending.Filters | None, lang: str, dimensions: tuple[str, ...]) -> str:
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


SUBTITLE_WIDTH = 72  # display width (see _width) on one subtitle line of a half-width chart


def _width(text: str) -> int:
    """Display width: Korean (wide) characters take about two Latin ones."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _subtitle(*parts: str) -> str:
    """Parts joined with ' · ', each on its own line when one line would be cut off."""
    present = [p for p in parts if p]
    joined = " · ".join(present)
    return "<br>".join(present) if _width(joined) > SUBTITLE_WIDTH else joined


def _legend_aside(fig: go.Figure) -> go.Figure:
    """Half-width charts: the legend beside the plot, clear of the title and subtitle."""
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"}
    )
    return fig


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
    filters: spending.Filters | None = None,
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
        return theme.empty_figure(message, title=title, lang=lang, as_of=as_of)
    kinds = {"plan": t("budget.kind.plan", lang), "executed": t("budget.kind.executed", lang)}
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
    fig = go.Figure()
    in_legend: set[str] = set()
    for kind, series in (("plan", by_plan), ("executed", by_exec)):
        for source in SOURCE_ORDER:
            points = [(y, series.get((y, source))) for y in years]
            points = [(y, v) for y, v in points if v is not None and not pd.isna(v)]
            if not points:
                continue
            label = i18n.label("funding_source", source, lang)
            fig.add_bar(
                x=[[str(y) for y, _ in points], [kinds[kind]] * len(points)],
                y=[_scale(v, unit, lang) for _, v in points],
                name=label,
                legendgroup=source,
                showlegend=source not in in_legend,
                marker={
                    "color": theme.FUNDING_COLOURS[source],
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
            in_legend.add(source)
    fig.update_layout(barmode="relative", bargap=0.25)
    fig.update_yaxes(title_text=money.unit_label(unit, lang), rangemode="tozero")
    missing = "" if has_expenditure else t("budget.no_expenditure_note", lang)
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=_subtitle(t("budget.basis", lang, basis=basis), missing, note),
    )
    return _wrap_footer(_legend_aside(fig))


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
    filters: spending.Filters | None = None,
) -> go.Figure:
    """Who pays: each plan version's split by funding source (one bar each, never summed), and
    the recorded expenditure by source. Bars carry ``customdata = [funding_source, row]``."""
    title = t("budget.chart.by_source.title", lang)
    if split.empty and executed.empty:
        return theme.empty_figure(
            t("budget.empty.no_source_split", lang), title=title, lang=lang, as_of=as_of
        )
    rows: list[tuple[str, pd.Series]] = []
    for key in split["plan_version_key"].drop_duplicates():
        version = versions[versions["key"] == key].iloc[0]
        label = f"{version['announced_on']:%Y-%m}<br>{version.get('outlet') or ''}"
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
    fig = go.Figure()
    for source in SOURCE_ORDER:
        values = [part.get(source) for _, part in rows]
        if all(v is None or pd.isna(v) for v in values):
            continue
        name = i18n.label("funding_source", source, lang)
        present = [(lab, v, part) for (lab, part), v in zip(rows, values, strict=True) if v]
        fig.add_bar(
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
            hovertemplate="%{y}<br>"
            + name
            + ": %{x:,.1f} "
            + money.unit_label(unit, lang)
            + "<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_xaxes(title_text=money.unit_label(unit, lang), rangemode="tozero")
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
    )
    return _wrap_footer(_legend_aside(fig), width=58)


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
    filters: spending.Filters | None = None,
) -> go.Figure:
    """Cumulative plan and actual by month, the as-of line, and the run-rate forecast with a band."""
    title = t("budget.chart.s_curve.title", lang)
    if not has_expenditure:
        return theme.empty_figure(
            t("budget.empty.no_expenditure", lang), title=title, lang=lang, as_of=as_of
        )
    if curve.empty:
        return theme.empty_figure(
            t("budget.empty.filtered", lang), title=title, lang=lang, as_of=as_of
        )
    fig = go.Figure()
    planned = curve.dropna(subset=["planned_cum"])
    fig.add_scatter(
        x=planned["date"],
        y=[_scale(v, unit, lang) for v in planned["planned_cum"]],
        name=t("budget.series.planned_cum", lang),
        mode="lines",
        line={"color": theme.PLAN_COLOUR, "dash": "dash", "width": 2},
    )
    actual = curve.dropna(subset=["actual_cum"])
    fig.add_scatter(
        x=actual["date"],
        y=[_scale(v, unit, lang) for v in actual["actual_cum"]],
        name=t("budget.series.actual_cum", lang),
        mode="lines+markers",
        marker={"size": 4},
        line={"color": theme.ACTUAL_COLOUR, "width": 3},
    )
    if forecast_path is not None and len(forecast_path) > 1:
        x = list(forecast_path["date"])
        fig.add_scatter(
            x=x + x[::-1],
            y=[_scale(v, unit, lang) for v in forecast_path["high"]]
            + [_scale(v, unit, lang) for v in forecast_path["low"][::-1]],
            fill="toself",
            fillcolor="rgba(31,78,156,0.15)",
            line={"width": 0},
            name=t("budget.series.band", lang),
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=x,
            y=[_scale(v, unit, lang) for v in forecast_path["forecast"]],
            name=t("budget.series.forecast", lang),
            mode="lines",
            line={"color": theme.ACTUAL_COLOUR, "dash": "dot", "width": 2},
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
    fig.update_yaxes(title_text=money.unit_label(unit, lang), rangemode="tozero")
    fig.update_xaxes(title_text=t("budget.axis.month", lang))
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
    )
    return _wrap_footer(_legend_aside(fig))


# --- breakdown by component -----------------------------------------------------------------------


def component_treemap(
    components: pd.DataFrame,
    executed_by_project: pd.Series | None = None,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    root_label: str,
    basis: str,
    sources: list[str] | None = None,
    filters: spending.Filters | None = None,
) -> go.Figure:
    """Plan by component (project) as a treemap; a sub-component priced by its own source sits
    inside its parent (drawn only when it fits inside it). Estimates are marked '약'/'about'."""
    title = t("budget.chart.components.title", lang)
    note = _filter_note(filters, lang, ("component",))
    frame = components
    if filters is not None and filters.components:
        frame = frame[frame["category"].isin(filters.components)]
    if frame.empty:
        message = t("budget.empty.filtered" if note else "budget.empty.no_components", lang)
        return theme.empty_figure(message, title=title, lang=lang, as_of=as_of)
    keys = set(frame["key"])
    amounts = dict(zip(frame["key"], frame["amount_won"], strict=True))
    children: dict[str, int] = {}
    for row in frame.to_dict("records"):
        parent = row["parent_key"]
        if isinstance(parent, str) and parent in keys:
            children[parent] = children.get(parent, 0) + int(row["amount_won"])
    ids, labels, parents, values, colours, texts, custom = [], [], [], [], [], [], []
    top_total = 0
    for row in frame.to_dict("records"):
        parent = row["parent_key"] if isinstance(row["parent_key"], str) else None
        if parent in keys and children.get(parent, 0) > amounts[parent]:
            continue  # sources disagree: a child larger than its parent is not drawn inside it
        parent = parent if parent in keys else None
        if parent is None:
            top_total += int(row["amount_won"])
        name = i18n.pick(row, "name", lang) or row["key"]
        amount = money.format_krw(
            row["amount_won"], unit, lang, approximate=bool(row["is_estimate"])
        )
        spent = executed_by_project.get(row["key"]) if executed_by_project is not None else None
        detail = amount
        if spent is not None and not pd.isna(spent):
            detail += "<br>" + t(
                "budget.treemap.executed",
                lang,
                amount=money.format_krw(spent, unit, lang),
                rate=money.format_percent(spending.execution_rate(row["amount_won"], spent), lang),
            )
        ids.append(row["key"])
        labels.append(name)
        parents.append(parent or "root")
        values.append(_scale(row["amount_won"], unit, lang))
        colours.append(CATEGORY_COLOURS.get(row["category"], "#9aa5b1"))
        texts.append(detail)
        custom.append([row["category"], row["key"]])
    fig = go.Figure(
        go.Treemap(
            ids=["root", *ids],
            labels=[root_label, *labels],
            parents=["", *parents],
            values=[_scale(top_total, unit, lang), *values],
            branchvalues="total",
            marker={"colors": ["#ffffff", *colours]},
            text=[money.format_krw(top_total, unit, lang), *texts],
            customdata=[["", "root"], *custom],
            textinfo="label+text+percent root",
            hovertemplate="<b>%{label}</b><br>%{text}<br>%{percentRoot:.1%}<extra></extra>",
            root={"color": "#f5f7fa"},
        )
    )
    fig.update_layout(margin={"l": 10, "r": 10})
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=_subtitle(
            t("budget.basis", lang, basis=basis), t("budget.chart.components.subtitle", lang), note
        ),
    )
    return _wrap_footer(fig)


# --- plan-version waterfall -----------------------------------------------------------------------


def envelope_waterfall(
    steps: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    sources: list[str] | None = None,
) -> go.Figure:
    """How the programme total moved from the first plan to the latest figure.

    ``steps``: :func:`spending.envelope_steps` output with ``outlet``, ``reason_*``,
    ``is_estimate``. The first bar is absolute, each later one the change, the last the total.
    """
    title = t("budget.chart.waterfall.title", lang)
    if steps.empty:
        return theme.empty_figure(
            t("budget.empty.no_versions", lang), title=title, lang=lang, as_of=as_of
        )
    approx = t("budget.approx", lang)
    x, measure, y, text, hover = [], [], [], [], []
    for n, row in enumerate(steps.to_dict("records")):
        estimate = bool(row["is_estimate"])
        head = f"{row['announced_on']:%Y-%m}" + (f" ({approx})" if estimate else "")
        label = f"{head} · {row.get('outlet') or '—'}"
        x.append(label if label not in x else f"{label} ({n + 1})")
        reason = i18n.pick(row, "reason", lang) or i18n.pick(row, "label", lang)
        total = money.format_krw(row["total_won"], unit, lang, approximate=estimate)
        if n == 0:
            measure.append("absolute")
            y.append(_scale(row["total_won"], unit, lang))
            text.append(total)
        else:
            measure.append("relative")
            y.append(_scale(row["change_won"], unit, lang))
            change = money.format_krw(row["change_won"], unit, lang, approximate=estimate)
            text.append(
                ("+" if row["change_won"] > 0 else "") + change if row["change_won"] else "±0"
            )
        hover.append(
            f"<b>{i18n.pick(row, 'label', lang)}</b><br>{reason}<br>"
            + t("budget.waterfall.total_then", lang, total=total)
        )
    last = steps.iloc[-1]
    x.append(t("budget.waterfall.latest", lang))
    measure.append("total")
    y.append(0)
    text.append(
        money.format_krw(last["total_won"], unit, lang, approximate=bool(last["is_estimate"]))
    )
    hover.append(i18n.pick(last.to_dict(), "label", lang))
    fig = go.Figure(
        go.Waterfall(
            y=x,
            x=y,
            orientation="h",
            measure=measure,
            text=text,
            textposition="outside",
            hovertext=hover,
            hoverinfo="text",
            increasing={"marker": {"color": "#2f9e57"}},
            decreasing={"marker": {"color": "#d62728"}},
            totals={"marker": {"color": theme.ACTUAL_COLOUR}},
            connector={"line": {"color": "#9aa5b1", "dash": "dot"}},
        )
    )
    low = min(steps["total_won"].min(), steps["total_won"].iloc[0])
    high = steps["total_won"].max()
    pad = (high - low) * 0.6 or high * 0.05
    fig.update_xaxes(
        title_text=money.unit_label(unit, lang),
        range=[_scale(max(low - pad, 0), unit, lang), _scale(high + pad, unit, lang)],
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(showlegend=False, margin={"l": 10})
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=t("budget.chart.waterfall.subtitle", lang),
    )
    return _wrap_footer(fig, width=58)


# --- regional comparison --------------------------------------------------------------------------


def regional_envelopes(
    frame: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    highlight: str | None = None,
    sources: list[str] | None = None,
) -> go.Figure:
    """Every initiative's envelope, largest on top; estimates hatched and labelled '약'/'about'."""
    title = t("budget.chart.regional.title", lang)
    if frame.empty:
        return theme.empty_figure(
            t("budget.empty.no_envelopes", lang), title=title, lang=lang, as_of=as_of
        )
    ordered = frame.sort_values("envelope_won", kind="stable")
    names = [
        f"{i18n.pick(r, 'region', lang) or '—'} · {i18n.pick(r, 'name', lang)}"
        for r in ordered.to_dict("records")
    ]
    estimates = list(ordered["is_estimate"].astype(bool))
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[_scale(v, unit, lang) for v in ordered["envelope_won"]],
            orientation="h",
            marker={
                "color": [
                    theme.ACTUAL_COLOUR if k == highlight else theme.PLAN_COLOUR
                    for k in ordered["key"]
                ],
                "pattern": {"shape": ["/" if e else "" for e in estimates]},
            },
            text=[
                money.format_krw(v, unit, lang, approximate=e)
                for v, e in zip(ordered["envelope_won"], estimates, strict=True)
            ],
            textposition="outside",
            customdata=list(ordered["key"]),
            hovertemplate="%{y}<br>%{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    largest = _scale(ordered["envelope_won"].max(), unit, lang)
    fig.update_xaxes(title_text=money.unit_label(unit, lang), range=[0, largest * 1.35])
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False, margin={"l": 10, "r": 20})
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=t("budget.chart.regional.subtitle", lang),
    )
    return _wrap_footer(fig, width=58)


# --- glue: one view -> every chart -----------------------------------------------------------------


def _outlets(data: budget.BudgetData, keys) -> list[str]:
    lookup = dict(zip(data.versions["source_key"], data.versions["outlet"], strict=True))
    if not data.line_sources.empty:
        lines = data.line_sources
        lookup.update(zip(lines["source_key"], lines["outlet"], strict=True))
    outlets = [lookup.get(k) or k for k in dict.fromkeys(k for k in keys if isinstance(k, str))]
    return list(dict.fromkeys(outlets))


def _source_keys_of(data: budget.BudgetData, version_keys) -> list[str]:
    return data.sources_of(version_keys)


FOOTER_WIDTH = 84  # display width (see _width) of a footer line in a half-width chart


def _wrap_footer(fig: go.Figure, width: int = FOOTER_WIDTH) -> go.Figure:
    """Break a long as-of/unit/source footer into lines so that no source is cut off, and make
    room at the top for a subtitle of several lines."""
    subtitle_lines = (fig.layout.title.text or "").count("<br>")
    if subtitle_lines > 1:
        fig.update_layout(margin={"t": 80 + 18 * (subtitle_lines - 1)})
    for note in fig.layout.annotations:
        if note.name != "footer" or _width(note.text) <= width:
            continue
        lines, line = [], ""
        for piece in note.text.replace(" · ", " ·\n").replace(", ", ",\n").split("\n"):
            if line and _width(line) + _width(piece) + 1 > width:
                lines.append(line.rstrip())
                line = ""
            line += piece + " "
        lines.append(line.rstrip())
        note.text = "<br>".join(lines)
        margin = fig.layout.margin.b or 90
        fig.update_layout(margin={"b": margin + 16 * (len(lines) - 1)})
    return fig


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
    table = spending.execution_by(view.plan, view.executed, ["year", "funding_source"])
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
        top = years.sort_values("plan_won", ascending=False).iloc[0]
        first, last = int(years["year"].min()), int(years["year"].max())
        takeaway = t(
            "budget.takeaway.by_year_plan_only",
            lang,
            span=str(first) if first == last else f"{first}{'~' if lang == 'ko' else '–'}{last}",
            total=money.format_krw(view.totals.plan_won, unit, lang),
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
        spending.cumulative_curve(
            plan, executed, as_of=data.as_of, start_year=start, end_year=max(end, data.as_of.year)
        )
        if start is not None and end is not None
        else pd.DataFrame(columns=["date", "planned_cum", "actual_cum"])
    )
    end_date = budget_view.programme_end(data)
    forecast = (
        spending.forecast(executed, as_of=data.as_of, end=max(end_date, data.as_of))
        if end_date is not None and not executed.empty
        else None
    )
    method = t(
        "budget.method_short",
        lang,
        window=spending.DEFAULT_WINDOW_MONTHS,
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
            share=money.format_percent(spending.execution_rate(envelope, forecast.end_won), lang),
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
    steps = spending.envelope_steps(versions)
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


def _entry(key: str):
    def build(engine: Engine, ctx: ChartContext) -> ChartResult:
        if key == "budget.regional":
            return regional_result(budget.envelopes(engine, ctx.as_of), ctx)
        view = budget_view.compute(budget.load(engine, ctx.initiative_key, ctx.as_of))
        return results_for(key, view, ctx)

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

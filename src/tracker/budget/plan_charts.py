"""Budget structure charts: components treemap, envelope waterfall, regional envelopes.

Pure builders, in the same style as :mod:`tracker.budget.charts` (whose helpers they share).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from .. import frames, i18n, money, theme
from ..dates import format_date
from . import metrics
from .charts import CATEGORY_COLOURS, _filter_note, _scale, _subtitle, t

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
    filters: metrics.Filters | None = None,
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
        return theme.empty_figure(
            message, title=title, lang=lang, as_of=as_of, width=theme.HALF_ROW
        )
    keys = set(frame["key"])
    amounts = dict(zip(frame["key"], frame["amount_won"], strict=True))
    children: dict[str, int] = {}
    for row in frames.records(frame):
        parent = row["parent_key"]
        if isinstance(parent, str) and parent in keys:
            children[parent] = children.get(parent, 0) + int(row["amount_won"])
    ids, labels, parents, values, colours, texts, custom = [], [], [], [], [], [], []
    top_total = 0
    for row in frames.records(frame):
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
                rate=money.format_percent(metrics.execution_rate(row["amount_won"], spent), lang),
            )
        ids.append(row["key"])
        labels.append(name)
        parents.append(parent or "root")
        values.append(_scale(row["amount_won"], unit, lang))
        colours.append(CATEGORY_COLOURS.get(row["category"], "#9aa5b1"))
        texts.append(detail)
        custom.append([row["category"], row["key"]])
    fig = theme.unchecked()
    fig.add_trace(
        dict(
            type="treemap",
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
    theme.set_layout(fig, margin={"l": 10, "r": 10})
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
        width=theme.HALF_ROW,
    )
    return fig


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
    for n, row in enumerate(frames.records(steps)):
        estimate = bool(row["is_estimate"])
        head = format_date(row["announced_on"], row.get("announced_precision"), lang)
        head += f" ({approx})" if estimate else ""
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
    fig = theme.unchecked()
    fig.add_trace(
        dict(
            type="waterfall",
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
    theme.set_layout(
        fig,
        xaxis={
            "title": {"text": money.unit_label(unit, lang)},
            "range": [_scale(max(low - pad, 0), unit, lang), _scale(high + pad, unit, lang)],
        },
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
        margin={"l": 10},
    )
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=t("budget.chart.waterfall.subtitle", lang),
    )
    return fig


# --- regional comparison --------------------------------------------------------------------------


REGIONAL_ROW_PX = 24  # one initiative's bar and its name, as on the portfolio's bar charts


def regional_height(initiatives: int) -> int:
    """Plotly's 450 px up to 12 initiatives; beyond, a row each (80 initiatives squeezed into
    450 px left a pixel a bar and named one in six)."""
    return max(450, 160 + REGIONAL_ROW_PX * initiatives)


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
        for r in frames.records(ordered)
    ]
    estimates = list(ordered["is_estimate"].astype(bool))
    fig = theme.unchecked()
    fig.add_trace(
        dict(
            type="bar",
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
    theme.set_layout(
        fig,
        xaxis={"title": {"text": money.unit_label(unit, lang)}, "range": [0, largest * 1.35]},
        yaxis={"automargin": True},
        showlegend=False,
        margin={"l": 10, "r": 20},
        height=regional_height(len(names)),
    )
    theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        unit=money.unit_label(unit, lang),
        sources=sources,
        subtitle=t("budget.chart.regional.subtitle", lang),
    )
    return fig

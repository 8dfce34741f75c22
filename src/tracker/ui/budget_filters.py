"""The budget page's filters: years, funding sources, components and the lapse-risk threshold.

Their values live in the URL (``?b_year=2021&b_source=national&b_comp=rnd&b_risk=15``) so a link
reproduces the narrowed view. A click on a chart (plotly selection) narrows the filters through
:func:`on_chart_select`; ``budget_charts.selection_filters`` says what a click means.
"""

from __future__ import annotations

import streamlit as st

from .. import i18n
from ..budget import charts as budget_charts
from ..budget import entries as budget_entries
from ..budget import metrics as budget_metrics
from ..budget import reads as budget_reads

PARAMS = {"years": "b_year", "sources": "b_source", "components": "b_comp"}
THRESHOLD = "b_risk"
DEFAULT_THRESHOLD_PCT = round(budget_metrics.DEFAULT_LAPSE_THRESHOLD * 100)


def _url_values(param: str) -> list[str]:
    values = []
    for raw in st.query_params.get_all(param):
        values.extend(v for v in raw.split(",") if v)
    return values


def _options(data: budget_reads.BudgetData) -> dict[str, list]:
    plan, spent = data.yearly_plan, data.executed
    years = set(plan["year"].dropna().astype(int)) | set(spent["year"].dropna().astype(int))
    sources = set(plan["funding_source"]) | set(spent["funding_source"])
    sources |= set(data.source_split.get("funding_source", []))
    components = set(plan["category"].dropna()) | set(spent["category"].dropna())
    components |= set(data.components.get("category", []))
    return {
        "years": sorted(years),
        "sources": [s for s in budget_charts.SOURCE_ORDER if s in sources],
        "components": sorted(components),
    }


def _seed(options: dict[str, list]) -> None:
    """Take the filters from the URL once per session; keep only values that still exist."""
    for name, param in PARAMS.items():
        key = param
        if key not in st.session_state:
            raw = _url_values(param)
            wanted = [int(v) for v in raw if v.isdigit()] if name == "years" else raw
            st.session_state[key] = wanted
        st.session_state[key] = [v for v in st.session_state[key] if v in options[name]]
    if THRESHOLD not in st.session_state:
        raw = st.query_params.get(THRESHOLD)
        value = int(raw) if raw and raw.isdigit() and 0 <= int(raw) <= 100 else None
        st.session_state[THRESHOLD] = DEFAULT_THRESHOLD_PCT if value is None else value


def _to_url() -> None:
    for param in PARAMS.values():
        values = [str(v) for v in st.session_state.get(param, [])]
        if values:
            if st.query_params.get_all(param) != values:
                st.query_params[param] = values
        elif param in st.query_params:
            del st.query_params[param]
    threshold = st.session_state.get(THRESHOLD, DEFAULT_THRESHOLD_PCT)
    if threshold == DEFAULT_THRESHOLD_PCT:
        if THRESHOLD in st.query_params:
            del st.query_params[THRESHOLD]
    elif st.query_params.get(THRESHOLD) != str(threshold):
        st.query_params[THRESHOLD] = str(threshold)


def _clear() -> None:
    for param in PARAMS.values():
        st.session_state[param] = []


def on_chart_select(chart_key: str, widget_key: str):
    """A callback for ``st.plotly_chart(on_select=...)``: a click narrows the filters to it."""

    def apply() -> None:
        state = st.session_state.get(widget_key)
        points = (state or {}).get("selection", {}).get("points", []) if state else []
        for name, values in budget_entries.selection_filters(chart_key, points).items():
            st.session_state[PARAMS[name]] = list(values)

    return apply


def budget_filters(
    data: budget_reads.BudgetData, lang: str
) -> tuple[budget_metrics.Filters, float]:
    """Draw the filter row; return the filters and the lapse-risk threshold (a share, 0–1)."""
    options = _options(data)
    _seed(options)
    years, sources, components, threshold, clear = st.columns([2, 2, 3, 3, 1.2])
    years.multiselect(
        i18n.t("budget.filter.years", lang),
        options["years"],
        key=PARAMS["years"],
        placeholder=i18n.t("budget.filter.all", lang),
    )
    sources.multiselect(
        i18n.t("budget.filter.sources", lang),
        options["sources"],
        format_func=lambda s: i18n.label("funding_source", s, lang),
        key=PARAMS["sources"],
        placeholder=i18n.t("budget.filter.all", lang),
    )
    components.multiselect(
        i18n.t("budget.filter.components", lang),
        options["components"],
        format_func=lambda c: i18n.label("category", c, lang),
        key=PARAMS["components"],
        placeholder=i18n.t("budget.filter.all", lang),
    )
    threshold.slider(
        i18n.t("budget.filter.threshold", lang),
        min_value=0,
        max_value=50,
        step=1,
        key=THRESHOLD,
        help=i18n.t("budget.filter.threshold_help", lang),
    )
    clear.button(
        i18n.t("budget.filter.clear", lang),
        on_click=_clear,
        icon=":material/filter_alt_off:",
        key="b_clear",
    )
    _to_url()
    chosen = budget_metrics.Filters(
        years=tuple(st.session_state[PARAMS["years"]]),
        sources=tuple(st.session_state[PARAMS["sources"]]),
        components=tuple(st.session_state[PARAMS["components"]]),
    )
    return chosen, st.session_state[THRESHOLD] / 100

"""Portfolio: every region's AI initiatives at a glance, most urgent first; a row opens one."""

import streamlit as st

from tracker import config
from tracker.catalog import ChartContext
from tracker.db import queries
from tracker.maps import boundaries as maps_boundaries
from tracker.portfolio import charts as portfolio_charts
from tracker.portfolio import metrics as portfolio_metrics
from tracker.portfolio import reads as portfolio_reads
from tracker.portfolio import view as portfolio_view
from tracker.ui import cached_figure, call, chart, selection
from tracker.ui.cards import metric_cards
from tracker.ui.charts import show_chart
from tracker.ui.state import follow_open_overview, open_initiative_on_select

sel = selection()
follow_open_overview()
st.title(sel.t("portfolio.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()

st.caption(
    f"{sel.t('portfolio.question')} · {sel.t('common.as_of_stamp', date=sel.as_of.isoformat())}"
)
frame = call(portfolio_charts.portfolio_frame, sel.as_of)
if frame.empty:
    st.info(sel.t("portfolio.empty"))
    st.stop()

metric_cards(portfolio_view.kpi_cards(frame, sel.lang), per_row=5)

basis = st.segmented_control(
    sel.t("portfolio.basis_label"),
    portfolio_view.BASES,
    format_func=lambda b: sel.t(f"portfolio.basis.{b}"),
    default="absolute",
    key="p_basis",
    required=True,
    bind="query-params",
)
shown = frame
if basis != "absolute":
    regions = call(portfolio_reads.region_figures, sel.as_of)
    shown = portfolio_metrics.relative(frame, regions, basis)
    note = portfolio_view.relative_note(regions, basis, sel.lang)
    if note:
        st.caption(note)

table = portfolio_view.portfolio_table(shown, lang=sel.lang, unit=sel.unit, basis=basis)
st.dataframe(
    table,
    hide_index=True,
    placeholder="—",
    width="stretch",
    key="portfolio-table",
    on_select=open_initiative_on_select("portfolio-table", list(frame["initiative_key"])),
    selection_mode="single-row",
)
st.caption(f"{sel.t('portfolio.click_hint')} {sel.t('portfolio.rule')}")

ctx = ChartContext(sel.initiative_key or "", sel.as_of, sel.lang, sel.unit)
envelopes, execution, health, pipeline = portfolio_charts.CHARTS
# one chart a row: side by side, the scatter's names and the 17 regions' bars had half the width
for entry in (envelopes, health, execution, pipeline):
    show_chart(chart(entry.build, ctx), key=entry.key, lang=sel.lang)

st.markdown(f"## {sel.t('portfolio.map.title')}")
measure = st.selectbox(
    sel.t("portfolio.map.measure_label"),
    portfolio_metrics.REGION_MEASURES,
    format_func=lambda m: sel.t(f"portfolio.map.measure.{m}"),
    key="p_measure",
    bind="query-params",
)
values = portfolio_view.measure_values(frame, measure, lang=sel.lang, unit=sel.unit)
provinces, problem = maps_boundaries.try_boundaries(config.settings().region_boundaries)
if provinces is None:
    st.warning(sel.t("map.boundary_error", reason=problem, setting="TRACKER_REGION_BOUNDARIES"))
else:
    result = cached_figure(
        portfolio_view.region_map,
        values,
        measure,
        str(config.settings().region_boundaries),
        lang=sel.lang,
        as_of=sel.as_of,
    )
    show_chart(result, key="portfolio.map", lang=sel.lang)

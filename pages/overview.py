"""Overview: headline figures, what is next, what happened, and where the figures come from."""

import streamlit as st

from tracker.catalog import ChartContext
from tracker.db import queries
from tracker.overview import charts as overview_charts
from tracker.overview import reads as overview_reads
from tracker.overview import view as overview_view
from tracker.ui import call, chart, selection
from tracker.ui.cards import metric_cards
from tracker.ui.charts import show_chart

sel = selection()
st.title(sel.t("overview.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("overview.no_initiative"))
    st.stop()

st.header(sel.initiative_name)
st.caption(sel.t("common.as_of_stamp", date=sel.as_of.isoformat()))

kpis = call(overview_reads.overview_kpis, sel.initiative_key, sel.as_of)
cards = overview_view.kpi_cards(kpis, sel.lang, sel.unit)
metric_cards(cards)

usage = call(overview_reads.indicators, sel.initiative_key, sel.as_of)
if not usage.empty:
    st.markdown(f"### {sel.t('overview.indicators_title')}")
    metric_cards(overview_view.indicator_cards(usage, sel.lang))

left, right = st.columns(2)
with left:
    st.markdown(f"### {sel.t('overview.next_milestones')}")
    upcoming = call(queries.next_milestones, sel.initiative_key, sel.as_of)
    if upcoming.empty:
        st.caption(sel.t("overview.nothing_yet"))
    else:
        st.dataframe(
            overview_view.milestone_table(upcoming, sel.lang),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )
with right:
    st.markdown(f"### {sel.t('overview.recent_events')}")
    events = call(queries.recent_events, sel.initiative_key, sel.as_of)
    if events.empty:
        st.caption(sel.t("overview.nothing_yet"))
    else:
        st.dataframe(
            overview_view.event_table(events, sel.lang),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )

ctx = ChartContext(sel.initiative_key, sel.as_of, sel.lang, sel.unit)
for column, entry in zip(st.columns(2), overview_charts.CHARTS, strict=False):
    with column:
        show_chart(chart(entry.build, ctx), key=entry.key, lang=sel.lang)

with st.expander(sel.t("overview.sources_title"), icon=":material/menu_book:"):
    keys = (
        kpis.source_keys()
        + list(usage.get("source_key", []))
        + list(upcoming.get("source_key", []))
        + list(events.get("source_key", []))
    )
    used = call(queries.sources, sorted(set(keys)), sel.as_of)
    st.dataframe(
        overview_view.source_table(used, sel.lang),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config={sel.t("common.column.url"): st.column_config.LinkColumn()},
    )

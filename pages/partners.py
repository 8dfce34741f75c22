"""Partners and centres: the pipeline from MOU to a working centre, who is stalled, who is who."""

import streamlit as st

from tracker.catalog import ChartContext
from tracker.db import queries
from tracker.partners import charts as partners_charts
from tracker.partners import metrics as partners_metrics
from tracker.partners import reads as partners_reads
from tracker.partners import view as partners_view
from tracker.ui import call, chart, selection
from tracker.ui.cards import metric_cards
from tracker.ui.charts import show_chart

sel = selection()
st.title(sel.t("partners.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("partners.no_initiative"))
    st.stop()

st.header(sel.initiative_name)
st.caption(
    sel.t("common.as_of_stamp", date=sel.as_of.isoformat()) + " · " + sel.t("partners.intro")
)

ctx = ChartContext(sel.initiative_key, sel.as_of, sel.lang, sel.unit)
summary = call(partners_reads.partner_summary, sel.initiative_key, sel.as_of)
tally = partners_metrics.tally_funnel(call(partners_reads.tallies, sel.initiative_key, sel.as_of))
recorded = partners_metrics.recorded_funnel(summary, sel.as_of)
metric_cards(partners_view.kpi_cards(tally, recorded, sel.lang), per_row=4)

charts = {entry.key: entry for entry in partners_charts.CHARTS}
show_chart(chart(charts["partners.funnel"].build, ctx), key="partners.funnel", lang=sel.lang)
st.markdown(f"### {sel.t('partners.durations.title')}")
durations = partners_metrics.stage_durations(summary, sel.as_of)
st.dataframe(
    partners_view.duration_table(durations, lang=sel.lang),
    hide_index=True,
    placeholder="—",
    width="stretch",
)

show_chart(
    chart(charts["partners.cumulative"].build, ctx), key="partners.cumulative", lang=sel.lang
)
left, right = st.columns(2)
with left:
    show_chart(
        chart(charts["partners.breakdown"].build, ctx), key="partners.breakdown", lang=sel.lang
    )
with right:
    show_chart(chart(charts["partners.pledged"].build, ctx), key="partners.pledged", lang=sel.lang)

st.markdown(f"### {sel.t('partners.stalled.title')}")
months = st.number_input(
    sel.t("partners.stalled.months_input"),
    min_value=1,
    max_value=120,
    value=12,
    step=1,
    key="stalled_months",
    bind="query-params",
)
stalled = partners_metrics.stalled(summary, sel.as_of, int(months))
offices = partners_view.count_text(tally.stage("opened") if tally else None, tally, sel.lang)
st.caption(
    sel.t("partners.stalled.caption", months=int(months), count=len(stalled), offices=offices)
)
if stalled.empty:
    st.success(sel.t("partners.stalled.none"), icon=":material/check_circle:")
else:
    st.dataframe(
        partners_view.stalled_table(stalled, lang=sel.lang),
        hide_index=True,
        placeholder="—",
        width="stretch",
    )
if undated := partners_metrics.undated_mous(summary):
    st.caption(sel.t("partners.stalled.undated", count=undated))

st.markdown(f"### {sel.t('partners.table.title')}")
agreements = call(partners_reads.agreements, sel.initiative_key, sel.as_of)
centres = call(partners_reads.centres, sel.initiative_key, sel.as_of)
used = call(
    queries.sources, sorted(set(agreements["source_key"]) | set(centres["source_key"])), sel.as_of
)
table = partners_view.partner_table(
    agreements, centres, used, lang=sel.lang, unit=sel.unit, as_of=sel.as_of
)
query = st.text_input(
    sel.t("partners.table.search"), key="partner_search", icon=":material/search:"
)
shown = partners_view.search(table, query)
st.caption(sel.t("partners.table.shown", shown=len(shown), total=len(table)))
st.dataframe(shown, hide_index=True, placeholder="—", width="stretch")

"""Committee: meetings, decisions, action items, strategies, and what changed since the last meeting."""

import streamlit as st

from tracker.committee import charts as committee_charts
from tracker.committee import metrics as committee_metrics
from tracker.committee import reads as committee_reads
from tracker.committee import view as committee_view
from tracker.db import queries
from tracker.ui import call, chart, selection
from tracker.ui.cards import metric_cards
from tracker.ui.charts import show_chart

sel = selection()
st.title(sel.t("committee.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("committee.no_initiative"))
    st.stop()

st.header(sel.initiative_name)
meetings = call(committee_reads.meetings, sel.initiative_key, sel.as_of)
changes_tab, meetings_tab, actions_tab, strategies_tab = st.tabs(
    [
        sel.t("committee.tab.changes"),
        sel.t("committee.tab.meetings"),
        sel.t("committee.tab.actions"),
        sel.t("committee.tab.strategies"),
    ]
)

with changes_tab:
    default_start, default_end = committee_metrics.default_window(meetings["held_on"], sel.as_of)
    st.caption(committee_view.window_note(meetings["held_on"], sel.as_of, sel.lang))
    start_col, end_col = st.columns(2)
    start = start_col.date_input(
        sel.t("committee.changes.start"), default_start, key="chg_start", format="YYYY-MM-DD"
    )
    end = end_col.date_input(
        sel.t("committee.changes.end"), default_end, key="chg_end", format="YYYY-MM-DD"
    )
    summary = call(committee_reads.changes_between, sel.initiative_key, start, end)
    st.markdown(f"### {sel.t('committee.changes.window', start=summary.start, end=summary.end)}")
    cards = committee_view.change_cards(summary, sel.lang, sel.unit)
    metric_cards(cards)
    if summary.is_empty:
        st.info(sel.t("committee.changes.nothing"))
    else:
        st.markdown(f"#### {sel.t('committee.changes.detail_title')}")
        table = committee_view.change_table(summary, sel.lang)
        st.dataframe(table, hide_index=True, placeholder="—", width="stretch", key="chg_table")

with meetings_tab:
    if meetings.empty:
        st.info(sel.t("committee.meetings.none"))
    else:
        st.caption(
            sel.t("committee.meetings.count", n=len(meetings), date=meetings["held_on"].iloc[0])
        )
        st.dataframe(
            committee_view.meeting_table(meetings, sel.lang),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )
        st.markdown(f"### {sel.t('committee.decisions.title')}")
        decisions = call(committee_reads.decisions, sel.initiative_key, sel.as_of)
        if decisions.empty:
            st.caption(sel.t("committee.decisions.none"))
        else:
            table = committee_view.decision_table(decisions, sel.lang)
            st.dataframe(table, hide_index=True, placeholder="—", width="stretch")
    with st.expander(sel.t("committee.bodies"), icon=":material/account_tree:"):
        bodies = call(committee_reads.committee_bodies, sel.initiative_key, sel.as_of)
        st.dataframe(
            committee_view.body_table(bodies, sel.lang),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )

with actions_tab:
    items = call(committee_reads.action_items, sel.initiative_key, sel.as_of)
    if items.empty:
        st.info(sel.t("committee.actions.none"))
    else:
        st.markdown(committee_view.action_summary(items, sel.lang))
        st.caption(sel.t("committee.actions.rule"))
        table = committee_view.action_table(items, sel.lang)
        styled = committee_view.highlight_overdue(table, items)
        st.dataframe(styled, hide_index=True, placeholder="—", width="stretch", key="actions_table")

with strategies_tab:
    tree = chart(committee_charts.strategy_tree, sel.initiative_key, sel.as_of, sel.lang)
    show_chart(tree, key="committee-strategy-tree", lang=sel.lang)
    if not tree.is_empty:
        strategies = call(committee_reads.strategy_progress, sel.initiative_key, sel.as_of)
        st.dataframe(
            committee_view.strategy_table(strategies, sel.lang), hide_index=True, placeholder="—"
        )
        tasks = call(committee_reads.tasks, sel.initiative_key, sel.as_of)
        if tasks.empty:
            st.info(sel.t("committee.tasks.none"), icon=":material/info:")
        else:
            st.dataframe(
                committee_view.task_table(tasks, sel.lang),
                hide_index=True,
                placeholder="—",
                width="stretch",
            )

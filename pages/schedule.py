"""Schedule: what was promised when, what happened, what slipped, and what is due next."""

import streamlit as st

from tracker import i18n
from tracker.db import queries
from tracker.schedule import charts as schedule_charts
from tracker.schedule import metrics as schedule_metrics
from tracker.schedule import reads as schedule_reads
from tracker.schedule import view as schedule_view
from tracker.ui import call, chart, selection
from tracker.ui.charts import show_chart

sel = selection()
st.title(sel.t("schedule.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("schedule.no_initiative"))
    st.stop()

st.header(sel.initiative_name)
st.caption(sel.t("schedule.intro"))
frame = call(schedule_reads.schedule_frame, sel.initiative_key, sel.as_of)
if frame.empty:
    st.info(sel.t("schedule.no_milestones"), icon=":material/event_busy:")
    st.stop()

projects = schedule_view.project_options(frame, sel.lang)
first_year, last_year = schedule_metrics.year_bounds(frame, sel.as_of)
# Two rows of filters: at 1024 px (or 200 % zoom) one row cut the grouping control in half.
left, middle = st.columns([3, 2])
group_col, years_col = st.columns([2, 3])
chosen_projects = left.multiselect(
    sel.t("schedule.filter.projects"),
    list(projects),
    format_func=projects.get,
    key="sch_projects",
    placeholder=sel.t("schedule.filter.all"),  # none chosen: every one shown
)
chosen_states = middle.multiselect(
    sel.t("schedule.filter.states"),
    schedule_metrics.state_options(frame),
    format_func=lambda s: i18n.label("milestone_state", s, sel.lang),
    key="sch_states",
    placeholder=sel.t("schedule.filter.all"),
)
group_by = group_col.segmented_control(
    sel.t("schedule.filter.group_by"),
    ["project", "category"],
    format_func=lambda g: sel.t(f"schedule.group.{g}"),
    default="project",
    key="sch_group",
)
years = (first_year, last_year)
if first_year < last_year:
    years = years_col.slider(
        sel.t("schedule.filter.years"), first_year, last_year, years, key="sch_years"
    )

result = chart(
    schedule_charts.gantt_for,
    sel.initiative_key,
    sel.as_of,
    lang=sel.lang,
    group_by=group_by or "project",
    projects=tuple(chosen_projects),
    states=tuple(chosen_states),
    year_range=None if years == (first_year, last_year) else tuple(years),
)
if result.is_empty:
    st.info(sel.t("schedule.filter.no_match"))
show_chart(result, key="schedule-gantt", lang=sel.lang)

shown = schedule_metrics.filter_milestones(frame, projects=chosen_projects, states=chosen_states)
link = {sel.t("schedule.column.link"): st.column_config.LinkColumn()}
st.markdown(f"### {sel.t('schedule.attention.title', days=schedule_metrics.UPCOMING_DAYS)}")
attention = schedule_metrics.late_and_upcoming(shown, sel.as_of)
if attention.empty:
    st.caption(sel.t("schedule.attention.none", days=schedule_metrics.UPCOMING_DAYS))
else:
    st.dataframe(
        schedule_view.milestone_table(attention, sel.lang),
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config=link,
        key="schedule-attention",
    )

st.markdown(f"### {sel.t('schedule.table.title')}")
st.dataframe(
    schedule_view.milestone_table(shown, sel.lang),
    hide_index=True,
    placeholder="—",
    width="stretch",
    column_config=link,
    key="schedule-table",
)

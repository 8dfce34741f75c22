"""Budget and spending: how much, on what, paid by whom, and on track — narrowed by filters or
by clicking a bar (the URL keeps the narrowed view)."""

import streamlit as st

from tracker.budget import entries as budget_entries
from tracker.budget import reads as budget_reads
from tracker.budget import view as budget_view
from tracker.db import queries
from tracker.ui import call, chart, checked_fragment, selection
from tracker.ui.budget_filters import budget_filters, on_chart_select
from tracker.ui.cards import metric_cards
from tracker.ui.charts import show_chart

sel = selection()
st.title(sel.t("budget.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("budget.no_initiative"))
    st.stop()

st.header(sel.initiative_name)
st.caption(
    f"{sel.t('budget.question')} · {sel.t('common.as_of_stamp', date=sel.as_of.isoformat())}"
)


@checked_fragment
def narrowed_view() -> None:
    """The filters and everything they narrow: a filter change or a click on a bar reruns this
    part only (the sidebar, title and navigation stay as drawn)."""
    data = call(budget_reads.load, sel.initiative_key, sel.as_of)
    filters, threshold = budget_filters(data, sel.lang)
    st.caption(sel.t("budget.filter.hint"))
    view, charts = chart(
        budget_entries.page_view,
        sel.initiative_key,
        sel.as_of,
        sel.lang,
        sel.unit,
        filters,
        threshold,
    )

    cards = budget_view.kpi_cards(view, sel.lang, sel.unit)
    metric_cards(cards)

    def draw(key: str, widget_key: str, selectable: bool = False) -> None:
        show_chart(
            charts[key],
            key=widget_key,
            lang=sel.lang,
            on_select=on_chart_select(key, widget_key) if selectable else None,
        )

    left, right = st.columns(2)
    with left:
        draw("budget.by_year", "b_chart_year", selectable=True)
    with right:
        draw("budget.by_source", "b_chart_source", selectable=True)
    left, right = st.columns(2)
    with left:
        draw("budget.s_curve", "b_chart_curve")
    with right:
        draw("budget.components", "b_chart_components")

    st.markdown(f"### {sel.t('budget.years.title')}")
    years = budget_view.year_table(view, sel.lang, sel.unit)
    if years.empty:
        st.caption(
            sel.t("budget.empty.filtered" if filters.active else "budget.empty.no_yearly_plan")
        )
    else:
        st.dataframe(years, hide_index=True, placeholder="—", width="stretch")

    st.markdown(f"### {sel.t('budget.variance.title')}")
    if view.variance.empty:
        st.caption(
            sel.t("budget.empty.filtered" if filters.active else "budget.empty.no_yearly_plan")
        )
    else:
        st.dataframe(
            budget_view.variance_styler(view, sel.lang, sel.unit),
            hide_index=True,
            placeholder="—",
            width="stretch",
        )
        if view.has_expenditure:
            st.caption(sel.t("budget.variance.caption", threshold=f"{threshold:.0%}"))
        else:
            st.caption(sel.t("budget.empty.no_expenditure_short"))

    # a row each: their category names are long (a plan version and its source; a region and a
    # programme), and at half width they pushed the bars into a strip and cut values off
    draw("budget.waterfall", "b_chart_waterfall")
    draw("budget.regional", "b_chart_regional")

    with st.expander(sel.t("budget.method_title"), icon=":material/functions:"):
        yearly = budget_view.version_label(data, data.yearly_key, sel.lang)
        st.markdown(sel.t("budget.method_body", yearly=yearly))
        st.markdown(budget_view.method_text(view, sel.lang, sel.unit))


narrowed_view()

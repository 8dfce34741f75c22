"""Data: pick a kind of record, search its current records, add one, edit one or withdraw one."""

import streamlit as st

from tracker.db import kinds, queries
from tracker.records import reads as records_reads
from tracker.records import view as records_view
from tracker.ui import access, call, selection
from tracker.ui.record_form import (
    opened_version,
    record_form,
    show_flash,
    withdraw_form,
)
from tracker.ui.state import keep_in_url, url_choice

access.require("editor")  # editors only: a viewer who opens this URL is refused
sel = selection()
st.title(sel.t("records.title"))
if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
st.caption(sel.t("records.intro"))
show_flash()
if sel.recorded_on:
    st.info(sel.t("records.editing_now", date=sel.recorded_on.isoformat()), icon=":material/info:")

url_choice("kind", kinds.kinds())
kind = st.selectbox(
    sel.t("records.kind"),
    kinds.kinds(),
    format_func=lambda k: kinds.kind_label(k, sel.lang),
    key="kind",
)
keep_in_url("kind", kind)
query = st.text_input(
    sel.t("records.search"), key=f"search:{kind}", placeholder=sel.t("records.search_hint")
)
found, matching = call(records_reads.find_records, kind, query.strip())
st.caption(records_view.found_caption(len(found), matching, bool(query.strip()), sel.lang))
if not found.empty:  # the caption above says "0 records"; an empty grid says "empty"
    st.dataframe(
        records_view.record_table(found, kind, sel.lang),
        hide_index=True,
        placeholder="—",
        width="stretch",
    )

labels = records_view.choices(found, sel.lang)
new = sel.t("records.new")
chosen = st.selectbox(
    sel.t("records.choose"),
    ["", *labels],
    format_func=lambda k: labels.get(k, new),
    key=f"record:{kind}",
)
if not chosen:
    st.markdown(f"## {sel.t('records.add_title', kind=kinds.kind_label(kind, sel.lang))}")
    record_form(kind, sel)
    st.stop()

row = found[found["key"] == chosen].iloc[0].to_dict()
opened = opened_version(kind, chosen, row["latest_row_id"])
st.markdown(f"## {labels[chosen]}")
edit_tab, withdraw_tab = st.tabs([sel.t("records.tab.edit"), sel.t("records.tab.withdraw")])
with edit_tab:
    record_form(kind, sel, current=row, opened_row_id=opened)
with withdraw_tab:
    withdraw_form(kind, sel, chosen, opened)
st.page_link(
    "pages/data_history.py",
    label=sel.t("records.history.open"),
    icon=":material/history:",
    query_params={"kind": kind, "key": chosen},
)

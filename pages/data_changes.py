"""Data: the change log, every version written, filterable by author, kind and day recorded."""

import datetime as dt

import streamlit as st

from tracker.db import kinds, queries
from tracker.records import reads as records_reads
from tracker.records import view as records_view
from tracker.ui import access, call, selection

access.require("editor")  # editors only: a viewer who opens this URL is refused
sel = selection()
st.title(sel.t("records.log.title"))
if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
st.caption(sel.t("records.log.intro", limit=records_reads.LOG_LIMIT))

user_col, kind_col, from_col, to_col = st.columns(4)
user = user_col.selectbox(
    sel.t("records.log.recorded_by"),
    call(records_reads.authors),
    index=None,
    placeholder=sel.t("records.log.everyone"),
    key="log_user",
)
kind = kind_col.selectbox(
    sel.t("records.log.record_kind"),
    kinds.kinds(),
    index=None,
    format_func=lambda k: kinds.kind_label(k, sel.lang),
    placeholder=sel.t("records.log.every_kind"),
    key="log_kind",
)
start = from_col.date_input(
    sel.t("records.log.from"), None, dt.date(1990, 1, 1), key="log_from", format="YYYY-MM-DD"
)
end = to_col.date_input(
    sel.t("records.log.to"), None, dt.date(1990, 1, 1), key="log_to", format="YYYY-MM-DD"
)
log = call(records_reads.change_log, user=user, kind=kind, start=start, end=end)
if log.empty:
    st.info(sel.t("records.log.none"))
    st.stop()
st.caption(sel.t("records.log.count", n=len(log)))
picked = st.dataframe(
    records_view.log_table(log, sel.lang),
    hide_index=True,
    placeholder="—",
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="log_table",
)
rows = picked.selection.rows if picked else []
if rows:
    row = log.iloc[rows[0]]
    st.page_link(
        "pages/data_history.py",
        label=sel.t("records.log.open", kind=row["record_kind"], key=row["key"]),
        icon=":material/history:",
        query_params={"kind": row["record_kind"], "key": row["key"]},
    )
else:
    st.caption(sel.t("records.log.pick"))

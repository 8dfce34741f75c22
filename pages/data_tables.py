"""Data: edit many records at once in a table, e.g. a plan version's budget lines by year."""

import streamlit as st

from tracker.db import kinds, queries
from tracker.records import reads as records_reads
from tracker.ui import access, call, selection
from tracker.ui.record_form import show_flash
from tracker.ui.record_table import parent_column, table_editor
from tracker.ui.state import keep_in_url, url_choice

access.require("editor")  # editors only: a viewer who opens this URL is refused
sel = selection()
st.title(sel.t("records.tables.title"))
if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
st.caption(sel.t("records.tables.intro"))
show_flash()

url_choice("t_kind", kinds.kinds(), "budget_lines")
kind = st.selectbox(
    sel.t("records.kind"),
    kinds.kinds(),
    format_func=lambda k: kinds.kind_label(k, sel.lang),
    key="t_kind",
)
keep_in_url("t_kind", kind)
column = parent_column(kind)
parent = None
if column:
    target = kinds.fields(kind)[[f.name for f in kinds.fields(kind)].index(column)].references
    parents = call(records_reads.reference_choices, target, sel.lang, sel.initiative_key)
    if not parents:
        st.info(sel.t("records.tables.no_parent", kind=kinds.kind_label(target, sel.lang)))
        st.stop()
    parent = st.selectbox(
        kinds.column_label(column, sel.lang),
        list(parents),
        format_func=parents.get,
        key=f"t_parent:{kind}",
    )
table_editor(kind, sel, parent)

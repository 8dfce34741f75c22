"""Import: choose a kind, download its template, upload CSV/XLSX, see every problem, confirm."""

import streamlit as st

from tracker.db import kinds, queries
from tracker.imports import view
from tracker.ui import access, call, imports, selection

access.require("editor")  # editors only: a viewer who opens this URL is refused
sel = selection()
st.title(sel.t("imports.page.title"))
st.caption(sel.t("imports.page.intro"))

if call(queries.is_empty):  # importing still works: sources and regions need nothing else
    st.info(sel.t("common.empty_database") + " " + sel.t("imports.page.empty_hint"))

saved = imports.pop_saved_message()
if saved:
    st.success(saved, icon=":material/check_circle:")

kind = st.selectbox(
    sel.t("imports.page.kind"),
    kinds.kinds(),
    index=kinds.kinds().index("expenditures"),
    format_func=lambda k: f"{kinds.kind_label(k, sel.lang)} ({k})",
    key="import_kind",
)
st.caption(sel.t("imports.page.template_hint"))
imports.template_downloads(kind, sel.lang)

upload = st.file_uploader(
    sel.t("imports.page.upload"), type=["csv", "xlsx"], key=f"import_file_{kind}"
)
if upload is None:
    st.info(sel.t("imports.page.no_file"), icon=":material/upload_file:")
    st.stop()

plan = imports.plan_upload(kind, upload, sel.lang)
counts = view.summary(plan)
cards = st.columns(4)
for column, name in zip(cards, ("new", "changed", "unchanged", "problems"), strict=True):
    column.metric(sel.t(f"imports.page.count.{name}"), f"{counts[name]:,}")

if plan.problems:
    st.error(sel.t("imports.page.refused", count=len(plan.problems)), icon=":material/error:")
    st.dataframe(
        view.problem_table(plan, sel.lang), hide_index=True, placeholder="—", width="stretch"
    )
elif not plan.writes:
    st.info(sel.t("imports.page.nothing_new"), icon=":material/check:")

if plan.rows:
    st.header(
        sel.t(
            "imports.page.preview",
            shown=min(plan.row_count, view.PREVIEW_ROWS),
            rows=plan.row_count,
        )
    )
    st.dataframe(
        view.preview_styled(plan, sel.lang), hide_index=True, placeholder="—", width="stretch"
    )

reason = st.text_input(sel.t("imports.page.reason"), max_chars=300, key="import_reason")
if st.button(
    sel.t("imports.page.confirm", count=len(plan.writes)),
    type="primary",
    icon=":material/save:",
    disabled=bool(plan.problems) or not plan.writes,
    key="import_confirm",
):
    if imports.confirm(plan, reason.strip(), upload.name, sel.lang):
        st.rerun()

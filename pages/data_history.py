"""Data: one record's versions (who, when, why), the difference between two, and restore."""

import streamlit as st

from tracker import frames
from tracker.db import kinds, queries
from tracker.records import metrics as records_metrics
from tracker.records import reads as records_reads
from tracker.records import view as records_view
from tracker.ui import access, call, selection
from tracker.ui.record_form import opened_version, restore_form, show_flash
from tracker.ui.state import keep_in_url, url_choice

access.require("editor")  # editors only: a viewer who opens this URL is refused
sel = selection()
st.title(sel.t("records.history.title"))
if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
show_flash()

url_choice("kind", kinds.kinds())
kind = st.selectbox(
    sel.t("records.kind"),
    kinds.kinds(),
    format_func=lambda k: kinds.kind_label(k, sel.lang),
    key="kind",
)
keep_in_url("kind", kind)
query = st.text_input(
    sel.t("records.search"), key=f"h_search:{kind}", placeholder=sel.t("records.search_hint")
).strip()
linked = st.query_params.get("key")  # a link from the data page names its record
records, matching = call(records_reads.find_record_keys, kind, query, include=linked)
shown = min(len(records), records_reads.RECORD_LIMIT)  # the linked record may come on top
found = records_view.found_caption(shown, matching, bool(query), sel.lang)
if records.empty:
    st.info(found if query else sel.t("records.history.none"))
    st.stop()
if query or matching > len(records):
    st.caption(found)
labels = records_view.choices(records, sel.lang)
url_choice("key", labels)
key = st.selectbox(
    sel.t("records.history.record"),
    list(labels),
    format_func=labels.get,
    key="key",
)
keep_in_url("key", key)
if key is None:
    st.stop()
versions = call(records_reads.versions, kind, key)
rows = frames.records(versions)
latest = rows[-1]
opened = opened_version(kind, key, latest["row_id"])
st.dataframe(
    records_view.history_table(versions, sel.lang),
    hide_index=True,
    placeholder="—",
    width="stretch",
)

st.markdown(f"## {sel.t('records.diff.title')}")
numbers = [r["version"] for r in rows]
left, right = st.columns(2)
start = left.selectbox(
    sel.t("records.diff.from"),
    numbers,
    index=max(0, len(numbers) - 2),
    format_func=lambda n: records_view.version_label(rows[n - 1], sel.lang),
    key=f"diff_from:{kind}:{key}",
)
end = right.selectbox(
    sel.t("records.diff.to"),
    numbers,
    index=len(numbers) - 1,
    format_func=lambda n: records_view.version_label(rows[n - 1], sel.lang),
    key=f"diff_to:{kind}:{key}",
)
diff = records_metrics.version_diff(kind, rows[start - 1], rows[end - 1])
if diff:
    st.dataframe(
        records_view.diff_table(diff, sel.lang), hide_index=True, placeholder="—", width="stretch"
    )
else:
    st.caption(sel.t("records.diff.same"))

st.markdown(f"## {sel.t('records.restore.title')}")
if len(rows) < 2:
    st.caption(sel.t("records.restore.only_one"))
    st.stop()
chosen = st.selectbox(
    sel.t("records.restore.version"),
    numbers[:-1],
    index=len(numbers) - 2,
    format_func=lambda n: records_view.version_label(rows[n - 1], sel.lang),
    key=f"restore:{kind}:{key}",
)
restore_form(kind, sel, rows[chosen - 1], opened)

"""Briefing pack builder: pick sections and charts, language and date -> PPTX, PDF, Excel."""

import streamlit as st

from tracker.db import queries
from tracker.reports import images, pack
from tracker.ui import call, reports, selection

sel = selection()
st.title(sel.t("reports.briefing.title"))

if call(queries.is_empty):
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("overview.no_initiative"))
    st.stop()

st.caption(sel.t("reports.briefing.intro"))
grouped = reports.chart_choices(sel.lang)
chosen: list[str] = []
if grouped:
    sections = st.pills(
        sel.t("reports.briefing.sections"),
        list(grouped),
        selection_mode="multi",
        default=list(grouped),
        format_func=sel.t,
        key="briefing_sections",
    )
    available = [chart for section in sections or [] for chart in grouped[section]]
    titles = dict(available)
    chosen = st.multiselect(
        sel.t("reports.briefing.charts"),
        list(titles),
        default=list(titles),
        format_func=titles.get,
        key="briefing_charts",
        placeholder=sel.t("reports.briefing.charts_placeholder"),
    )
else:
    st.caption(sel.t("reports.briefing.no_charts"))

left, middle, right = st.columns([1, 1, 2])
lang = (
    left.segmented_control(
        sel.t("reports.briefing.language"),
        ["ko", "en"],
        default=sel.lang,
        format_func={"ko": "한국어", "en": "English"}.get,
        key="briefing_lang",
    )
    or sel.lang
)
as_of = middle.date_input(
    sel.t("reports.briefing.as_of"), value=sel.as_of, key="briefing_as_of", format="YYYY-MM-DD"
)
meeting = right.text_input(
    sel.t("reports.briefing.meeting"),
    placeholder=sel.t("reports.briefing.meeting_placeholder"),
    max_chars=120,
    key="briefing_meeting",
)
images_ok = images.images_available()
formats = st.pills(
    sel.t("reports.briefing.formats"),
    list(reports.FORMAT_LABELS),
    selection_mode="multi",
    default=list(reports.FORMAT_LABELS) if images_ok else ["xlsx"],
    format_func=reports.FORMAT_LABELS.get,
    key="briefing_formats",
)
if not images_ok:
    st.warning(sel.t("reports.chromium_missing", command=images.INSTALL_HINT))
include_empty = st.checkbox(sel.t("reports.briefing.include_empty"), value=True)

options = pack.PackOptions(
    initiative_key=sel.initiative_key,
    as_of=as_of,
    lang=lang,
    unit=sel.unit,
    chart_keys=tuple(chosen),
    meeting=meeting.strip(),
    include_empty=include_empty,
    recorded_on=sel.recorded_on,
)
st.caption(sel.t("reports.briefing.outline", charts=len(chosen)))

build_col, present_col = st.columns(2)
wanted = [f for f in formats or [] if images_ok or f == "xlsx"]
if build_col.button(
    sel.t("reports.briefing.build"),
    type="primary",
    icon=":material/build:",
    disabled=not wanted,
    width="stretch",
):
    try:
        reports.build_files(options, wanted)
    except (images.ExportError, pack.PackError) as exc:
        st.error(str(exc))
present_col.page_link(
    "pages/present.py",
    label=sel.t("reports.briefing.present"),
    icon=":material/co_present:",
    query_params={**reports.url_params(options), "slide": "1"},
)
reports.offer_files(options)
st.caption(sel.t("reports.briefing.cli_hint"))

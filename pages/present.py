"""Presentation mode: the briefing pack slide by slide, full screen, large type."""

import streamlit as st

from tracker.db import queries
from tracker.ui import call, reports, selection

sel = selection()
st.html(reports.PRESENT_CSS)
reports.presentation_keys()

if call(queries.is_empty):
    st.title(sel.t("reports.present.title"))
    st.info(sel.t("common.empty_database"), icon=":material/database:")
    st.stop()
if sel.initiative_key is None:
    st.info(sel.t("overview.no_initiative"))
    st.stop()

options = reports.options_from_url(sel)
slides = reports.present_outline(options)  # built slide by slide: opening costs one slide
index = reports.slide_index(len(slides))

with st.container(height=820, border=False):
    reports.draw_slide(*reports.present_slide(options, slides, index))

back, position, forward, leave = st.columns([2, 1, 2, 1], vertical_alignment="center")
if back.button(
    sel.t("reports.present.previous"),
    icon=":material/arrow_back:",
    disabled=index == 0,
    width="stretch",
    key="present_previous",
):
    reports.go_to(index)
    st.rerun()
position.markdown(
    f"<div style='text-align:center;font-size:1.3rem'>"
    f"{sel.t('reports.present.position', number=index + 1, total=len(slides))}</div>",
    unsafe_allow_html=True,
)
if forward.button(
    sel.t("reports.present.next"),
    icon=":material/arrow_forward:",
    type="primary",
    disabled=index == len(slides) - 1,
    width="stretch",
    key="present_next",
):
    reports.go_to(index + 2)
    st.rerun()
leave.page_link("pages/briefing.py", label=sel.t("reports.present.exit"), icon=":material/close:")

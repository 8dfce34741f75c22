"""Drawing a catalogued chart with its downloads (the same figure object that exports use)."""

from __future__ import annotations

import streamlit as st

from .. import i18n, tabular
from ..catalog import ChartResult


def show_chart(result: ChartResult, *, key: str, lang: str, on_select=None, selection_mode=None):
    """Draw ``result.figure``; return the plotly selection event when ``on_select`` is set."""
    kwargs = {"key": key, "width": "stretch", "config": {"displaylogo": False}}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    event = st.plotly_chart(result.figure, **kwargs)
    if result.takeaway:
        st.caption(result.takeaway)
    if not result.is_empty and not result.data.empty:
        st.download_button(
            i18n.t("charts.download_csv", lang),
            data=tabular.to_csv_bytes(result.data),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"{key}-csv",
            icon=":material/download:",
        )
    return event

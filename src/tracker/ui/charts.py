"""Drawing a catalogued chart with its downloads (the same figure object that exports use).

Images are rendered only when a download button is clicked (``data=callable``), by the shared
browser in :mod:`tracker.export`; without Chromium the menu says what to install and still offers
the data.
"""

from __future__ import annotations

import streamlit as st

from .. import i18n
from ..catalog import ChartResult
from ..reports import images, workbook
from .access import checked_fragment


def _image(figure, fmt: str, lang: str):
    return lambda: images.chart_image(figure, fmt, target="a4", lang=lang)


def _workbook(result: ChartResult, lang: str):
    def build() -> bytes:
        sheet = workbook.Sheet(
            result.title,
            result.data,
            title=result.title,
            notes=_notes(result),
            figure=result.figure,
        )
        return workbook.write_workbook([sheet])

    return build


def _notes(result: ChartResult) -> list[str]:
    for annotation in result.figure.layout.annotations:
        if annotation.name == "footer" and annotation.text:
            return [line for line in annotation.text.split("<br>") if line]
    return []


def downloads(result: ChartResult, *, key: str, lang: str) -> None:
    """PNG (print resolution), SVG and PDF of the figure; its data as CSV and XLSX. The menu's
    buttons are made when it is opened (its open state reruns this chart's part of the page)."""
    menu = f"{key}-downloads"
    with st.popover(
        i18n.t("reports.download.menu", lang), icon=":material/download:", key=menu,
        on_change="rerun",
    ):  # fmt: skip
        if not st.session_state.get(menu):
            return
        if images.images_available():
            for fmt in images.IMAGE_FORMATS:
                st.download_button(
                    i18n.t(f"reports.download.{fmt}", lang),
                    data=_image(result.figure, fmt, lang),
                    file_name=f"{key}.{fmt}",
                    mime=images.MIME_TYPES[fmt],
                    key=f"{key}-{fmt}",
                    on_click="ignore",
                    icon=":material/image:",
                    width="stretch",
                )
            st.caption(i18n.t("reports.download.images_note", lang))
        else:
            st.caption(i18n.t("reports.chromium_missing", lang, command=images.INSTALL_HINT))
        if not result.is_empty and not result.data.empty:
            st.download_button(
                i18n.t("charts.download_csv", lang),
                data=lambda: workbook.to_csv_bytes(result.data),  # made on click, like the rest
                file_name=f"{key}.csv",
                mime="text/csv",
                key=f"{key}-csv",
                on_click="ignore",
                icon=":material/table:",
                width="stretch",
            )
            st.download_button(
                i18n.t("reports.download.xlsx", lang),
                data=_workbook(result, lang),
                file_name=f"{key}.xlsx",
                mime=images.MIME_TYPES["xlsx"],
                key=f"{key}-xlsx",
                on_click="ignore",
                icon=":material/table_view:",
                width="stretch",
            )


TABLE_ROWS = 200  # rows drawn in the on-screen data table (the downloads hold every row)


def data_table(result: ChartResult, *, key: str, lang: str) -> None:
    """The chart's data as an HTML table (read by screen readers), one keystroke away: Tab to the
    expander under the chart, Enter opens it."""
    table = f"{key}-table"
    with st.expander(
        i18n.t("charts.data_table", lang), icon=":material/table_rows:", key=table,
        on_change="rerun",
    ):  # fmt: skip
        if not st.session_state.get(table):  # drawn once opened: Enter on it is all it takes
            return
        frame = result.data
        if result.is_empty or frame.empty:
            st.caption(i18n.t("charts.data_table_empty", lang))
            return
        if len(frame) > TABLE_ROWS:
            st.caption(i18n.t("charts.data_table_cut", lang, shown=TABLE_ROWS, total=len(frame)))
        st.table(frame.head(TABLE_ROWS), hide_index=True, alt=result.title)


def show_chart(result: ChartResult, *, key: str, lang: str, on_select=None, selection_mode=None):
    """Draw ``result.figure`` with its text alternative (the takeaway as the chart's accessible
    name, the data as a table under it); return the plotly selection event when ``on_select`` is
    set."""
    # theme=None: the page shows the figure exactly as exported (Streamlit's chart theme would
    # redraw tick labels in a grey below 4.5:1 and replace the state and funding colours).
    kwargs = {"key": key, "width": "stretch", "theme": None, "config": {"displaylogo": False}}
    if on_select is not None:
        kwargs.update(on_select=on_select, selection_mode=selection_mode or ("points",))
    event = st.plotly_chart(result.figure, alt=result.alt_text, **kwargs)
    if result.takeaway:
        st.caption(result.takeaway)
    _table_and_downloads(result, key=key, lang=lang)
    return event


@checked_fragment
def _table_and_downloads(result: ChartResult, *, key: str, lang: str) -> None:
    """The chart's data table and download menu, drawn closed and filled when opened: opening
    one reruns this part only, not the page (nor the chart)."""
    data_table(result, key=key, lang=lang)
    downloads(result, key=key, lang=lang)


PRINT_CSS = """
<style>
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html, body { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  /* Charts keep the pixel width they had on screen: lay the page out as wide as a screen
     (277 mm at 96 dpi / 0.72 = about 1450 px) so that nothing is cut at the right edge. */
  html { zoom: 0.72; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stPopover"], [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stButton"], [data-testid="stPageLink"], .modebar-container { display: none !important; }
  .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"], section.main {
    position: static !important; overflow: visible !important; height: auto !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stVerticalBlockBorderWrapper"],
  [data-testid="stDataFrame"], [data-testid="stTable"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
</style>
"""


def print_styles() -> None:
    """Ctrl+P prints the content only: no sidebar, toolbar or buttons; charts not cut in half."""
    st.html(PRINT_CSS)

"""Streamlit glue for the briefing builder and the presentation mode (pages stay thin)."""

from __future__ import annotations

import time

import streamlit as st

from .. import catalog, i18n, theme
from ..reports import briefing as reports_briefing
from ..reports import images, pdf, slides
from ..reports import pack as reports_pack
from ..ui.state import Selection, chart, engine

FORMAT_LABELS = {"pptx": "PowerPoint (PPTX)", "pdf": "PDF", "xlsx": "Excel (XLSX)"}
_FILES = "_briefing_files"


def chart_choices(lang: str) -> dict[str, list[tuple[str, str]]]:
    """Registered charts grouped by section: {section key: [(chart key, title), ...]}."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for entry in catalog.entries():
        grouped.setdefault(entry.section, []).append((entry.key, i18n.t(entry.title_key, lang)))
    return grouped


def options_from_url(sel: Selection) -> reports_pack.PackOptions:
    """The pack the presentation shows: the sidebar's selection plus ``charts`` and ``meeting``."""
    raw = st.query_params.get("charts")
    known = [e.key for e in catalog.entries()]
    keys = tuple(k for k in raw.split(",") if k in known) if raw else None
    return reports_pack.PackOptions(
        initiative_key=sel.initiative_key,
        as_of=sel.as_of,
        lang=sel.lang,
        unit=sel.unit,
        chart_keys=keys,
        meeting=st.query_params.get("meeting", ""),
        include_empty=st.query_params.get("empty", "1") != "0",
        recorded_on=sel.recorded_on,
    )


def url_params(options: reports_pack.PackOptions) -> dict[str, str]:
    """Query parameters that reproduce ``options`` on the presentation page."""
    params = {"lang": options.lang, "unit": options.unit, "as_of": options.as_of.isoformat()}
    if options.initiative_key:
        params["initiative"] = options.initiative_key
    if options.chart_keys is not None:
        params["charts"] = ",".join(options.chart_keys)
    if options.meeting:
        params["meeting"] = options.meeting
    if not options.include_empty:
        params["empty"] = "0"
    if options.recorded_on:
        params["recorded_on"] = options.recorded_on.isoformat()
    return params


def build_files(options: reports_pack.PackOptions, formats: list[str]) -> dict[str, bytes]:
    """Build the chosen formats with a progress bar; the pack is read once for all of them."""
    lang = options.lang
    bar = st.progress(0.0, text=i18n.t("reports.briefing.building", lang))
    started = time.perf_counter()
    steps = 1 + len(formats)

    def stage(n: int):
        def report(done: int, total: int, message: str) -> None:
            fraction = (n + (done / total if total else 1)) / steps
            bar.progress(min(fraction, 1.0), text=message)

        return report

    pack = reports_pack.build_pack(engine(), options, stage(0))
    files: dict[str, bytes] = {}
    for n, fmt in enumerate(formats, start=1):
        builder = {"pptx": slides.to_pptx, "pdf": pdf.to_pdf, "xlsx": reports_briefing.to_xlsx}[fmt]
        files[fmt] = builder(pack, stage(n))
    bar.progress(
        1.0, text=i18n.t("reports.briefing.built", lang, seconds=time.perf_counter() - started)
    )
    st.session_state[_FILES] = (options, files)
    return files


def offer_files(options: reports_pack.PackOptions) -> None:
    """Download buttons for the files built for exactly these options (if any)."""
    built = st.session_state.get(_FILES)
    if not built or built[0] != options:
        return
    columns = st.columns(len(built[1]) or 1)
    for column, (fmt, payload) in zip(columns, built[1].items(), strict=False):
        column.download_button(
            i18n.t("reports.briefing.download", options.lang, format=FORMAT_LABELS[fmt]),
            data=payload,
            file_name=reports_briefing.file_name(options, fmt),
            mime=images.MIME_TYPES[fmt],
            key=f"briefing-{fmt}",
            on_click="ignore",
            icon=":material/download:",
            type="primary",
            width="stretch",
        )


# --- presentation ------------------------------------------------------------------------------------

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 3rem 1rem 3rem; }
.stApp h1 { font-size: 2.6rem !important; line-height: 1.2; }
.stApp h2 { font-size: 2.3rem !important; line-height: 1.25; }
.stApp h3 { font-size: 1.8rem !important; }
[data-testid="stMetricValue"] { font-size: 2.8rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.25rem !important; }
[data-testid="stMetricDelta"] { font-size: 1.2rem !important; }
[data-testid="stCaptionContainer"] p { font-size: 1.15rem; }
</style>
"""


# Arrow keys (and Page Up / Page Down, as sent by presentation clickers) press the previous / next
# buttons; ignored while typing in a field. Installed once per browser tab.
PRESENT_KEYS_JS = """
<script>
if (!window.__trackerPresentKeys) {
  window.__trackerPresentKeys = true;
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const keys = {ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous"};
    const which = keys[event.key];
    if (!which) return;
    const button = document.querySelector(`.st-key-present_${which} button`);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
}
</script>
"""


def presentation_keys() -> None:
    """Arrow keys move through the slides."""
    st.html(PRESENT_KEYS_JS, unsafe_allow_javascript=True)


def slide_index(total: int) -> int:
    """0-based index of the slide named in the URL (``?slide=3`` is the third), clamped."""
    try:
        number = int(st.query_params.get("slide", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), max(total, 1)) - 1


def go_to(number: int) -> None:
    st.query_params["slide"] = str(number)


def draw_slide(pack: reports_pack.Pack, slide: reports_pack.Slide) -> None:
    t = pack.t
    if slide.kind == "title":
        st.markdown(f"**:blue[{t('reports.pack.kicker')}]**")
        st.title(pack.initiative_name, anchor=False)
        if pack.options.meeting:
            st.header(pack.options.meeting, anchor=False)
        st.header(pack.as_of_line, anchor=False)
    elif slide.kind == "kpis":
        st.title(slide.heading, anchor=False)  # one h1 per slide (headings in order)
        cards = pack.cards
        for start in range(0, len(cards), 3):
            for column, card in zip(st.columns(3), cards[start : start + 3], strict=False):
                column.metric(card.label, card.value, card.delta, help=card.help,
                              delta_color="off", border=True)  # fmt: skip
    elif slide.kind == "chart":
        chart = slide.chart
        st.caption(chart.section)
        st.title(slide.heading, anchor=False)
        figure = theme.for_export(chart.result.figure, target="slide", size=(1280, 640))
        figure.update_layout(width=None)
        st.plotly_chart(figure, width="stretch", height=640, key=f"present-{chart.key}",
                        alt=chart.result.alt_text, theme=None,
                        config={"displaylogo": False, "displayModeBar": False})  # fmt: skip
    else:
        st.title(slide.heading, anchor=False)
        if slide.sources is None or slide.sources.empty:
            st.caption(t("reports.pack.no_sources"))
        else:
            url = i18n.t("common.column.url", pack.options.lang)
            st.dataframe(slide.sources, hide_index=True, placeholder="—", width="stretch",
                         column_config={url: st.column_config.LinkColumn()})  # fmt: skip


# The presentation builds its pack slide by slide: opening it reads the title and the KPIs, each
# chart is built when its slide is first shown, the sources when theirs is. Every piece is kept as
# an object (``ui.chart``, not pickled) until the data changes.


def present_outline(options: reports_pack.PackOptions) -> list[tuple[str, str | None]]:
    """The presentation's slides as (kind, chart key): the title, the key figures, one per chart
    and the sources, on one slide that scrolls (the deck splits them over pages). Leaving the
    empty charts out (``empty=0``) needs every chart built, to know which are empty."""
    keys = [e.key for e in reports_pack.chosen_entries(options.chart_keys, options.lang)]
    if not options.include_empty:
        keys = [k for k in keys if not present_chart(options, k).result.is_empty]
    return [("title", None), ("kpis", None), *(("chart", k) for k in keys), ("sources", None)]


def present_head(options: reports_pack.PackOptions) -> reports_pack.Pack:
    return chart(reports_pack.build_head, options)


def present_chart(options: reports_pack.PackOptions, key: str) -> reports_pack.PackChart:
    return chart(reports_pack.build_chart, options, key)


def present_slide(
    options: reports_pack.PackOptions, outline: list[tuple[str, str | None]], index: int
) -> tuple[reports_pack.Pack, reports_pack.Slide]:
    """The pack's head and slide ``index`` of ``outline``, building only what that slide shows."""
    head = present_head(options)
    kind, key = outline[index]
    if kind == "title":
        return head, reports_pack.Slide("title", head.title)
    if kind == "kpis":
        return head, reports_pack.Slide("kpis", head.t("reports.pack.kpis"))
    if kind == "chart":
        shown = present_chart(options, key)
        return head, reports_pack.Slide("chart", shown.headline, chart=shown)
    charts = [present_chart(options, k) for kind, k in outline if kind == "chart"]
    keys = reports_pack.source_keys(head.kpis, charts)
    table = chart(reports_pack.build_sources, options, keys)
    return head, reports_pack.Slide("sources", head.t("reports.pack.sources"), sources=table)

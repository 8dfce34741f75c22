"""Briefing packs: the charts chosen, the Overview KPIs and their sources, as a deck, a report or a
workbook.

:func:`build_pack` reads everything once (the same catalogue entries and KPI functions the pages
use, so the numbers are the dashboard's); :func:`to_pptx`, :func:`to_pdf` and :func:`to_xlsx`
lay the same :class:`Pack` out for PowerPoint (16:9), an A4 report and Excel. The presentation page
walks :meth:`Pack.slides`, the same list the deck is made from.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from . import catalog, config, export, i18n, overview, queries, theme
from .catalog import ChartContext, ChartEntry, ChartResult

Progress = Callable[[int, int, str], None]
FORMATS = ("pptx", "pdf", "xlsx")
OFFICE_FONT = "Noto Sans CJK KR"  # Latin and East-Asian typeface of every text run in the deck
ACCENT = theme.ACTUAL_COLOUR
INK = "#1f2933"
MUTED = "#52606d"
SOURCES_PER_SLIDE = 10


class PackError(ValueError):
    """The pack cannot be built as asked (unknown initiative or chart); the message says why."""


@dataclass(frozen=True)
class PackOptions:
    initiative_key: str
    as_of: dt.date
    lang: str = i18n.DEFAULT_LANGUAGE
    unit: str = "eok"
    chart_keys: tuple[str, ...] | list[str] | None = None  # None: every registered chart
    meeting: str = ""
    include_empty: bool = True


@dataclass
class PackChart:
    key: str
    section: str  # localised section name
    result: ChartResult

    @property
    def headline(self) -> str:
        """The slide's headline: the finding if there is one, else the chart's title."""
        return self.result.takeaway or self.result.title


@dataclass
class Slide:
    kind: str  # "title", "kpis", "chart", "sources"
    heading: str
    chart: PackChart | None = None
    sources: pd.DataFrame | None = None  # the rows shown on a sources slide


@dataclass
class Pack:
    options: PackOptions
    initiative_name: str
    kpis: overview.OverviewKpis
    cards: list[overview.Card]
    charts: list[PackChart]
    sources: pd.DataFrame  # localised table, one row per source used
    generated_on: dt.date = field(default_factory=dt.date.today)

    def t(self, key: str, /, **fields) -> str:
        return i18n.t(key, self.options.lang, **fields)

    @property
    def title(self) -> str:
        return self.t("reports.pack.title", initiative=self.initiative_name)

    @property
    def as_of_line(self) -> str:
        return i18n.t("common.as_of_stamp", self.options.lang, date=self.options.as_of.isoformat())

    def slides(self) -> list[Slide]:
        """Title, KPI summary, one slide per chart, then the sources (split over slides)."""
        slides = [
            Slide("title", self.title),
            Slide("kpis", self.t("reports.pack.kpis")),
        ]
        slides += [Slide("chart", chart.headline, chart=chart) for chart in self.charts]
        chunks = max(1, math.ceil(len(self.sources) / SOURCES_PER_SLIDE))
        for n in range(chunks):
            rows = self.sources.iloc[n * SOURCES_PER_SLIDE : (n + 1) * SOURCES_PER_SLIDE]
            heading = self.t("reports.pack.sources")
            if chunks > 1:
                heading += f" ({n + 1}/{chunks})"
            slides.append(Slide("sources", heading, sources=rows))
        return slides


# --- reading ---------------------------------------------------------------------------------------


def default_initiative(engine: Engine, as_of: dt.date) -> str:
    """The deployment's own programme if configured, else the best documented one."""
    frame = queries.initiatives(engine, as_of)
    preferred = config.settings().default_initiative
    if preferred and preferred in set(frame["key"]):
        return preferred
    if frame.empty:
        raise PackError(i18n.t("reports.error.no_initiatives", i18n.DEFAULT_LANGUAGE))
    return str(frame.iloc[0]["key"])


def chosen_entries(chart_keys, lang: str) -> list[ChartEntry]:
    entries = catalog.entries()
    if chart_keys is None:
        return entries
    known = {e.key: e for e in entries}
    unknown = [k for k in chart_keys if k not in known]
    if unknown:
        raise PackError(
            i18n.t(
                "reports.error.unknown_chart",
                lang,
                keys=", ".join(unknown),
                known=", ".join(known) or "—",
            )
        )
    return [known[k] for k in chart_keys]


def _noop(done: int, total: int, message: str) -> None:
    return None


def build_pack(engine: Engine, options: PackOptions, progress: Progress | None = None) -> Pack:
    """Read the KPIs, build every chosen chart and collect the sources behind them."""
    progress = progress or _noop
    lang = options.lang
    frame = queries.initiatives(engine, options.as_of)
    row = frame[frame["key"] == options.initiative_key]
    if row.empty:
        raise PackError(
            i18n.t(
                "reports.error.unknown_initiative",
                lang,
                key=options.initiative_key,
                known=", ".join(frame["key"]) or "—",
            )
        )
    name = i18n.pick(row.iloc[0].to_dict(), "name", lang)
    entries = chosen_entries(options.chart_keys, lang)
    total = len(entries) + 1
    progress(0, total, i18n.t("reports.progress.kpis", lang))
    kpis = overview.overview_kpis(engine, options.initiative_key, options.as_of)
    cards = overview.kpi_cards(kpis, lang, options.unit)
    ctx = ChartContext(options.initiative_key, options.as_of, lang, options.unit)
    sections = {}
    charts: list[PackChart] = []
    for n, entry in enumerate(entries, start=1):
        sections.setdefault(entry.section, i18n.t(entry.section, lang))
        result = entry.build(engine, ctx)
        progress(n, total, result.title)
        if result.is_empty and not options.include_empty:
            continue
        charts.append(PackChart(entry.key, sections[entry.section], result))
    keys = list(
        dict.fromkeys(kpis.source_keys() + [k for c in charts for k in c.result.source_keys])
    )
    used = queries.sources(engine, keys, options.as_of)
    table = overview.source_table(used, lang)
    table[i18n.t("reports.column.source_key", lang)] = list(used["key"])
    progress(total, total, i18n.t("reports.progress.read", lang))
    return Pack(options, name, kpis, cards, charts, table)


def kpi_table(pack: Pack) -> pd.DataFrame:
    """The KPI cards as rows, with the underlying number where there is one (won or a count)."""
    lang = pack.options.lang
    k = pack.kpis
    raw = {
        i18n.t("overview.kpi.baseline", lang): k.baseline_envelope_won,
        i18n.t("overview.kpi.latest_total", lang): (k.latest_total or {}).get("total_won"),
        i18n.t("overview.kpi.executed", lang): k.executed_won,
        i18n.t("overview.kpi.milestones", lang): k.milestones.get("done"),
        i18n.t("overview.kpi.mous", lang): k.mous.value,
        i18n.t("overview.kpi.centres", lang): k.centres.value,
    }
    return pd.DataFrame(
        {
            i18n.t("common.column.name", lang): [c.label for c in pack.cards],
            i18n.t("reports.column.value", lang): [c.value for c in pack.cards],
            i18n.t("reports.column.change", lang): [c.delta or "" for c in pack.cards],
            i18n.t("reports.column.number", lang): [
                None if raw.get(c.label) is None else int(raw[c.label]) for c in pack.cards
            ],
            i18n.t("reports.column.note", lang): [c.help or "" for c in pack.cards],
        }
    )


def data_tables(pack: Pack) -> dict[str, pd.DataFrame]:
    """Every table of the pack by a file-safe name: KPIs, each chart's data, sources."""
    tables = {"kpis": kpi_table(pack)}
    for chart in pack.charts:
        tables[chart.key] = chart.result.data
    tables["sources"] = pack.sources
    return tables


# --- PowerPoint ------------------------------------------------------------------------------------

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _style_run(run, *, size: float, bold: bool = False, colour: str = INK, lang: str = "ko"):
    """Font for both scripts: ``font.name`` sets only ``a:latin``; Korean needs ``a:ea`` too."""
    from pptx.enum.lang import MSO_LANGUAGE_ID
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt

    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)
    font.name = OFFICE_FONT
    font.language_id = MSO_LANGUAGE_ID.KOREAN if lang == "ko" else MSO_LANGUAGE_ID.ENGLISH_US
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001 - python-pptx has no API for the ea font
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        rpr.insert_element_before(
            ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"
        )
    ea.set("typeface", OFFICE_FONT)


def _text(
    slide,
    left,
    top,
    width,
    height,
    lines,
    *,
    size: float,
    bold: bool = False,
    colour: str = INK,
    align=None,
    lang: str = "ko",
    anchor=None,
):
    """A text box; ``lines`` is a string or a list of strings (one paragraph each)."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor or MSO_ANCHOR.TOP
    for n, line in enumerate([lines] if isinstance(lines, str) else lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _style_run(run, size=size, bold=bold, colour=colour, lang=lang)
    return box


def _rect(slide, left, top, width, height, colour: str, *, rounded: bool = False, line=None):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE,
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    if line:
        shape.line.color.rgb = _rgb(line)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _frame_slide(slide, pack: Pack, number: int, total: int, section: str | None = None):
    """Accent bar, section label and the footer shared by every content slide."""
    from pptx.enum.text import PP_ALIGN

    lang = pack.options.lang
    _rect(slide, 0, 0, SLIDE_W_IN, 0.12, ACCENT)
    if section:
        _text(slide, 0.5, 0.28, 9, 0.35, section, size=12, colour=ACCENT, bold=True, lang=lang)
    footer = f"{pack.initiative_name} · {pack.as_of_line}"
    _text(slide, 0.5, 7.08, 10, 0.3, footer, size=10, colour=MUTED, lang=lang)
    _text(
        slide, 11.3, 7.08, 1.55, 0.3, f"{number} / {total}", size=10, colour=MUTED,
        align=PP_ALIGN.RIGHT, lang=lang,
    )  # fmt: skip


def headline_size(text: str) -> int:
    """Point size that keeps a slide headline on one line of the 12.3-inch box."""
    width = theme._display_width(text)  # noqa: SLF001 - Korean characters count twice
    return 24 if width <= 70 else 20 if width <= 86 else 17


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def to_pptx(
    pack: Pack, progress: Progress | None = None, *, images: list[bytes] | None = None
) -> bytes:
    """A 16:9 deck: title, KPIs, one slide per chart (picture + finding), sources."""
    from pptx import Presentation
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    progress = progress or _noop
    lang = pack.options.lang
    if images is None:
        images = render_images(pack, "png", target="slide", progress=progress)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    prs.core_properties.title = pack.title
    prs.core_properties.author = "Regional AI Investment Tracker"
    blank = prs.slide_layouts[6]
    slides = pack.slides()
    total = len(slides)
    pictures = iter(images)
    for number, spec in enumerate(slides, start=1):
        slide = prs.slides.add_slide(blank)
        if spec.kind == "title":
            _rect(slide, 0, 0, SLIDE_W_IN, SLIDE_H_IN, "#f4f6f9")
            _rect(slide, 0, 0, 0.35, SLIDE_H_IN, ACCENT)
            _text(slide, 1.0, 1.2, 11, 0.5, pack.t("reports.pack.kicker"), size=16,
                  colour=ACCENT, bold=True, lang=lang)  # fmt: skip
            _text(slide, 1.0, 1.8, 11.3, 1.9, pack.initiative_name, size=40, bold=True,
                  lang=lang, anchor=MSO_ANCHOR.TOP)  # fmt: skip
            lines = [pack.options.meeting] if pack.options.meeting else []
            lines.append(pack.as_of_line)
            _text(slide, 1.0, 4.1, 11, 1.2, lines, size=22, colour=INK, lang=lang)
            _text(slide, 1.0, 6.5, 11, 0.4,
                  pack.t("reports.pack.generated", date=pack.generated_on.isoformat()),
                  size=12, colour=MUTED, lang=lang)  # fmt: skip
            _notes(slide, pack.title)
        elif spec.kind == "kpis":
            _frame_slide(slide, pack, number, total, pack.t("reports.pack.kicker"))
            _text(slide, 0.5, 0.6, 12.3, 0.8, spec.heading, size=28, bold=True, lang=lang)
            columns = 3
            width, height, gap = 3.95, 2.5, 0.25
            for n, card in enumerate(pack.cards[:6]):
                col, row = n % columns, n // columns
                left, top = 0.5 + col * (width + gap), 1.65 + row * (height + gap)
                _rect(slide, left, top, width, height, "#f4f6f9", rounded=True, line="#d9dee5")
                _text(slide, left + 0.25, top + 0.2, width - 0.5, 0.5, card.label, size=14,
                      colour=MUTED, lang=lang)  # fmt: skip
                _text(slide, left + 0.25, top + 0.7, width - 0.5, 0.9, card.value, size=30,
                      bold=True, lang=lang)  # fmt: skip
                if card.delta:
                    _text(slide, left + 0.25, top + 1.6, width - 0.5, 0.7, card.delta, size=14,
                          colour=ACCENT, lang=lang)  # fmt: skip
            _notes(slide, "\n".join(f"{c.label}: {c.value} — {c.help or ''}" for c in pack.cards))
        elif spec.kind == "chart":
            chart = spec.chart
            _frame_slide(slide, pack, number, total, chart.section)
            _text(slide, 0.5, 0.6, 12.3, 0.8, spec.heading, size=headline_size(spec.heading),
                  bold=True, lang=lang, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
            width = 11.9
            cw, ch = theme.SLIDE_CHART_SIZE
            slide.shapes.add_picture(
                io.BytesIO(next(pictures)),
                Inches((SLIDE_W_IN - width) / 2),
                Inches(1.45),
                Inches(width),
                Inches(width * ch / cw),
            )
            _notes(slide, "\n".join(filter(None, [chart.result.title, chart.result.takeaway])))
        else:
            _frame_slide(slide, pack, number, total, pack.t("reports.pack.kicker"))
            _text(slide, 0.5, 0.6, 12.3, 0.8, spec.heading, size=28, bold=True, lang=lang)
            _sources_table(slide, spec.sources, lang)
        progress(number, total, spec.heading)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _sources_table(slide, frame: pd.DataFrame, lang: str) -> None:
    from pptx.util import Inches

    if frame is None or frame.empty:
        _text(slide, 0.5, 1.6, 12, 0.5, i18n.t("reports.pack.no_sources", lang), size=16,
              colour=MUTED, lang=lang)  # fmt: skip
        return
    columns = [
        i18n.t("common.column.outlet", lang),
        i18n.t("common.column.date", lang),
        i18n.t("common.column.title", lang),
        i18n.t("common.column.url", lang),
    ]
    widths = [2.2, 1.3, 4.9, 3.9]
    rows = len(frame) + 1
    shape = slide.shapes.add_table(
        rows, len(columns), Inches(0.5), Inches(1.55), Inches(sum(widths)), Inches(0.4 * rows)
    )
    table = shape.table
    for c, w in enumerate(widths):
        table.columns[c].width = Inches(w)
    for c, name in enumerate(columns):
        cell = table.cell(0, c)
        cell.text_frame.text = ""
        _style_run(cell.text_frame.paragraphs[0].add_run(), size=12, bold=True, colour="#ffffff",
                   lang=lang)  # fmt: skip
        cell.text_frame.paragraphs[0].runs[0].text = name
    for r, record in enumerate(frame.to_dict("records"), start=1):
        for c, name in enumerate(columns):
            text = _cell_text(record.get(name))
            if len(text) > 90:
                text = text[:87] + "…"
            cell = table.cell(r, c)
            cell.text_frame.word_wrap = True
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = text
            _style_run(run, size=10, colour=INK, lang=lang)


def _cell_text(value) -> str:
    """Text for a table cell: missing values (None, NaN, NaT) are blank, never "nan"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


# --- images ----------------------------------------------------------------------------------------


def render_images(
    pack: Pack, fmt: str, *, target: str, progress: Progress | None = None
) -> list[bytes]:
    """Every chart of the pack as an image, rendered two at a time in the shared browser."""
    progress = progress or _noop
    size = theme.SLIDE_CHART_SIZE if target == "slide" else theme.REPORT_CHART_SIZE
    figures = [c.result.figure for c in pack.charts]
    out: list[bytes] = []
    step = 2
    for start in range(0, len(figures), step):
        out += export.chart_images(
            figures[start : start + step], fmt, target=target, size=size, lang=pack.options.lang
        )
        progress(
            len(out), len(figures), i18n.t("reports.progress.images", pack.options.lang,
                                            done=len(out), total=len(figures))
        )  # fmt: skip
    return out


# --- PDF (A4 report) -------------------------------------------------------------------------------

_REPORT_CSS = """
@page {
  size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: "%(footer)s"; font-size: 8pt; color: #52606d; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #52606d; }
}
@page cover { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", sans-serif;
       color: #1f2933; font-size: 10pt; line-height: 1.45; }
section { break-after: page; }
section:last-child { break-after: auto; }
.cover { page: cover; padding-top: 55mm; border-left: 6mm solid #1f4e9c; padding-left: 10mm;
         height: 200mm; }
.kicker { color: #1f4e9c; font-weight: bold; font-size: 13pt; margin: 0 0 4mm 0; }
.cover h1 { font-size: 28pt; line-height: 1.25; margin: 0 0 10mm 0; }
.cover .meta { font-size: 14pt; margin: 0 0 2mm 0; }
.cover .generated { color: #52606d; font-size: 9pt; margin-top: 60mm; }
h2 { font-size: 16pt; margin: 0 0 5mm 0; border-bottom: 0.6mm solid #1f4e9c; padding-bottom: 2mm; }
.cards { display: flex; flex-wrap: wrap; gap: 4mm; }
.card { box-sizing: border-box; width: 32%%; border: 0.3mm solid #d9dee5; border-radius: 2mm; background: #f4f6f9;
        padding: 3mm 4mm; }
.card .label { color: #52606d; font-size: 9pt; }
.card .value { font-size: 17pt; font-weight: bold; margin: 1mm 0; }
.card .delta { color: #1f4e9c; font-size: 9pt; }
.card .help { color: #52606d; font-size: 7.5pt; margin-top: 2mm; }
.chart { break-inside: avoid; margin-bottom: 8mm; }
.chart .section { color: #1f4e9c; font-size: 8.5pt; font-weight: bold; }
.chart h3 { font-size: 12.5pt; margin: 1mm 0 3mm 0; }
.chart img { width: 100%%; }
table { border-collapse: collapse; width: 100%%; font-size: 8pt; table-layout: fixed; }
col.outlet { width: 18%%; } col.date { width: 11%%; } col.title { width: 38%%; } col.url { width: 33%%; }
th { background: #1f4e9c; color: white; text-align: left; padding: 1.5mm; }
td { border-bottom: 0.2mm solid #d9dee5; padding: 1.5mm; vertical-align: top;
     overflow-wrap: anywhere; }
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_html(pack: Pack, svgs: list[bytes]) -> str:
    """The report as one HTML document (charts inlined as SVG data URIs)."""
    e = html.escape
    lang = pack.options.lang
    parts = [
        f'<section class="cover"><p class="kicker">{e(pack.t("reports.pack.kicker"))}</p>'
        f"<h1>{e(pack.initiative_name)}</h1>"
    ]
    if pack.options.meeting:
        parts.append(f'<p class="meta">{e(pack.options.meeting)}</p>')
    parts.append(
        f'<p class="meta">{e(pack.as_of_line)}</p><p class="generated">'
        f"{e(pack.t('reports.pack.generated', date=pack.generated_on.isoformat()))}</p></section>"
    )
    cards = "".join(
        f'<div class="card"><div class="label">{e(c.label)}</div>'
        f'<div class="value">{e(c.value)}</div>'
        + (f'<div class="delta">{e(c.delta)}</div>' if c.delta else "")
        + (f'<div class="help">{e(c.help)}</div>' if c.help else "")
        + "</div>"
        for c in pack.cards
    )
    parts.append(
        f'<section><h2>{e(pack.t("reports.pack.kpis"))}</h2><div class="cards">{cards}</div></section>'
    )
    for start in range(0, len(pack.charts), 2):
        blocks = []
        for chart, svg in zip(pack.charts[start : start + 2], svgs[start : start + 2], strict=True):
            uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
            blocks.append(
                f'<div class="chart"><div class="section">{e(chart.section)}</div>'
                f'<h3>{e(chart.headline)}</h3><img src="{uri}" alt="{e(chart.result.title)}"></div>'
            )
        parts.append("<section>" + "".join(blocks) + "</section>")
    columns = [
        i18n.t("common.column.outlet", lang),
        i18n.t("common.column.date", lang),
        i18n.t("common.column.title", lang),
        i18n.t("common.column.url", lang),
    ]
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(_cell_text(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in pack.sources.to_dict("records")
    )
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = (
        '<table><colgroup><col class="outlet"><col class="date"><col class="title">'
        f'<col class="url"></colgroup><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        if rows
        else f"<p>{e(pack.t('reports.pack.no_sources'))}</p>"
    )
    parts.append(f"<section><h2>{e(pack.t('reports.pack.sources'))}</h2>{body}</section>")
    css = _REPORT_CSS % {"footer": _css_string(f"{pack.initiative_name} · {pack.as_of_line}")}
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{e(pack.title)}</title><style>{css}</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )


def to_pdf(
    pack: Pack, progress: Progress | None = None, *, images: list[bytes] | None = None
) -> bytes:
    """An A4 report: cover, KPIs, two charts per page (vector SVG), sources; fonts embedded."""
    from weasyprint import HTML

    progress = progress or _noop
    if images is None:
        images = render_images(pack, "svg", target="a4", progress=progress)
    progress(0, 1, i18n.t("reports.progress.pdf", pack.options.lang))
    document = HTML(string=to_html(pack, images)).write_pdf()
    progress(1, 1, i18n.t("reports.progress.pdf", pack.options.lang))
    return document


def pdf_page_count(pack: Pack) -> int:
    """Pages the report will have when the sources fit on one page: cover, KPIs, charts / 2, sources."""
    return 2 + math.ceil(len(pack.charts) / 2) + 1


# --- Excel -----------------------------------------------------------------------------------------


def to_xlsx(pack: Pack, progress: Progress | None = None, *, images: bool = True) -> bytes:
    """A workbook: summary (KPIs), one sheet per chart (data + native chart), sources."""
    progress = progress or _noop
    lang = pack.options.lang
    stamp = [pack.as_of_line, pack.t("reports.pack.generated", date=pack.generated_on.isoformat())]
    sheets = [
        export.Sheet(
            pack.t("reports.sheet.summary"),
            kpi_table(pack),
            title=pack.title,
            notes=[pack.options.meeting, *stamp] if pack.options.meeting else stamp,
        )
    ]
    pictures: dict[str, bytes] = {}
    needs_picture = [c for c in pack.charts if export.native_chart(c.result.figure) is None]
    if images and needs_picture and export.images_available():
        rendered = export.chart_images(
            [c.result.figure for c in needs_picture], "png", target="a4", lang=lang
        )
        pictures = {c.key: png for c, png in zip(needs_picture, rendered, strict=True)}
    for n, chart in enumerate(pack.charts, start=1):
        result = chart.result
        notes = [chart.section, *([result.takeaway] if result.takeaway else []), pack.as_of_line]
        sheets.append(
            export.Sheet(
                result.title,
                result.data,
                title=result.title,
                notes=notes,
                figure=result.figure,
                image_png=pictures.get(chart.key),
            )
        )
        progress(n, len(pack.charts), result.title)
    sheets.append(
        export.Sheet(
            pack.t("reports.pack.sources"),
            pack.sources,
            title=pack.t("reports.pack.sources"),
            link_column=i18n.t("common.column.url", lang),
        )
    )
    return export.write_workbook(sheets)


# --- one call --------------------------------------------------------------------------------------


def build_file(
    engine: Engine, options: PackOptions, fmt: str, progress: Progress | None = None
) -> bytes:
    """Read and lay out a pack in one go (what the CLI and the builder page call)."""
    if fmt not in FORMATS:
        raise PackError(f"Unknown format {fmt!r}; expected one of {FORMATS}")
    if fmt in ("pptx", "pdf") and not export.images_available():
        raise export.ChromiumMissingError(options.lang)
    progress = progress or _noop
    pack = build_pack(engine, options, progress)
    if fmt == "pptx":
        return to_pptx(pack, progress)
    if fmt == "pdf":
        return to_pdf(pack, progress)
    return to_xlsx(pack, progress)


def file_name(pack_or_options, fmt: str) -> str:
    options = pack_or_options.options if isinstance(pack_or_options, Pack) else pack_or_options
    return f"briefing-{options.initiative_key}-{options.as_of.isoformat()}-{options.lang}.{fmt}"

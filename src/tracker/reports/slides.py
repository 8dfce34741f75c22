"""A briefing pack as a PowerPoint deck (16:9), Korean text in an East-Asian font."""

from __future__ import annotations

import io

import pandas as pd

from .. import frames, i18n, theme
from .pack import SLIDE_H_IN, SLIDE_W_IN, Pack, Progress, _noop, render_images

OFFICE_FONT = "Noto Sans CJK KR"  # Latin and East-Asian typeface of every text run in the deck

ACCENT = theme.ACTUAL_COLOUR

INK = "#1f2933"

MUTED = "#52606d"


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
    width = theme.display_width(text)  # Korean characters count twice
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
            picture = slide.shapes.add_picture(
                io.BytesIO(next(pictures)),
                Inches((SLIDE_W_IN - width) / 2),
                Inches(1.45),
                Inches(width),
                Inches(width * ch / cw),
            )
            # The picture's alt text (PowerPoint: "Alt Text"), read by screen readers.
            picture._element.nvPicPr.cNvPr.set("descr", chart.result.alt_text)
            picture.name = chart.result.title
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
    for r, record in enumerate(frames.records(frame), start=1):
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

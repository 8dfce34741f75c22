"""A briefing pack as an A4 report (HTML with SVG charts, printed by WeasyPrint)."""

from __future__ import annotations

import base64
import html
import math

from .. import frames, i18n
from .pack import Pack, Progress, _noop, render_images
from .slides import _cell_text

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
                f'<h3>{e(chart.headline)}</h3><img src="{uri}" alt="{e(chart.result.alt_text)}"></div>'
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
        for r in frames.records(pack.sources)
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
    # Tagged PDF (structure tree: headings, tables, figures with their alt text) for screen readers.
    document = HTML(string=to_html(pack, images)).write_pdf(pdf_tags=True)
    progress(1, 1, i18n.t("reports.progress.pdf", pack.options.lang))
    return document


def pdf_page_count(pack: Pack) -> int:
    """Pages the report will have when the sources fit on one page: cover, KPIs, charts / 2, sources."""
    return 2 + math.ceil(len(pack.charts) / 2) + 1

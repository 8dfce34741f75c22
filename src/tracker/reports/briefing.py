"""Briefing files: one :class:`tracker.reports.pack.Pack` as PPTX, PDF or XLSX, and their names."""

from __future__ import annotations

import re

from sqlalchemy import Engine

from .. import i18n
from . import images as reports_images
from . import workbook
from .pack import Pack, PackError, PackOptions, Progress, _noop, build_pack, kpi_table
from .pdf import to_pdf
from .slides import to_pptx

FORMATS = ("pptx", "pdf", "xlsx")

# --- Excel -----------------------------------------------------------------------------------------


def to_xlsx(pack: Pack, progress: Progress | None = None, *, images: bool = True) -> bytes:
    """A workbook: summary (KPIs), one sheet per chart (data + native chart), sources."""
    progress = progress or _noop
    lang = pack.options.lang
    stamp = [pack.as_of_line, pack.t("reports.pack.generated", date=pack.generated_on.isoformat())]
    sheets = [
        workbook.Sheet(
            pack.t("reports.sheet.summary"),
            kpi_table(pack),
            title=pack.title,
            notes=[pack.options.meeting, *stamp] if pack.options.meeting else stamp,
        )
    ]
    pictures: dict[str, bytes] = {}
    needs_picture = [c for c in pack.charts if workbook.native_chart(c.result.figure) is None]
    if images and needs_picture and reports_images.images_available():
        rendered = reports_images.chart_images(
            [c.result.figure for c in needs_picture], "png", target="a4", lang=lang
        )
        pictures = {c.key: png for c, png in zip(needs_picture, rendered, strict=True)}
    for n, chart in enumerate(pack.charts, start=1):
        result = chart.result
        notes = [chart.section, *([result.takeaway] if result.takeaway else []), pack.as_of_line]
        sheets.append(
            workbook.Sheet(
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
        workbook.Sheet(
            pack.t("reports.pack.sources"),
            pack.sources,
            title=pack.t("reports.pack.sources"),
            link_column=i18n.t("common.column.url", lang),
        )
    )
    return workbook.write_workbook(sheets)


# --- one call --------------------------------------------------------------------------------------


def build_file(
    engine: Engine, options: PackOptions, fmt: str, progress: Progress | None = None
) -> bytes:
    """Read and lay out a pack in one go (what the CLI and the builder page call)."""
    if fmt not in FORMATS:
        raise PackError(f"Unknown format {fmt!r}; expected one of {FORMATS}")
    if fmt in ("pptx", "pdf") and not reports_images.images_available():
        raise reports_images.ChromiumMissingError(options.lang)
    progress = progress or _noop
    pack = build_pack(engine, options, progress)
    if fmt == "pptx":
        return to_pptx(pack, progress)
    if fmt == "pdf":
        return to_pdf(pack, progress)
    return to_xlsx(pack, progress)


def file_name(pack_or_options, fmt: str) -> str:
    """Made here, never from the browser: the initiative key (typed by an editor) is reduced to
    letters, digits, dot, dash and underscore, so no path or header trick reaches a file name."""
    options = pack_or_options.options if isinstance(pack_or_options, Pack) else pack_or_options
    key = re.sub(r"[^A-Za-z0-9._-]+", "-", str(options.initiative_key)).strip(".-") or "initiative"
    return f"briefing-{key[:60]}-{options.as_of.isoformat()}-{options.lang}.{fmt}"

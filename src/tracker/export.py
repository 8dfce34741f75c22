"""Chart images and data files leaving the application, and the ``tracker export`` command.

Images are rendered by kaleido in ONE headless Chromium, started on first use and reused: a fresh
browser costs seconds per image, a warm one a fraction of a second. The browser lives in its own
thread with its own event loop, so Streamlit's threads, the CLI and tests all call
:func:`chart_image` synchronously; calls from several threads run concurrently in separate tabs.

Data leaves as CSV (UTF-8 with BOM, for Excel) or XLSX; text that a spreadsheet would read as a
formula is neutralised (:mod:`tracker.tabular`), numbers stay numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import datetime as dt
import io
import math
import numbers
import os
import re
import shutil
import sys
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import i18n, tabular, theme

IMAGE_FORMATS = ("png", "svg", "pdf")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "zip": "application/zip",
}
INSTALL_HINT = "sudo apt-get install -y chromium fonts-noto-cjk"
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RENDER_TIMEOUT_S = 60.0
START_TIMEOUT_S = 60.0


class ExportError(RuntimeError):
    """An export could not be produced; the message says why, for people."""


class ChromiumMissingError(ExportError):
    """No Chromium to draw chart images with (data exports still work)."""

    def __init__(self, lang: str = i18n.DEFAULT_LANGUAGE):
        super().__init__(i18n.t("reports.chromium_missing", lang, command=INSTALL_HINT))


def find_browser() -> str | None:
    """The Chromium kaleido will drive: ``BROWSER_PATH`` first, then the usual names on PATH."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override if Path(override).is_file() else None
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the reused browser --------------------------------------------------------------------------


RELOAD_TAB_EVERY = 25


def _reusing_kaleido(kaleido):
    """kaleido reloads a tab, and with it the 4 MB plotly.js, after every image: on this machine
    that is over half of what an image costs. Plotly's ``toImage`` draws into a fresh element and
    purges it, so a tab is reloaded only every ``RELOAD_TAB_EVERY`` images (to bound memory), and
    after any error the whole browser is replaced (see ``render_many``)."""

    class ReusingKaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            counts = self.__dict__.setdefault("_renders_since_reload", {})
            counts[id(tab)] = counts.get(id(tab), 0) + 1
            if counts[id(tab)] >= RELOAD_TAB_EVERY:
                await tab.reload()
                counts[id(tab)] = 0
            await self.tabs_ready.put(tab)

    return ReusingKaleido


class ImageRenderer:
    """One kaleido browser with ``tabs`` tabs, driven from a private event-loop thread.

    kaleido's own ``start_sync_server`` is not used: its calls are not safe from several threads
    at once (Streamlit serves sessions on threads) and it waits forever if the browser fails to
    start. Here every call has a timeout and a crashed browser is restarted on the next call.
    """

    def __init__(self, browser_path: str, *, tabs: int = 2, timeout: float = RENDER_TIMEOUT_S):
        self.browser_path = browser_path
        self.tabs = tabs
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            import kaleido

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
            thread.start()

            async def open_browser():
                browser = _reusing_kaleido(kaleido)(
                    n=self.tabs, timeout=self.timeout, mathjax=False, path=self.browser_path
                )
                await browser.open()
                return browser

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(
                    START_TIMEOUT_S
                )
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                raise ExportError(f"Chromium did not start ({self.browser_path}): {exc}") from exc
            self._loop, self._thread = loop, thread

    def _submit(self, coroutine_factory: Callable[[], object], timeout: float):
        self.start()
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine_factory(), self._loop).result(timeout)

    def render_many(self, jobs: Sequence[tuple[go.Figure | dict, dict]]) -> list[bytes]:
        """Render ``(figure, opts)`` pairs concurrently in the browser's tabs, in order."""
        if not jobs:
            return []
        specs = [
            (fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig, opts)
            for fig, opts in jobs
        ]

        async def gather():
            browser = self._kaleido
            return await asyncio.gather(*(browser.calc_fig(spec, opts) for spec, opts in specs))

        timeout = self.timeout * max(1, math.ceil(len(jobs) / self.tabs))
        try:
            return list(self._submit(gather, timeout))
        except Exception as exc:
            self.close()  # a tab in an unknown state is not reused: the next call starts afresh
            raise ExportError(f"Chart image could not be rendered: {exc}") from exc

    def render(self, fig: go.Figure | dict, opts: dict) -> bytes:
        return self.render_many([(fig, opts)])[0]

    def close(self) -> None:
        with self._lock:
            browser, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if browser is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing a dead browser must not hide the real error
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)


_RENDERER: ImageRenderer | None = None
_RENDERER_LOCK = threading.Lock()


def renderer(lang: str = i18n.DEFAULT_LANGUAGE) -> ImageRenderer:
    """The process-wide renderer, started lazily; raises :class:`ChromiumMissingError`."""
    global _RENDERER
    with _RENDERER_LOCK:
        if _RENDERER is None:
            path = find_browser()
            if path is None:
                raise ChromiumMissingError(lang)
            _RENDERER = ImageRenderer(path)
            atexit.register(_RENDERER.close)
    return _RENDERER


def images_available() -> bool:
    return find_browser() is not None


def shutdown() -> None:
    """Close the shared browser (tests and the benchmark; the app keeps it for its lifetime)."""
    global _RENDERER
    with _RENDERER_LOCK:
        current, _RENDERER = _RENDERER, None
    if current is not None:
        current.close()


def _opts(fmt: str, size: tuple[int, int], scale: float | None) -> dict:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"Unknown image format {fmt!r}; expected one of {IMAGE_FORMATS}")
    width, height = size
    return {
        "format": fmt,
        "width": width,
        "height": height,
        "scale": (scale or theme.PRINT_SCALE) if fmt == "png" else 1,
    }


def chart_images(
    figures: Sequence[go.Figure],
    fmt: str = "png",
    *,
    target: str = "a4",
    size: tuple[int, int] | None = None,
    scale: float | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> list[bytes]:
    """Images of themed figures, sized for ``target`` ("slide", "a4" or "screen")."""
    prepared = [theme.export_spec(fig, target=target, size=size) for fig in figures]
    jobs = [
        (spec, _opts(fmt, (spec["layout"]["width"], spec["layout"]["height"]), scale))
        for spec in prepared
    ]
    return renderer(lang).render_many(jobs)


def chart_image(
    figure: go.Figure,
    fmt: str = "png",
    *,
    target: str = "a4",
    size: tuple[int, int] | None = None,
    scale: float | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> bytes:
    """One chart as PNG (print resolution), SVG or PDF, with its title, unit, date and sources."""
    return chart_images([figure], fmt, target=target, size=size, scale=scale, lang=lang)[0]


def fresh_browser_image(figure: go.Figure, fmt: str = "png", *, target: str = "a4") -> bytes:
    """The same image through kaleido's one-shot path (a new browser per call): the benchmark's
    reference, and what ``fig.to_image`` does without a server."""
    import kaleido

    path = find_browser()
    if path is None:
        raise ChromiumMissingError()
    fig = theme.for_export(figure, target=target)
    opts = _opts(fmt, (fig.layout.width, fig.layout.height), None)
    return kaleido.calc_fig_sync(fig, opts, kopts={"mathjax": False, "path": path})


# --- data files ----------------------------------------------------------------------------------


def data_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, formula-looking text neutralised."""
    return tabular.to_csv_bytes(frame)


@dataclass
class Sheet:
    """One worksheet: a title block, a table, and a native chart (or a picture) beside it."""

    name: str
    frame: pd.DataFrame
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    figure: go.Figure | None = None  # a native Excel chart is derived from it where practical
    image_png: bytes | None = None  # used when no native chart can be derived
    link_column: str | None = None  # cells in this column that are http(s) URLs become links


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(names: Sequence[str]) -> list[str]:
    """Excel-legal, unique sheet names (31 characters, none of []:*?/\\)."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        base = _SHEET_FORBIDDEN.sub(" ", raw or "Sheet").strip().strip("'") or "Sheet"
        candidate = base[:31]
        n = 2
        while candidate.lower() in seen:
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
            n += 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


@dataclass(frozen=True)
class NativeChart:
    """Series read back from a plotly figure, in the shape an Excel chart needs."""

    kind: str  # "column", "bar" (horizontal), "line", "pie"
    categories: list[str]
    series: list[tuple[str, list[float | None], str]]  # (name, values, "bar"|"line")
    stacked: bool = False
    colours: list[str | None] = field(default_factory=list)


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Number):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    return None


def _category(value) -> str:
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def native_chart(fig: go.Figure, *, max_points: int = 500) -> NativeChart | None:
    """Bars, lines and pies translate into native Excel charts; anything else returns None."""
    traces = [t for t in fig.data if t.visible is not False and t.visible != "legendonly"]
    if not traces:
        return None
    if len(traces) == 1 and traces[0].type == "pie":
        pie = traces[0]
        labels = [_category(v) for v in (pie.labels if pie.labels is not None else [])]
        values = [_number(v) for v in (pie.values if pie.values is not None else [])]
        if not labels or len(labels) != len(values) or all(v is None for v in values):
            return None
        return NativeChart("pie", labels, [(pie.name or "", values, "pie")])
    if any(t.type not in ("bar", "scatter") for t in traces):
        return None
    horizontal = {t.orientation == "h" for t in traces if t.type == "bar"}
    if len(horizontal) > 1 or (True in horizontal and any(t.type == "scatter" for t in traces)):
        return None
    is_h = True in horizontal
    categories: list[str] = []
    index: dict[str, int] = {}
    columns: list[tuple[str, dict[str, float | None], str]] = []
    colours: list[str | None] = []
    for n, trace in enumerate(traces):
        if trace.type == "bar" and trace.base is not None:
            return None  # floating bars (timelines) have no native equivalent
        cats, vals = (trace.y, trace.x) if is_h else (trace.x, trace.y)
        if cats is None or vals is None or len(cats) != len(vals) or len(cats) > max_points:
            return None
        values: dict[str, float | None] = {}
        for cat, val in zip(cats, vals, strict=True):
            number = _number(val)
            if val is not None and number is None and not (isinstance(val, float)):
                return None  # text values: not a chart Excel can draw
            key = _category(cat)
            if key not in index:
                index[key] = len(categories)
                categories.append(key)
            values[key] = number
        kind = "bar" if trace.type == "bar" else "line"
        columns.append((trace.name or f"{n + 1}", values, kind))
        colour = None
        marker = getattr(trace, "marker", None)
        if marker is not None and isinstance(marker.color, str):
            colour = marker.color
        elif trace.type == "scatter" and isinstance(trace.line.color, str):
            colour = trace.line.color
        colours.append(colour)
    if not categories:
        return None
    kinds = {c[2] for c in columns}
    kind = "line" if kinds == {"line"} else ("bar" if is_h else "column")
    series = [(name, [vals.get(c) for c in categories], k) for name, vals, k in columns]
    return NativeChart(
        kind,
        categories,
        series,
        stacked=fig.layout.barmode in ("stack", "relative"),
        colours=colours,
    )


def _cell_writer(worksheet, formats):
    def write(row: int, col: int, value) -> None:
        if value is None or value is pd.NA or value is pd.NaT:
            worksheet.write_blank(row, col, None)
        elif isinstance(value, bool):
            worksheet.write_boolean(row, col, value)
        elif isinstance(value, numbers.Number):
            number = float(value)
            if math.isnan(number) or math.isinf(number):
                worksheet.write_blank(row, col, None)
            elif isinstance(value, numbers.Integral):
                worksheet.write_number(row, col, int(value), formats["int"])
            else:
                worksheet.write_number(row, col, number, formats["float"])
        elif isinstance(value, dt.datetime | pd.Timestamp):
            worksheet.write_datetime(
                row, col, pd.Timestamp(value).to_pydatetime(), formats["datetime"]
            )
        elif isinstance(value, dt.date):
            worksheet.write_datetime(row, col, value, formats["date"])
        else:
            worksheet.write_string(row, col, tabular.neutralise(str(value)))

    return write


def _display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook: per sheet a title block, the table, and a chart beside it.

    No cell is ever a formula: strings are written as strings (``strings_to_formulas`` off) and
    formula-looking text is neutralised as in CSV exports.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    font = {"font_name": "Noto Sans CJK KR"}
    formats = {
        "title": workbook.add_format({**font, "bold": True, "font_size": 14}),
        "note": workbook.add_format({**font, "font_color": "#52606d", "font_size": 9}),
        "header": workbook.add_format(
            {**font, "bold": True, "bg_color": "#1f4e9c", "font_color": "#ffffff", "border": 1}
        ),
        "int": workbook.add_format({**font, "num_format": "#,##0"}),
        "float": workbook.add_format({**font, "num_format": "#,##0.0##"}),
        "date": workbook.add_format({**font, "num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({**font, "num_format": "yyyy-mm-dd hh:mm"}),
        "link": workbook.add_format({**font, "font_color": "#1f4e9c", "underline": 1}),
    }
    for sheet, name in zip(sheets, sheet_names([s.name for s in sheets]), strict=True):
        ws = workbook.add_worksheet(name)
        write = _cell_writer(ws, formats)
        row = 0
        if sheet.title:
            ws.write_string(row, 0, tabular.neutralise(sheet.title), formats["title"])
            row += 1
        for note in sheet.notes:
            ws.write_string(row, 0, tabular.neutralise(note), formats["note"])
            row += 1
        if row:
            row += 1
        header_row = row
        frame = sheet.frame
        columns = [str(c) for c in frame.columns]
        for col, name_ in enumerate(columns):
            ws.write_string(header_row, col, tabular.neutralise(name_), formats["header"])
        link_col = columns.index(sheet.link_column) if sheet.link_column in columns else None
        for r, values in enumerate(frame.itertuples(index=False, name=None), start=header_row + 1):
            for col, value in enumerate(values):
                if (
                    col == link_col
                    and isinstance(value, str)
                    and value.startswith(("http://", "https://"))
                    and len(value) < 2000
                ):
                    ws.write_url(r, col, value, formats["link"], string=value)
                else:
                    write(r, col, value.item() if hasattr(value, "item") else value)
        for col, name_ in enumerate(columns):
            widest = max(
                [_display_width(name_)] + [_display_width(v) for v in frame.iloc[:200, col]]
            )
            ws.set_column(col, col, min(max(widest + 2, 8), 60))
        if len(frame):
            ws.autofilter(header_row, 0, header_row + len(frame), max(len(columns) - 1, 0))
        ws.freeze_panes(header_row + 1, 0)
        chart_col = max(len(columns), 1) + 1
        spec = native_chart(sheet.figure) if sheet.figure is not None else None
        if spec is not None:
            _add_native_chart(workbook, ws, name, spec, header_row, chart_col, sheet.title, formats)
        elif sheet.image_png:
            ws.insert_image(
                header_row,
                chart_col,
                "chart.png",
                {"image_data": io.BytesIO(sheet.image_png), "x_scale": 0.3, "y_scale": 0.3},
            )
    workbook.close()
    return buffer.getvalue()


def _add_native_chart(workbook, ws, sheet_name, spec: NativeChart, top, left, title, formats):
    """Write the chart's series as a small table beside the data and draw an Excel chart on it."""
    ws.write_string(top, left, "", formats["header"])
    for i, (name, _values, _kind) in enumerate(spec.series):
        ws.write_string(top, left + 1 + i, tabular.neutralise(name), formats["header"])
    for r, category in enumerate(spec.categories, start=top + 1):
        ws.write_string(r, left, tabular.neutralise(category))
        for i, (_name, values, _kind) in enumerate(spec.series):
            value = values[r - top - 1]
            if value is None:
                ws.write_blank(r, left + 1 + i, None)
            else:
                ws.write_number(r, left + 1 + i, value, formats["float"])
    last = top + len(spec.categories)
    ws.set_column(left, left, min(max(max(_display_width(c) for c in spec.categories) + 2, 8), 40))

    def make(kind):
        options = {"type": kind}
        if spec.stacked and kind in ("column", "bar"):
            options["subtype"] = "stacked"
        return workbook.add_chart(options)

    primary_kind = spec.kind
    chart = make(primary_kind)
    secondary = None
    for i, (_name, _values, kind) in enumerate(spec.series):
        series = {
            "name": [sheet_name, top, left + 1 + i],
            "categories": [sheet_name, top + 1, left, last, left],
            "values": [sheet_name, top + 1, left + 1 + i, last, left + 1 + i],
        }
        colour = spec.colours[i] if i < len(spec.colours) else None
        if colour and colour.startswith("#"):
            key = "line" if (kind == "line" or primary_kind == "line") else "fill"
            series[key] = {"color": colour}
        if primary_kind == "pie":
            series.pop("name")
            chart.add_series(series)
        elif kind == "line" and primary_kind != "line":
            secondary = secondary or workbook.add_chart({"type": "line"})
            secondary.add_series(series)
        else:
            chart.add_series(series)
    if secondary is not None:
        chart.combine(secondary)
    if title:
        chart.set_title({"name": title, "name_font": {"name": "Noto Sans CJK KR", "size": 12}})
    chart.set_legend({"position": "bottom", "font": {"name": "Noto Sans CJK KR"}})
    chart.set_size({"width": 720, "height": 400})
    ws.insert_chart(last + 2, left, chart)


# --- command line --------------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def register_cli(subparsers) -> None:
    """``tracker export briefing ...`` and ``tracker export data ...``."""
    export = subparsers.add_parser("export", help="briefing packs (PPTX/PDF/XLSX) and data files")
    sub = export.add_subparsers(dest="export_command", required=True)

    def common(parser):
        parser.add_argument(
            "--lang", choices=i18n.LANGUAGES, default=None, help="ko (default) or en"
        )
        parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--initiative", help="initiative key (default: the main one)")
        parser.add_argument(
            "--unit", choices=("eok", "million", "won"), default="eok", help="money unit"
        )
        parser.add_argument("--charts", help="comma-separated chart keys (default: all)")
        parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")

    brief = sub.add_parser(
        "briefing", help="committee deck (pptx), report (pdf) or workbook (xlsx)"
    )
    brief.add_argument("--format", choices=("pptx", "pdf", "xlsx"), required=True)
    brief.add_argument("--meeting", default="", help="meeting name for the title slide")
    common(brief)
    brief.set_defaults(func=cmd_export_briefing)

    data = sub.add_parser("data", help="the data behind every chart (xlsx, or csv)")
    data.add_argument("--format", choices=("xlsx", "csv"), required=True)
    common(data)
    data.set_defaults(func=cmd_export_data)


def _cli_lang(args) -> str:
    if args.lang:
        return args.lang
    lang = os.environ.get("TRACKER_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _pack_options(args, lang: str):
    from . import backend, briefing, config, queries

    engine = backend.make_engine(args.database_url or config.settings().database_url)
    if queries.is_empty(engine):
        raise ExportError(i18n.t("reports.cli.empty_database", lang))
    as_of = args.as_of or dt.date.today()
    initiative = args.initiative or briefing.default_initiative(engine, as_of)
    charts = [k.strip() for k in args.charts.split(",") if k.strip()] if args.charts else None
    options = briefing.PackOptions(
        initiative_key=initiative,
        as_of=as_of,
        lang=lang,
        unit=args.unit,
        chart_keys=charts,
        meeting=getattr(args, "meeting", "") or "",
    )
    return engine, options


def _progress(lang: str):
    def report(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr)

    return report


def _write(path: Path, payload: bytes, lang: str) -> None:
    if path.parent and not path.parent.exists():
        raise ExportError(i18n.t("reports.cli.no_folder", lang, folder=str(path.parent)))
    path.write_bytes(payload)
    print(i18n.t("reports.cli.written", lang, path=str(path), size=f"{len(payload):,}"))


def _run(args, body) -> int:
    from . import briefing

    lang = _cli_lang(args)
    try:
        body(lang)
    except (ExportError, briefing.PackError) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, ChromiumMissingError) else 2
    finally:
        shutdown()
    return 0


def cmd_export_briefing(args) -> int:
    from . import briefing

    def body(lang: str) -> None:
        engine, options = _pack_options(args, lang)
        payload = briefing.build_file(engine, options, args.format, progress=_progress(lang))
        _write(args.output, payload, lang)

    return _run(args, body)


def cmd_export_data(args) -> int:
    from . import briefing

    def body(lang: str) -> None:
        engine, options = _pack_options(args, lang)
        pack = briefing.build_pack(engine, options, progress=_progress(lang))
        if args.format == "xlsx":
            payload = briefing.to_xlsx(pack, images=False)
        elif len(pack.charts) == 1 and args.output.suffix.lower() == ".csv":
            payload = data_csv(pack.charts[0].result.data)
        elif args.output.suffix.lower() == ".zip":
            payload = data_zip(briefing.data_tables(pack))
        else:
            raise ExportError(i18n.t("reports.cli.csv_needs_zip", lang))
        _write(args.output, payload, lang)

    return _run(args, body)


def data_zip(tables: dict[str, pd.DataFrame]) -> bytes:
    """One CSV per table in a ZIP archive (file names are the tables' keys)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "table"
            archive.writestr(f"{safe}.csv", data_csv(frame))
    return buffer.getvalue()

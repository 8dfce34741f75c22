"""Tables leaving the application: CSV (UTF-8 with BOM, for Excel) and XLSX with native charts.

Text that a spreadsheet would read as a formula is neutralised; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import room, theme

# --- data files ----------------------------------------------------------------------------------


def data_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Excel: UTF-8 with BOM, formula-looking text neutralised."""
    return to_csv_bytes(frame)


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
    traces = [  # the values written on bars are not a series (room.bar_values)
        t
        for t in fig.data
        if t.visible is not False and t.visible != "legendonly" and t.name != room.BAR_VALUES
    ]
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
            worksheet.write_string(row, col, neutralise(str(value)))

    return write


def _display_width(value) -> int:
    return theme.display_width("" if value is None else str(value))


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
            ws.write_string(row, 0, neutralise(sheet.title), formats["title"])
            row += 1
        for note in sheet.notes:
            ws.write_string(row, 0, neutralise(note), formats["note"])
            row += 1
        if row:
            row += 1
        header_row = row
        frame = sheet.frame
        columns = [str(c) for c in frame.columns]
        for col, name_ in enumerate(columns):
            ws.write_string(header_row, col, neutralise(name_), formats["header"])
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
        ws.write_string(top, left + 1 + i, neutralise(name), formats["header"])
    for r, category in enumerate(spec.categories, start=top + 1):
        ws.write_string(r, left, neutralise(category))
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


def data_zip(tables: dict[str, pd.DataFrame]) -> bytes:
    """One CSV per table in a ZIP archive (file names are the tables' keys)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "table"
            archive.writestr(f"{safe}.csv", data_csv(frame))
    return buffer.getvalue()


# A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix formula-looking text with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel on Korean Windows opens Korean text correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")

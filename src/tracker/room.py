"""The room a chart's labels need, reckoned from their text before plotly draws the chart.

Plotly's automargin draws a chart twice when its tick labels or legend do not fit the margins it
was given: once to measure them, once more with the margins widened (80 names down an axis: 123
against 68 ms a chart in headless Chromium). :func:`label_room` gives that room up front, so that
the first drawing fits; automargin stays on, so a label wider than the reckoning still fits, at
the cost of the second drawing. ``theme.apply`` and the exports use it.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def props(obj) -> dict:
    """The properties set on a plotly object, as plotly keeps them: read without the path parsing
    of ``obj[prop]`` or the deep copy of ``to_plotly_json()`` (a map's thousands of points)."""
    return obj._props or {}


# Character widths, in em, of Noto Sans CJK KR rounded up (a Korean syllable is 0.92 em; Malgun
# Gothic's are no wider).
_WIDE_EM, _NARROW_EM, _DEFAULT_EM, _BROAD_EM = 0.93, 0.36, 0.62, 0.95
_NARROW_CHARS = frozenset(" !'(),-./:;I[]fijlrt|")
_BROAD_CHARS = frozenset("%@MWmw")
_TAG = re.compile(r"<[^>]*>")
_LABEL_GAP, _TITLE_ROOM, _LEGEND_SWATCH = 14, 28, 48  # px, as plotly lays them out at 13 px


def _em(ch: str) -> float:
    if ord(ch) >= 0x1100:
        return _WIDE_EM
    if ch in _NARROW_CHARS:
        return _NARROW_EM
    return _BROAD_EM if ch in _BROAD_CHARS else _DEFAULT_EM


def text_width(text: str, size: float) -> float:
    """The width in px of ``text`` (plotly markup: its widest ``<br>`` line) at font ``size``."""
    lines = _TAG.sub("", str(text).replace("<br>", "\n")).split("\n")
    return max(sum(_em(ch) for ch in line) for line in lines) * size


def _category_labels(fig: go.Figure) -> list | None:
    """The left axis's labels when they are text (a horizontal bar's names, a Gantt's rows): its
    ``ticktext``, else the text values of the traces drawn on it; ``None`` for a numeric axis."""
    axis = props(fig.layout).get("yaxis") or {}
    if axis.get("showticklabels") is False or axis.get("side") == "right":
        return []
    if axis.get("ticktext") is not None:
        return list(axis["ticktext"])
    labels: list = []
    for trace in fig.data:
        given = props(trace)
        values = given.get("y")
        if given.get("yaxis", "y") != "y" or values is None or not len(values):
            continue
        if not isinstance(values[0], str):
            return None if axis.get("type") != "category" else labels
        labels.extend(values)
    return labels


def label_room(fig: go.Figure, size: float) -> dict[str, int]:
    """Left and right margins (px) that hold ``fig``'s left tick labels and axis title, and on the
    right a legend standing beside the plot or the values written past the ends of horizontal
    bars, with text at font ``size`` (never under the theme's 60 and 30)."""
    scale = size / 13
    layout = props(fig.layout)
    titled = bool(((layout.get("yaxis") or {}).get("title") or {}).get("text"))
    labels = _category_labels(fig)
    if labels is None:  # numbers: up to six characters ("22,600", "100%") fit in the default
        left = 80 * scale if titled else 0
    else:
        widest = max((text_width(t, size) for t in set(labels) if t is not None), default=0)
        left = widest + (_LABEL_GAP + (_TITLE_ROOM if titled else 0)) * scale if widest else 0
    right = 0.0
    for trace in fig.data:  # a bar's value written past its end (cliponaxis off) runs into it
        given = props(trace)
        text = given.get("text")
        past_the_end = (  # by the bar itself, or by the text trace of bar_values
            trace.type == "bar"
            and given.get("orientation") == "h"
            and given.get("textposition") == "outside"
        ) or (given.get("name") == BAR_VALUES and given.get("textposition") == "middle right")
        if past_the_end and text is not None and not isinstance(text, str):
            right = max([right, *(text_width(str(t).strip(), size) + 10 for t in text if t)])
    legend = layout.get("legend") or {}
    if legend.get("orientation") == "v" and (legend.get("x") or 0) >= 1:
        names = [
            props(t).get("name") or ""
            for t in fig.data
            if props(t).get("showlegend") is not False and props(t).get("name")
        ]
        if names:  # plus the gap to the plot: 2 % of a plot up to 1,500 px wide
            widest = max(text_width(n, size) for n in names)
            right = max(right, widest + _LEGEND_SWATCH * scale + 30 + 8)
    return {"l": max(60, math.ceil(left)), "r": max(30, math.ceil(right))}


def wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` (plain, no markup) in lines at most ``width`` px wide at font ``size``, broken
    between words; a separator " · " stays at the end of its line, a word wider than the line
    keeps a line of its own, and a ``<br>`` in the text stays a break."""
    lines: list[str] = []
    for given in text.split("<br>"):
        words: list[str] = []
        for word in given.split(" "):
            if word == "·" and words:
                words[-1] += " ·"
            else:
                words.append(word)
        line = ""
        for word in words:
            if line and text_width(f"{line} {word}", size) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


# A horizontal legend as plotly lays it out: each item a 40 px swatch and gap before its name,
# 5 px between items, rows 20 px apart (at 13 px) inside a 10 px border.
_LEGEND_SWATCH_GAP, _LEGEND_ITEM_GAP, _LEGEND_ROW, _LEGEND_EDGE = 40, 5, 20, 10
HIERARCHY_TYPES = frozenset({"treemap", "sunburst", "icicle"})  # no axes, no legend


def legend_names(fig: go.Figure) -> list[str]:
    """The names the chart's legend lists, or none when plotly shows no legend. Plotly shows one
    when an entry is listed and the chart has two traces or more, listed or not (a line kept out
    of the legend beside one listed marker trace: a legend of one)."""
    traces = [t for t in fig.data if t.type not in HIERARCHY_TYPES and t.visible is not False]
    names = [props(t).get("name") or "" for t in traces if props(t).get("showlegend") is not False]
    shown = props(fig.layout).get("showlegend")
    return names if shown or (shown is None and names and len(traces) > 1) else []


def legend_box(fig: go.Figure, size: float, across: float) -> tuple[int, int]:
    """(width, height) in px of a horizontal legend above or below a plot ``across`` px wide;
    (0, 0) when the chart shows no legend. Plotly lays its items in one row when they fit, each
    as wide as it needs, else in a grid of columns as wide as the widest item (reckoned here as
    wide as the plot: a name reckoned a little wide must not make the grid seem narrower)."""
    items = [_LEGEND_SWATCH_GAP + text_width(name, size) for name in legend_names(fig)]
    if not items:
        return 0, 0
    gaps = _LEGEND_ITEM_GAP * (len(items) - 1)
    if sum(items) + gaps + _LEGEND_EDGE < across:
        width, rows = sum(items) + gaps, 1
    else:
        cell = max(items) + _LEGEND_ITEM_GAP
        columns = max(1, int((across - _LEGEND_EDGE + _LEGEND_ITEM_GAP) // cell))
        width, rows = across - _LEGEND_EDGE, math.ceil(len(items) / columns)
    height = rows * _LEGEND_ROW * size / 13 + _LEGEND_EDGE
    return math.ceil(width + _LEGEND_EDGE), math.ceil(height)


TITLE_LINE = 26  # px between the lines of a 20 px title (a <sup> line too)


def title_line(sizes: dict) -> float:
    """Px between a title's lines at the type sizes ``sizes``: :data:`TITLE_LINE` at the screen's
    20 px title, in proportion at an export's."""
    return TITLE_LINE * sizes["title"] / 20


# A bold title measured in Chromium (Noto Sans CJK KR, 20 px, Korean and English) takes at most
# 0.972 of the width the table above gives: the table rounds up for regular text.
BOLD_TITLE = 0.975


def title_room(
    fig: go.Figure, title: str, subtitle: str, width: int, margin: dict, sizes: dict
) -> tuple[str, int]:
    """The title and subtitle broken into lines that fit a chart ``width`` px wide (the title
    starts 1 % in; a subtitle is drawn at 70 %), and the top margin (px) that holds them hung
    from the top (``theme.hang_title``) with the legend above the plot under them; 0 where
    plotly's own place serves: a title of one line, with a subtitle of one line or none, and
    the legend beside it. ``sizes``: the type sizes ("title", "base") in px."""
    fits, bold = width * 0.99 - 8, sizes["title"] * BOLD_TITLE
    spacing = title_line(sizes)
    lines = [(f"<b>{line}</b>", bold) for line in wrap(title, bold, fits)]
    if subtitle:
        small = sizes["title"] * 0.7
        lines += [(f"<sup>{line}</sup>", small) for line in wrap(subtitle, small, fits)]
    legend = props(fig.layout).get("legend") or {}
    across = width - margin["l"] - margin["r"]
    above = legend.get("orientation") == "h"
    legend_width, legend_height = legend_box(fig, sizes["base"], across) if above else (0, 0)
    starts = width - margin["r"] - legend_width - 8  # where the legend above the plot begins
    beside = all(width * 0.01 + text_width(text, size) <= starts for text, size in lines)
    text = "<br>".join(text for text, _ in lines)
    if legend_height and not beside:
        return text, math.ceil(spacing * len(lines) + 14 + legend_height)
    plain = len(lines) == 1 or (len(lines) == 2 and lines[1][0].startswith("<sup>"))
    return text, (0 if plain else math.ceil(spacing * len(lines) + 24))


# Where a point's label can go (plotly's textposition), in the order tried, and the box each
# gives a label w px wide and h tall beside a marker of radius m at (0, 0), y upwards.
_PLACES = {
    "top center": lambda w, h, m: (-w / 2, m, w / 2, m + h),
    "bottom center": lambda w, h, m: (-w / 2, -m - h, w / 2, -m),
    "top left": lambda w, h, m: (-m - w, m / 2, -m, m / 2 + h),
    "top right": lambda w, h, m: (m, m / 2, m + w, m / 2 + h),
    "bottom left": lambda w, h, m: (-m - w, -m / 2 - h, -m, -m / 2),
    "bottom right": lambda w, h, m: (m, -m / 2 - h, m + w, -m / 2),
    "middle left": lambda w, h, m: (-m - w, -h / 2, -m, h / 2),
    "middle right": lambda w, h, m: (m, -h / 2, m + w, h / 2),
}


def _axis_range(values: list, given: list | None, floor_zero: bool) -> tuple[float, float]:
    """The axis range plotly draws ``values`` on: ``given``, else their span (from 0 where the
    axis starts there) with 5 % either side."""
    if given:
        return float(given[0]), float(given[1])
    low, high = min(values), max(values)
    low = min(low, 0) if floor_zero else low
    pad = (high - low) * 0.05 or 1
    return low - pad, high + pad


def place_labels(fig: go.Figure, width: int, height: int, size: float = 13) -> go.Figure:
    """The labelled points of a themed figure's line and marker traces on a date axis, drawn
    ``width`` x ``height`` px, each get a place (:data:`_PLACES`, the trace's own first) where
    the label stays inside the plot (plotly cuts it at the edge) and clear of every marker and
    of the labels placed before it, from left to right; where none is clear, the label before
    it moves to another clear place if that frees one. Points at nearby dates no longer print
    their labels over each other. A point without a date or a value is not drawn: no place."""
    layout = props(fig.layout)
    margin = layout.get("margin") or {}
    across = width - margin.get("l", 80) - margin.get("r", 80)
    up = height - margin.get("t", 100) - margin.get("b", 80)
    traces = [t for t in fig.data if t.type == "scatter" and t.x is not None and len(t.x)]
    drawn = {  # (trace, point) -> (day, value), for the points plotly draws
        (n, k): (day.toordinal(), float(value))
        for n, trace in enumerate(traces)
        for k, (day, value) in enumerate(
            zip(pd.to_datetime(pd.Series(trace.x)), pd.to_numeric(pd.Series(trace.y)), strict=True)
        )
        if not (pd.isna(day) or pd.isna(value))
    }
    if not drawn:
        return fig
    yaxis = layout.get("yaxis") or {}
    x0, x1 = _axis_range([x for x, _ in drawn.values()], None, False)
    y0, y1 = _axis_range(
        [y for _, y in drawn.values()], yaxis.get("range"), yaxis.get("rangemode") == "tozero"
    )
    points = {
        at: ((x - x0) / (x1 - x0) * across, (y - y0) / (y1 - y0) * up)
        for at, (x, y) in drawn.items()
    }
    fixed = [(x - 5, y - 5, x + 5, y + 5) for x, y in points.values()]  # the markers
    positions: dict[int, list[str]] = {}  # trace -> each point's place
    labels = []  # (trace, point, label width, places in the order tried)
    for n, trace in enumerate(traces):
        texts = props(trace).get("text")
        if "text" not in (trace.mode or "") or texts is None or isinstance(texts, str):
            continue
        own = trace.textposition if isinstance(trace.textposition, str) else "top center"
        positions[n] = [own] * len(texts)
        order = [own, *(p for p in _PLACES if p != own)]
        labels += [
            (n, k, text_width(text, size), order)
            for k, text in enumerate(texts)
            if text and (n, k) in points
        ]

    def boxes(label: tuple) -> list[tuple[str, tuple]]:
        n, k, w, order = label
        px, py = points[(n, k)]
        shapes = [(place, _PLACES[place](w, size * 1.5, 6)) for place in order]
        return [(place, (px + a, py + b, px + c, py + d)) for place, (a, b, c, d) in shapes]

    def inside(box: tuple) -> bool:
        return box[0] >= 0 and box[1] >= 0 and box[2] <= across and box[3] <= up

    def clear(box: tuple, others: list) -> bool:
        return inside(box) and not any(_overlaps(box, other) for other in fixed + others)

    placed: list[tuple] = []  # (label, place, box), left to right
    for label in sorted(labels, key=lambda lab: points[(lab[0], lab[1])][0]):
        taken = [box for _, _, box in placed]
        choice = next(((p, b) for p, b in boxes(label) if clear(b, taken)), None)
        if choice is None and placed:  # move the label before it, if that frees a place
            before, others = placed[-1][0], taken[:-1]
            for p0, b0 in boxes(before):
                if clear(b0, others):
                    choice = next(
                        ((p, b) for p, b in boxes(label) if clear(b, [*others, b0])), None
                    )
                    if choice:
                        placed[-1] = (before, p0, b0)
                        break
        if choice is None:  # nowhere clear: its own place, or the first inside the plot
            choice = next(((p, b) for p, b in boxes(label) if inside(b)), boxes(label)[0])
        placed.append((label, *choice))
    for (n, k, _, _), place, _ in placed:
        positions[n][k] = place
    for n, places in positions.items():
        traces[n].textposition = places
    return fig


def _overlaps(a: tuple, b: tuple) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


# A trace of this name writes the values of horizontal bars (:func:`bar_values`): no series of its
# own, so legends, hover and the spreadsheet's native chart leave it out.
BAR_VALUES = "bar values"
_PAD = 3  # px plotly leaves between a bar's edge and the value written at it
_GAP = 0.2  # plotly's default bargap: the share of a row between two bars
_SURE = 0.85  # of its width on a 1,400 px window: a value that fits still fits on 1,200 px


def _ink_on(colour: str) -> str:
    """The colour plotly writes a value in inside a bar of ``colour`` (``#rrggbb``): white on a
    dark bar (perceived brightness under 128 of 255), else its dark grey."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if (r * 299 + g * 587 + b * 114) / 1000 < 128 else "#444444"


def _seq(values) -> list:
    """A trace's array as a list (plotly keeps a tuple, a list or a numpy array)."""
    return [] if values is None else list(values)


def _convertible(trace, stacked: bool, bars: int) -> bool:
    given = props(trace)
    text, place, colour = given.get("text"), given.get("textposition"), (given.get("marker") or {})
    return (
        trace.type == "bar"
        and given.get("orientation") == "h"
        and text is not None
        and not isinstance(text, str)
        and given.get("texttemplate") is None
        and given.get("base") is None
        and given.get("xaxis", "x") == "x"
        and given.get("yaxis", "y") == "y"
        and (place == "outside" and bars == 1 or place == "inside" and stacked)
        and (place == "outside" or re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour.get("color"))))
        and all(isinstance(y, str) for y in _seq(given.get("y")))
        and len(set(_seq(given.get("y")))) == len(text) == len(_seq(given.get("x")))
        and given.get("insidetextanchor") in (None, "end", "middle")
        and all(v is None or (isinstance(v, numbers.Real) and v >= 0) for v in _seq(given["x"]))
    )


def bar_values(fig: go.Figure, width: int, size: float = 13) -> go.Figure:
    """The values written on horizontal bars (``textposition`` "outside" on a lone bar trace,
    "inside" on stacked ones) that surely fit there, written instead by a text trace each
    (:data:`BAR_VALUES`) at the same places: past the bar's end, or inside its end (its middle
    with ``insidetextanchor`` "middle") in plotly's white on a dark bar. Plotly measures the text
    of every bar in the browser to fit it, a text trace draws without measuring (80 initiatives,
    320 values: 0.3 s in headless Chromium). A value that might not fit inside its bar on a chart
    :data:`_SURE` of ``width`` px wide stays with its bar, for plotly to shrink as before; the
    bars keep their text for their hover (``textposition`` "none" where the text trace writes it)."""
    layout = props(fig.layout)
    bars = [t for t in fig.data if t.type == "bar"]
    if any(props(t).get("orientation") != "h" for t in bars):  # upright bars: as plotly writes
        return fig
    xaxis = layout.get("xaxis") or {}
    if xaxis.get("autorange") not in (None, True):  # reversed: as plotly writes
        return fig
    stacked = layout.get("barmode") in ("stack", "relative")
    margin = layout.get("margin") or {}
    rows = {y for t in bars for y in _seq(props(t).get("y"))}
    thick = (layout.get("height") or 450) - margin.get("t", 100) - margin.get("b", 80)
    thick = thick / max(len(rows), 1) * (1 - (layout.get("bargap") or _GAP))
    chosen = [n for n, t in enumerate(bars) if _convertible(t, stacked, len(bars))]
    if not chosen:
        return fig
    ends: dict = {}  # category -> where the bars drawn so far end
    starts: dict[int, dict] = {}  # bar trace -> category -> where its bar starts
    for n, trace in enumerate(bars):
        given = props(trace)
        starts[n] = {y: ends.get(y, 0) if stacked else 0 for y in _seq(given.get("y"))}
        for y, v in zip(_seq(given.get("y")), _seq(given.get("x")), strict=False):
            ends[y] = starts[n][y] + (v or 0)
    span = xaxis.get("range") or (0, max(ends.values(), default=0) * 1.05)
    scale = (width - margin.get("l", 80) - margin.get("r", 80)) * _SURE / ((span[1] - span[0]) or 1)
    labels = []
    for n in chosen:
        trace, given = bars[n], props(bars[n])
        outside = given["textposition"] == "outside"
        middle = not outside and given.get("insidetextanchor") == "middle"
        own = given.get("outsidetextfont" if outside else "insidetextfont") or {}
        font = {**(given.get("textfont") or {}), **own}  # as plotly falls back
        lettered = font.get("size") or size
        if thick < lettered + 2 * _PAD:  # the row does not hold the text: plotly shrinks it
            continue
        # the bar keeps its text (a hover may show it) but draws only what might not fit, for
        # plotly to shrink as before; "none" draws nothing and measures nothing
        ys, xs, written, places = _seq(given["y"]), [], [], []
        for y, v, t in zip(ys, _seq(given["x"]), _seq(given["text"]), strict=True):
            start, length = starts[n][y], v or 0
            fits = outside or length * scale >= text_width(t, lettered) + 2 * _PAD
            xs.append(start + length / 2 if middle else start + length)
            shown = t if t not in (None, "") and fits else ""
            if shown and outside:  # a space from the bar's end, as plotly leaves
                shown = f" {shown}"
            elif shown and not middle:
                shown = f"{shown} "
            written.append(shown)
            places.append("none" if fits or t in (None, "") else given["textposition"])
        if not any(written):
            continue
        place = "middle right" if outside else ("middle center" if middle else "middle left")
        label = dict(
            type="scatter", mode="text", x=xs, y=ys, text=written, name=BAR_VALUES,
            textposition=place, hoverinfo="skip", showlegend=False,
            cliponaxis=given.get("cliponaxis", True),
        )  # fmt: skip
        if not outside:
            font.setdefault("color", _ink_on(given["marker"]["color"]))
        if font:
            label["textfont"] = font
        trace.textposition = "none" if set(places) == {"none"} else places
        labels.append(label)
    yaxis = layout.get("yaxis") or {}
    if labels and yaxis.get("range") is None and yaxis.get("autorange") is None:
        fig.layout.yaxis.range = (-0.5, len(rows) - 0.5)  # the bars' rows: not padded for text
    fig.add_traces(labels)
    return fig


# Date ticks on a Korean page in the product's own way of writing days (2020-07, not plotly's
# English "Jul 2020"): days and weeks as days, months as months, years as years.
KOREAN_DATE_TICKS = (
    {"dtickrange": [None, 14 * 86_400_000], "value": "%Y-%m-%d"},
    {"dtickrange": ["M1", "M6"], "value": "%Y-%m"},
    {"dtickrange": ["M12", None], "value": "%Y"},
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_day(value) -> bool:
    return isinstance(value, dt.date | pd.Timestamp | np.datetime64) or bool(
        isinstance(value, str) and _ISO_DAY.match(value)
    )


def date_ticks(fig: go.Figure, lang: str) -> go.Figure:
    """On a Korean page, an x axis of days whose ticks the builder left to plotly is written
    by :data:`KOREAN_DATE_TICKS`."""
    xaxis = props(fig.layout).get("xaxis") or {}
    if lang != "ko" or xaxis.get("tickformat") or xaxis.get("tickformatstops"):
        return fig
    for trace in fig.data:
        given = props(trace)
        if given.get("xaxis", "x") != "x" or given.get("orientation") == "h":
            continue
        first = next((v for v in _seq(given.get("x")) if v is not None), None)
        if _is_day(first):
            fig.layout.xaxis.tickformatstops = KOREAN_DATE_TICKS
            break
    return fig

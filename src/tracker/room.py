"""The room a chart's labels need, reckoned from their text before plotly draws the chart.

Plotly's automargin draws a chart twice when its tick labels or legend do not fit the margins it
was given: once to measure them, once more with the margins widened (80 names down an axis: 123
against 68 ms a chart in headless Chromium). :func:`label_room` gives that room up front, so that
the first drawing fits; automargin stays on, so a label wider than the reckoning still fits, at
the cost of the second drawing. ``theme.apply`` and the exports use it.
"""

from __future__ import annotations

import math
import re

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
        if trace.type == "bar" and given.get("orientation") == "h" and text is not None:
            if given.get("textposition") == "outside" and not isinstance(text, str):
                right = max([right, *(text_width(t, size) + 10 for t in text if t)])
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

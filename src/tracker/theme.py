"""One look for every figure: on screen, in PNG/PDF exports and in the briefing deck.

Builders call :func:`apply` last; the title, unit, as-of date and source line are drawn inside the
figure so that an exported image stands on its own in a report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import plotly.graph_objects as go

from . import i18n, room
from .room import HIERARCHY_TYPES, TITLE_LINE, label_room, text_width, title_line, title_room
from .room import props as _set

FONT_FAMILY = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
)
# Colours are chosen for WCAG 2.1 AA: text and controls reach 4.5:1 on their background, chart
# marks 3:1 against white, and every pair of state / funding colours stays apart under simulated
# deuteranopia, protanopia and tritanopia (tests/test_a11y_palette.py; `python -m bench.palette`
# draws before/after images into docs/). Colour never carries meaning alone: states also get a
# marker symbol, a bar pattern and a text label, funding sources a bar pattern.
WHITE = "#ffffff"
INK = "#1f2933"  # body text and chart lettering: 14.6:1 on white
MUTED_INK = "#52606d"  # captions, footers, secondary text: 6.4:1 on white
PRIMARY = "#1f4e9c"  # accent: selected controls, primary buttons, links, focus ring
SIDEBAR_BACKGROUND = "#f5f7fa"


def blend(colour: str, background: str, alpha: float) -> str:
    """``colour`` at ``alpha`` opacity over ``background``, as one opaque hex colour."""
    mix = [
        round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * int(background[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{c:02x}" for c in mix)


# Streamlit draws a selected pill / segmented-control option on the accent at 10 % opacity
# (measured in Chromium: rgba(31, 78, 156, 0.1)), over white or over the sidebar.
PRIMARY_TINT = blend(PRIMARY, WHITE, 0.1)
PRIMARY_TINT_SIDEBAR = blend(PRIMARY, SIDEBAR_BACKGROUND, 0.1)
GRID = "#e4e7eb"

# Funding sources keep their colour everywhere (국비 blue, 시비 orange, 민자 green, ...).
FUNDING_COLOURS = {
    "national": "#1f4e9c",
    "city": "#c25e00",
    "private": "#008577",
    "other": "#b04a9a",
    "unspecified": "#7b8794",
}
# Bar fill patterns (plotly ``marker.pattern.shape``) so that stacked sources differ without colour.
FUNDING_PATTERNS = {"national": "", "city": "/", "private": ".", "other": "x", "unspecified": "-"}


# Milestone states in stacked bars (Overview, Portfolio): reached, then in trouble, then the rest.
STATE_STACK_ORDER = (
    "done",
    "done_undated",
    "late",
    "not_recorded",
    "at_risk",
    "on_track",
    "stopped",
    "cancelled",
    "unscheduled",
)


@dataclass(frozen=True)
class StateStyle:
    """How a milestone / task state is drawn everywhere: one row per state."""

    colour: str
    symbol: str  # plotly marker symbol (Gantt markers, scatter points)
    pattern: str  # plotly bar pattern shape ("" = solid)
    label_key: str  # i18n key of the state's name


def _state(colour: str, symbol: str, pattern: str, state: str) -> StateStyle:
    return StateStyle(colour, symbol, pattern, f"enum.milestone_state.{state}")


# A new state is one more row here (plus its label in locales/*.toml).
STATE_STYLES: dict[str, StateStyle] = {
    "done": _state("#008577", "circle", "", "done"),
    "on_track": _state("#2f5fb3", "square", "/", "on_track"),
    "at_risk": _state("#a87a00", "triangle-up", ".", "at_risk"),
    "late": _state("#b3261e", "x", "x", "late"),
    "stopped": _state("#5b2a86", "hourglass", "-", "stopped"),
    "cancelled": _state("#4b5563", "line-ew", "|", "cancelled"),
    "unscheduled": _state("#86909c", "circle-dot", "+", "unscheduled"),
    # done, date unknown: a "done" whose day no source gives (a later step shows it happened)
    "done_undated": _state("#0f6e38", "diamond", "\\", "done_undated"),
    # a planned day passed with no sourced actual: a gap in the record, not a delay (never red)
    "not_recorded": _state("#2217ce", "star", ".", "not_recorded"),
}
UNKNOWN_STATE = StateStyle("#6b7280", "square-open", "+", "")


def state_style(state: str) -> StateStyle:
    """The row of :data:`STATE_STYLES` for ``state`` (an unknown state gets a neutral style)."""
    return STATE_STYLES.get(state, UNKNOWN_STATE)


COUNT_STEP_MAX = 10  # a count axis up to this shows every whole number


def count_ticks(top: float) -> dict:
    """Axis settings for a count (milestones, partners): a tick at every whole number up to
    ``COUNT_STEP_MAX`` (no "0.5 milestones"), plotly's own whole-number steps (2, 5, 10, 20 …)
    above it. A tick per unit on an axis up to 125 drew 125 labels and grid lines: 0.3 s of the
    portfolio page with the large data, for a scale nobody can read."""
    return {"dtick": 1} if top <= COUNT_STEP_MAX else {"tickformat": ",d"}


def bar_marker(colour: str, pattern: str = "") -> dict:
    """A bar's ``marker``: its colour with a white pattern laid over it (none when ``pattern`` is
    empty), so that stacked categories also differ in texture."""
    marker: dict = {"color": colour}
    if pattern:
        marker["pattern"] = {
            "shape": pattern,
            "fillmode": "overlay",
            "fgcolor": WHITE,
            "solidity": 0.3,
        }
    return marker


def state_marker(state: str) -> dict:
    style = state_style(state)
    return bar_marker(style.colour, style.pattern)


def band_marker(state: str, opacity: float) -> dict:
    """A translucent band (slip, stop) hatched in the state's colour and pattern."""
    style = state_style(state)
    return {
        "color": style.colour,
        "opacity": opacity,
        "pattern": {"shape": style.pattern, "solidity": 0.4},
    }


STATE_COLOURS = {state: style.colour for state, style in STATE_STYLES.items()}
SEQUENCE = ["#1f4e9c", "#c25e00", "#008577", "#b04a9a", "#5f6b78", "#0f7fa8", "#7a5c00", "#b3261e"]
PLAN_COLOUR = "#86909c"  # planned / baseline marks: 3.2:1 on white
ACTUAL_COLOUR = "#1f4e9c"

# Export sizes in CSS pixels (kaleido scales them): a 16:9 slide and an A4 page's text width.
SLIDE_SIZE = (1280, 720)
A4_SIZE = (1000, 620)
# The chart area of a briefing slide (below the slide's headline) and of a half A4 page.
SLIDE_CHART_SIZE = (1200, 560)
REPORT_CHART_SIZE = (1000, 540)
# PNG downloads are rendered at this multiple of the CSS size: 1000 px x 2 = 2000 px, about 300 dpi
# across the 17 cm text width of an A4 page.
PRINT_SCALE = 2

# Type sizes (px) per target: the screen, a slide seen from the back of a meeting room, a printed page.
TYPE_SIZES = {
    "screen": {"base": 13, "title": 20, "footer": 11},
    "slide": {"base": 17, "title": 26, "footer": 14},
    "a4": {"base": 13, "title": 19, "footer": 11},
}
_AXIS_ROOM = 52  # px under the plot area kept for tick labels before the footer starts
_FOOTER_WIDTH = 150  # footer line length in narrow-character units before it wraps


def display_width(text: str) -> int:
    """Korean (wide) characters count twice, so that wrapping and column widths work for both
    languages (labels on a map, slide text boxes, spreadsheet columns)."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def wrap_words(text: str, width: int) -> str:
    """``text`` broken between words into lines of at most ``width`` (:func:`display_width`;
    a longer word keeps a line of its own), joined with plotly's ``<br>``; a ``<br>`` already
    in the text stays a break."""
    lines = []
    for given in text.split("<br>"):
        line, used = "", 0
        for word in given.split(" "):
            size = display_width(word) + 1
            if line and used + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = (f"{line} {word}" if line else word), used + size
        lines.append(line)
    return "<br>".join(lines)


EMPTY_WIDTH = 56  # display width of a line of an empty chart's message: about 60 fit in 460 px


def _wrap_parts(parts: list[str], limit: int) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if lines and display_width(lines[-1]) + 3 + display_width(part) <= limit:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


def footer_lines(
    *, lang: str, as_of: dt.date, sources: list[str] | None = None, unit: str | None = None
) -> list[str]:
    parts = [i18n.t("common.as_of_stamp", lang, date=as_of.isoformat())]
    if unit:
        parts.append(i18n.t("theme.unit", lang, unit=unit))
    if sources:
        parts.append(i18n.t("common.source_line", lang, sources=", ".join(dict.fromkeys(sources))))
    return _wrap_parts(parts, _FOOTER_WIDTH)


def footer_text(
    *, lang: str, as_of: dt.date, sources: list[str] | None = None, unit: str | None = None
) -> str:
    return "<br>".join(footer_lines(lang=lang, as_of=as_of, sources=sources, unit=unit))


def _footer_geometry(fig: go.Figure, text: str, sizes: dict[str, int]) -> tuple[int, int]:
    """(bottom margin, footer y-shift) in px: the footer sits in the bottom margin, under the ticks.

    Anchored in pixels below the plot area rather than at a fraction of it, so that it neither
    collides with the axis on a short figure nor falls off the canvas of a tall export.
    """
    axis = _AXIS_ROOM + (sizes["base"] - 13) * 2
    if fig.data and all(trace.type in HIERARCHY_TYPES for trace in fig.data):
        axis = 10  # a treemap: no axis under it
    elif fig.layout.xaxis.title.text:
        axis += round(sizes["base"] * 1.8)
    lines = text.count("<br>") + 1
    line_height = round(sizes["footer"] * 1.35)
    return axis + lines * line_height + 10, -axis


def _register_template() -> None:
    """Make plotly_white the default once, at import: assigning a template to each figure deep-copies
    and re-validates it (about 70 ms a figure, most of a page's figure-building time)."""
    import plotly.io as pio

    pio.templates.default = "plotly_white"


_register_template()


# Plotly draws text through its own small markup: <b>, <i>, <br>, <sup> ... and <a href>, with
# javascript: links already refused. A name typed by a person could still carry an http(s) link
# that becomes clickable inside a chart, so "<a" in any text a chart shows is made literal.
_LINK_TAG = re.compile(r"<(/?a\b)", re.IGNORECASE)
_TEXT_PROPS = ("x", "y", "text", "hovertext", "customdata", "labels", "ids", "parents", "name")


def _inert(value):
    if isinstance(value, str):
        return _LINK_TAG.sub(r"&lt;\1", value) if "<" in value else value
    if isinstance(value, list | tuple) or getattr(value, "ndim", 0):
        items = [_inert(v) for v in value]
        return items
    return value


def _has_link(value) -> bool:
    if isinstance(value, str):
        return "<" in value and _LINK_TAG.search(value) is not None
    if getattr(getattr(value, "dtype", None), "kind", "O") in "biufcmM":
        return False  # an array of numbers or dates holds no text (a map's thousands of points)
    if isinstance(value, list | tuple) or getattr(value, "ndim", 0):
        for item in value:  # numbers skipped without a call each
            if item is not None and not isinstance(item, int | float) and _has_link(item):
                return True
    return False


def _merged(current, new: dict) -> dict:
    out = dict(current) if isinstance(current, dict) else {}
    for key, value in new.items():
        out[key] = _merged(out.get(key), value) if isinstance(value, dict) else value
    return out


def unchecked(data: list[dict] | None = None, layout: dict | None = None) -> go.Figure:
    """A figure that takes its traces (as dicts, here or by ``add_trace``) and layout without
    plotly checking each property one by one: most of the build time of a chart of many bars.
    Every catalogued chart is checked whole by the test suite (tests/test_title_room.py)."""
    return go.Figure(data=data, layout=layout, _validate=False)


def set_layout(fig: go.Figure, **props) -> go.Figure:
    """``fig.update_layout(**props)`` for props given as nested dicts (no ``a_b`` shorthand): a
    dict is merged into what the layout already holds there, anything else replaces it. Each
    property is validated once as a whole, without the path-by-path relayout of
    ``update_layout`` (which costs 6 of the 8 ms that theming a chart took)."""
    current = _set(fig.layout)
    for key, value in props.items():
        fig.layout[key] = _merged(current.get(key), value) if isinstance(value, dict) else value
    return fig


def inert_links(fig: go.Figure) -> go.Figure:
    """Make ``<a ...>`` in trace texts and categories, and in annotations, literal text."""
    for trace in fig.data:
        props = _set(trace)
        for prop in _TEXT_PROPS:
            if _has_link(props.get(prop)):
                trace[prop] = _inert(props[prop])
    for annotation in fig.layout.annotations:  # its text, and its position on a category axis
        props = _set(annotation)
        for prop in ("text", "x", "y"):
            if _has_link(props.get(prop)):
                annotation[prop] = _inert(props[prop])
    layout = _set(fig.layout)
    for name in [n for n in layout if n.startswith(("xaxis", "yaxis"))]:
        axis = layout[name]  # categories in the order a builder asked for
        for prop in ("categoryarray", "ticktext"):
            if _has_link(axis.get(prop)):
                fig.layout[name][prop] = _inert(axis[prop])
    return fig


# px a chart is drawn at in a 1,400 px window: half a row (two charts side by side) or a whole one
HALF_ROW, FULL_ROW = 462, 940
_LEGEND_ABOVE = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0}


def apply(
    fig: go.Figure,
    *,
    title: str,
    lang: str,
    as_of: dt.date,
    unit: str | None = None,
    sources: list[str] | None = None,
    subtitle: str | None = None,
    width: int = FULL_ROW,
) -> go.Figure:
    """Title, fonts, colours, the legend above the plot (unless set beside it) and the
    as-of/unit/source footer, inside the figure; ``width`` is the chart's width on the page
    (``HALF_ROW`` for two to a row), which the title's and the footer's lines keep to
    (:func:`fit_footer`)."""
    sizes = TYPE_SIZES["screen"]
    inert_links(fig)
    footer = _inert(footer_text(lang=lang, as_of=as_of, sources=sources, unit=unit))
    bottom, shift = _footer_geometry(fig, footer, sizes)
    if (_set(fig.layout).get("legend") or {}).get("orientation") != "v":  # else set aside
        set_layout(fig, legend=_LEGEND_ABOVE)
    margin = label_room(fig, sizes["base"])
    title_text, top = title_room(fig, _inert(title), _inert(subtitle or ""), width, margin, sizes)
    set_layout(
        fig,
        title={"text": title_text, "x": 0.01, "xanchor": "left", "font": {"size": sizes["title"]}},
        font={"family": FONT_FAMILY, "size": sizes["base"], "color": INK},
        colorway=SEQUENCE,
        margin={**margin, "t": _title_margin(top, subtitle or ""), "b": bottom},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        # the title, subtitle and footer as given: an export breaks them anew for its width
        meta={"title": _inert(title), "subtitle": _inert(subtitle or ""), "footer": footer},
    )
    if top:
        hang_title(fig, top)
    fig.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=shift,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": sizes["footer"], "color": MUTED_INK},
        name="footer",
    )
    return room.date_ticks(room.bar_values(fit_footer(fig, width), width, sizes["base"]), lang)


def fit_footer(fig: go.Figure, width: int) -> go.Figure:
    """Break the as-of/unit/source footer into lines that fit a chart ``width`` px wide on the
    page, so that no source is cut off: the footer starts at the plot's left edge, so a line has
    the width less the left margin, measured at the footer's type size."""
    fits = _footer_room(width, _set(fig.layout).get("margin") or {})
    for note in fig.layout.annotations:
        if note.name != "footer":
            continue
        text = _footer_lines(note.text, TYPE_SIZES["screen"]["footer"], fits)
        if text != note.text:  # 16 px more bottom margin a line more
            added = text.count("<br>") - note.text.count("<br>")
            note.text = text
            set_layout(fig, margin={"b": (fig.layout.margin.b or 90) + 16 * added})
    return fig


def _footer_room(width: int, margin: dict) -> float:
    """Px a footer line has in a figure ``width`` px wide: it starts at the plot's left edge."""
    return width - (margin.get("l") or 60) - 8


def _footer_lines(text: str, size: float, fits: float) -> str:
    """The footer ``text`` as it is where it fits in ``fits`` px at ``size``, else in lines that
    do: a break is a place to break again, between the theme's parts (" · ") or after the "·"
    or "," a line of an earlier fit ends with."""
    if text_width(text, size) <= fits:
        return text
    lines, line = [], ""
    joined = re.sub(r"(?<=[·,])<br>", " ", text).replace("<br>", " · ")
    parts = joined.replace(" · ", " ·\n").replace(", ", ",\n")
    for piece in parts.split("\n"):
        if line and text_width(line + piece, size) > fits:
            lines.append(line.rstrip())
            line = ""
        line += piece + " "
    lines.append(line.rstrip())
    return "<br>".join(lines)


def lower_footer(fig: go.Figure, px: int) -> go.Figure:
    """The footer ``px`` lower, under tick labels that take more room than the theme keeps for
    an axis (names turned upright), with the bottom margin grown to hold it."""
    for note in fig.layout.annotations:
        if note.name == "footer":
            note.yshift = (note.yshift or 0) - px
    return set_layout(fig, margin={"b": (fig.layout.margin.b or 0) + px})


SCREEN_HEIGHT = 450  # px: how tall Streamlit draws a figure that sets no height


def hang_title(fig: go.Figure, top: int) -> go.Figure:
    """A title of several lines hung from the top, over a ``top`` px margin. Plotly places a title
    by its first line and runs the others down from there, so in its default place (the middle of
    the top margin) a title of three lines or more runs over the plot. Hung instead: the first
    line 26 px down, each next one 26 px lower."""
    height = _set(fig.layout).get("height") or SCREEN_HEIGHT
    return set_layout(
        fig,
        margin={"t": top},
        title={"yref": "container", "y": 1 - TITLE_LINE / height, "yanchor": "middle"},
    )


def _titled(fig: go.Figure, layout: dict, margin: dict, size: tuple[int, int], sizes: dict) -> dict:
    """For an export ``size`` px: the title :func:`apply` wrote, broken anew into lines of the
    export's width at its type sizes (a title broken for half a row on the page takes one line
    of a slide), hung from the top where it needs to be, and the top margin under it. Empty for
    a title placed otherwise after ``apply`` (kept as it is)."""
    given, title = layout.get("meta") or {}, layout.get("title") or {}
    if "title" not in given or title.get("yanchor") not in (None, "middle"):
        return {}
    text, top = title_room(fig, given["title"], given["subtitle"], size[0], margin, sizes)
    place = {k: v for k, v in title.items() if k not in ("y", "yref", "yanchor")}
    if top:
        place.update(yref="container", y=1 - title_line(sizes) / size[1], yanchor="middle")
    return {"title": {**place, "text": text}, "t": _title_margin(top, given["subtitle"])}


def _title_margin(top: int, subtitle: str) -> int:
    """The top margin: ``top`` for a title hung from the top (:func:`room.title_room`), else
    room for plotly to place a title of one line, with its subtitle when there is one."""
    return top or (80 if subtitle else 64)


def export_spec(fig: go.Figure, *, target: str = "a4", size: tuple[int, int] | None = None) -> dict:
    """A themed figure sized and lettered for a slide or a printed page, as a plain figure dict
    (no re-validation: what the renderer takes; :func:`for_export` as a figure).

    The same figure the page shows, with only its canvas size, type sizes and the lines of its
    title and footer changed, so that an exported image carries exactly the numbers on screen."""
    if target not in TYPE_SIZES:
        raise ValueError(f"Unknown export target {target!r}; expected one of {sorted(TYPE_SIZES)}")
    sizes = TYPE_SIZES[target]
    width, height = size or (SLIDE_SIZE if target == "slide" else A4_SIZE)
    spec = fig.to_plotly_json()
    layout = dict(spec.get("layout", {}))
    layout.update(width=width, height=height)
    layout["font"] = {**layout.get("font", {}), "size": sizes["base"]}
    margin = _with_room(layout.get("margin", {}), label_room(fig, sizes["base"]))
    titled = _titled(fig, layout, margin, (width, height), sizes)
    title = titled.get("title") or dict(layout.get("title", {}))
    title["font"] = {**title.get("font", {}), "size": sizes["title"]}
    layout["title"] = title
    if titled:
        margin["t"] = titled["t"]
    annotations = []
    for annotation in layout.get("annotations", []):
        annotation = dict(annotation)
        if annotation.get("name") == "footer":
            annotation["font"] = {**annotation.get("font", {}), "size": sizes["footer"]}
            given = (layout.get("meta") or {}).get("footer")
            if given is not None:  # in lines of the export's width, not the page's
                fits = _footer_room(width, margin)
                annotation["text"] = _footer_lines(given, sizes["footer"], fits)
            bottom, shift = _footer_geometry(fig, annotation.get("text") or "", sizes)
            annotation["yshift"] = shift
            margin["b"] = max(bottom, margin.get("b") or 0)
        annotations.append(annotation)
    layout["annotations"] = annotations
    layout["margin"] = margin
    return {"data": spec.get("data", []), "layout": layout}


def for_export(
    fig: go.Figure, *, target: str = "a4", size: tuple[int, int] | None = None
) -> go.Figure:
    """A copy of a themed figure sized and lettered for a slide or a printed page
    (:func:`export_spec`); the page's figure is not changed."""
    return go.Figure(export_spec(fig, target=target, size=size))


def _with_room(margin: dict, needed: dict[str, int]) -> dict:
    """``margin`` widened, never narrowed, to ``needed`` (:func:`label_room` at an export's size)."""
    return {**margin, **{side: max(px, margin.get(side) or 0) for side, px in needed.items()}}


def empty_figure(
    message: str,
    *,
    title: str,
    lang: str,
    as_of: dt.date,
    width: int = FULL_ROW,
    subtitle: str | None = None,
) -> go.Figure:
    """A figure that says why it has nothing to show (never a blank axis), ``width`` px wide on
    the page (:func:`apply`)."""
    fig = go.Figure()
    fig.add_annotation(
        text=wrap_words(message, EMPTY_WIDTH),  # a line would run off a half-width chart
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15},
        name="empty_message",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply(fig, title=title, lang=lang, as_of=as_of, width=width, subtitle=subtitle)

"""Provinces coloured by a measure (their AI programme envelopes on the map page's national view,
or any per-region figure on the portfolio), with each name and value as a label and a tooltip,
drawn as a plotly figure of SVG polygons: no WebGL to draw without a GPU (the deck it replaced
took 2.3 s of the portfolio page's 3.7 s), and it exports like any other chart."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import frames, i18n, money, theme
from ..catalog import ChartResult
from .boundaries import _feature_name, _ring_area, _rings, label_point, load_boundaries
from .view import envelope_table

NO_PROGRAMME_FILL = [225, 228, 232, 200]

ENVELOPE_LOW = (219, 233, 246)

ENVELOPE_HIGH = (8, 48, 107)


def envelope_colour(won: float | None, low: float, high: float) -> list[int]:
    """Sequential blue on a log scale between the smallest and the largest envelope."""
    if won is None or (isinstance(won, float) and math.isnan(won)) or won <= 0:
        return list(NO_PROGRAMME_FILL)
    if high <= low:
        share = 1.0
    else:
        share = (math.log10(won) - math.log10(low)) / (math.log10(high) - math.log10(low))
    share = min(1.0, max(0.0, share))
    rgb = [round(a + (b - a) * share) for a, b in zip(ENVELOPE_LOW, ENVELOPE_HIGH, strict=True)]
    return [*rgb, 230]


def national_map(
    envelopes: pd.DataFrame, boundaries: str, *, lang: str, unit: str, as_of: dt.date
) -> ChartResult:
    """The provinces in the file ``boundaries`` coloured by the sum of their AI programme
    envelopes (``region_envelopes``), on a log scale, labelled with the sum ("about" where an
    estimate is in it); a region whose programmes have no known envelope is grey and says so on
    hover."""
    rows = []
    for r in frames.records(envelopes):
        won = float(r["envelope_won"]) if r["envelope_won"] else None
        if won:
            amount = money.format_krw(int(won), unit, lang, approximate=bool(r["has_estimate"]))
            detail = i18n.t("map.tooltip.envelope", lang, amount=amount, count=r["initiatives"])
        else:
            amount = detail = i18n.t("map.tooltip.unpriced", lang, count=r["initiatives"])
        rows.append({"kostat_code": str(r["kostat_code"]), "value": won, "text": amount,
                     "detail": detail})  # fmt: skip
    values = pd.DataFrame(rows, columns=["kostat_code", "value", "text", "detail"])
    title = i18n.t("map.view.national", lang)
    figure = measure_figure(
        values,
        load_boundaries(boundaries),
        lang=lang,
        as_of=as_of,
        title=title,
        scale=money.unit_label(unit, lang),
        log=True,
    )
    return ChartResult(
        figure=figure,
        data=envelope_table(envelopes, lang=lang, unit=unit),
        title=title,
        takeaway=i18n.t("map.national_caption", lang),
        is_empty=values["value"].isna().all(),
    )


def measure_colour(value: float | None, low: float, high: float) -> list[int]:
    """Sequential blue on a linear scale from ``low`` (light) to ``high`` (dark)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return list(NO_PROGRAMME_FILL)
    share = 1.0 if high <= low else (value - low) / (high - low)
    share = min(1.0, max(0.0, share))
    rgb = [round(a + (b - a) * share) for a, b in zip(ENVELOPE_LOW, ENVELOPE_HIGH, strict=True)]
    return [*rgb, 230]


def _rgb(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


def _rgba(colour: list[int]) -> str:
    red, green, blue, alpha = colour
    return f"rgba({red},{green},{blue},{alpha / 255:.2f})"


def measure_figure(
    values: pd.DataFrame,
    provinces: dict,
    *,
    lang: str,
    as_of: dt.date,
    title: str,
    scale: str,
    subtitle: str | None = None,
    log: bool = False,
) -> go.Figure:
    """Provinces coloured by any per-region measure, as filled SVG polygons with white borders,
    labels, hover text and a colour bar from ``scale`` (what the colours measure) low to high.
    ``values`` holds ``kostat_code``, ``value`` and ``text`` (the value as people read it);
    regions without a value stay grey and unlabelled; ``subtitle`` says why when none has one.
    An optional ``detail`` column is the hover text instead of ``text``; ``log`` colours on a log
    scale (for sums of money where one region holds ten times another).

    Enclosing provinces are drawn first, so a city inside one (Seoul in Gyeonggi) lies on top.
    """
    known = values[values["value"].notna()]
    low, high = (float(known["value"].min()), float(known["value"].max())) if len(known) else (0, 1)
    colour = envelope_colour if log else measure_colour

    def scale_at(value: float) -> float:
        return math.log10(value) if log and value > 0 else value

    by_code = {str(r["kostat_code"]): r for r in frames.records(values)}
    outlines = _outlines(provinces, lang)
    traces, labels, centres = [], [], []
    for outline in outlines:
        area, code, name = outline.area, outline.code, outline.name
        row = by_code.get(code)
        value = None if row is None or pd.isna(row["value"]) else float(row["value"])
        if row is None:
            detail = i18n.t("map.tooltip.no_programme", lang)
        else:
            detail = row["detail"] if row.get("detail") else row["text"]
        traces.append(
            dict(
                type="scatter",
                x=outline.xs,
                y=outline.ys,
                mode="lines",
                fill="toself",
                fillcolor=_rgba(colour(value, low, high)),
                line={"color": "white", "width": 1},
                name=f"{name}: {detail}",
                hoveron="fills",
                hoverinfo="name",
                showlegend=False,
            )
        )
        lon, lat = outline.label
        centres.append((lon, lat))
        if value is not None:
            labels.append({"lon": lon, "lat": lat, "text": f"<b>{name}</b><br>{row['text']}",
                           "plain": [name, str(row["text"])], "area": area})  # fmt: skip
    traces.append(  # the colour bar: two invisible points at the lowest and highest value
        dict(
            type="scatter",
            x=[centres[0][0]] * 2 if centres else [0, 0],
            y=[centres[0][1]] * 2 if centres else [0, 0],
            mode="markers",
            marker={
                "size": 0.1,
                "opacity": 0,
                "color": [scale_at(low), scale_at(high)],
                "colorscale": [[0, _rgb(ENVELOPE_LOW)], [1, _rgb(ENVELOPE_HIGH)]],
                "showscale": len(known) > 0,
                "colorbar": {  # across the sea south-east of the map: the map keeps the width
                    "title": {"text": scale, "side": "top"},
                    "tickvals": [scale_at(low), scale_at(high)],
                    "ticktext": [_text_at(known, low), _text_at(known, high)],
                    "orientation": "h",
                    "x": 0.9,
                    "xanchor": "right",
                    "y": 0.02,
                    "yanchor": "bottom",
                    "thickness": 10,
                    "len": 0.4,
                },
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    mid_lat = sum(lat for _, lat in centres) / len(centres) if centres else 36.0
    # At once, and unchecked (theme.unchecked): each add_trace checks every trace added before
    # it again, and checking the 18 traces' properties one by one took 44 of the figure's 63 ms
    # (plotly checks the figure whole in tests/test_portfolio.py)
    fig = theme.unchecked(
        data=traces,
        layout={
            "xaxis": {"visible": False},
            "yaxis": {"visible": False, "scaleanchor": "x",
                      "scaleratio": 1 / math.cos(math.radians(mid_lat))},
            "height": 640, "plot_bgcolor": "white", "hovermode": "closest",
        },
    )  # fmt: skip
    _label_regions(fig, labels, outlines)
    return theme.apply(
        fig,
        title=title,
        subtitle=subtitle,
        lang=lang,
        as_of=as_of,
        sources=[i18n.t("map.attribution", lang)],
    )


@dataclass(frozen=True)
class Outline:
    """One province as drawn: its rings as coordinate arrays (a gap between two rings), its area
    and where its label goes. The same for every figure on the same boundaries."""

    area: float
    code: str
    name: str
    rings: list
    xs: np.ndarray
    ys: np.ndarray
    label: tuple[float, float]


_OUTLINES: dict[tuple[int, str], tuple[dict, list[Outline]]] = {}


def _outlines(provinces: dict, lang: str) -> list[Outline]:
    """The provinces of a loaded boundary file, largest first (so a city inside a province lies
    on top), worked out once per file and language: the file is loaded once and kept
    (``load_boundaries``), so its outlines are too. Coordinates go to plotly as arrays, which it
    takes without checking each of the thousands of points a list would make it check."""
    kept = _OUTLINES.get((id(provinces), lang))
    if kept is not None and kept[0] is provinces:
        return kept[1]
    outlines = []
    for feature in provinces["features"]:
        props = feature.get("properties") or {}
        rings = _rings(feature["geometry"])
        xs: list[float] = []
        ys: list[float] = []
        for ring in rings:  # NaN between rings: plotly lifts the pen there, as for None
            xs += [round(p[0], 4) for p in ring] + [math.nan]
            ys += [round(p[1], 4) for p in ring] + [math.nan]
        largest = max(rings, key=_ring_area)
        outlines.append(
            Outline(
                area=sum(_ring_area(r) for r in rings),
                code=str(props.get("code") or ""),
                name=_feature_name(props, lang),
                rings=rings,
                xs=np.array(xs),
                ys=np.array(ys),
                label=label_point({"type": "Polygon", "coordinates": [largest]}),
            )
        )
    outlines.sort(key=lambda o: -o.area)
    if len(_OUTLINES) >= 16:  # a few boundary files and two languages at most, in practice
        _OUTLINES.clear()
    _OUTLINES[(id(provinces), lang)] = (provinces, outlines)
    return outlines


SMALL_REGION = 0.08  # of the largest region's area: a city whose label is drawn beside the map
CALLOUT_GAP = 0.4  # degrees of latitude between two labels beside the map (two lines of text)


def _label_regions(fig: go.Figure, labels: list[dict], outlines: list[Outline]) -> None:
    """Each label at its region's centre; those of small regions (cities) in a column beside the
    map, west or east of the regions' middle, in north-to-south order, with a line to the city."""
    largest = max((o.area for o in outlines), default=0.0)
    xs = [x for o in outlines for ring in o.rings for x, *_ in ring]
    middle = sum(label["lon"] for label in labels) / len(labels) if labels else 0.0
    halo = "1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white"
    font = {"size": 11, "color": "#141414", "shadow": halo}
    west, east, placed, annotations = [], [], [], []
    ys = [y for o in outlines for ring in o.rings for _, y, *_ in ring]
    # the map fills the plot's height (about 510 px of 640): degrees of latitude per pixel
    per_px = (max(ys) - min(ys)) / 510 if ys else 0.01
    stretch = 1 / math.cos(math.radians((max(ys) + min(ys)) / 2)) if ys else 1.0
    for label in sorted(labels, key=lambda item: -item["area"]):
        if label["area"] < SMALL_REGION * largest:
            (west if label["lon"] < middle else east).append(label)
            continue
        lines = label["plain"]
        half_w = max(theme.display_width(line) for line in lines) * 3.1 * per_px * stretch
        half_h = 8 * len(lines) * per_px
        for shift in (0, -0.6, 0.6, -1.2, 1.2):  # of the label's height: below, then above
            y = label["lat"] + shift * 2 * half_h
            box = (label["lon"] - half_w, y - half_h, label["lon"] + half_w, y + half_h)
            if not any(_overlap(box, other) for other in placed):
                break
        else:
            y, box = label["lat"], (label["lon"], label["lat"], label["lon"], label["lat"])
        placed.append(box)
        annotations.append(
            {"x": label["lon"], "y": y, "text": label["text"], "showarrow": False, "font": font}
        )
    for side, column, anchor in ((west, min(xs, default=0) + 0.3, "right"),
                                 (east, max(xs, default=0) - 1.4, "left")):  # fmt: skip
        previous = None
        for label in sorted(side, key=lambda item: -item["lat"]):
            y = label["lat"] if previous is None else min(label["lat"], previous - CALLOUT_GAP)
            previous = y
            annotations.append({
                "x": label["lon"], "y": label["lat"], "ax": column, "ay": y, "axref": "x",
                "ayref": "y", "text": label["text"], "showarrow": True, "arrowhead": 0,
                "arrowwidth": 1, "arrowcolor": "#52606d", "xanchor": anchor, "font": font,
                "standoff": 2,
            })  # fmt: skip
    # at once: each add_annotation validates every annotation added before it again
    fig.update_layout(annotations=[*fig.layout.annotations, *annotations])


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text_at(known: pd.DataFrame, value: float) -> str:
    return str(known.loc[known["value"] == value, "text"].iloc[0]) if len(known) else ""

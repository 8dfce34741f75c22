"""The site map's 2D view as a plotly figure of SVG shapes: district outlines and names, site
outlines, the dashed circle of every approximate location, a point per site and centre (filled
where exact, hollow where approximate) with its name beside it, a tooltip and a click.

Without a GPU the browser draws WebGL in software: the deck this view replaces took 3.1 s to
draw on a 2-core machine, most of it compiling shaders. SVG needs none, and the figure exports
like every other chart. The 3D investment columns and basemap tiles stay on the deck
(:func:`tracker.maps.decks.site_deck`), one toggle away.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import plotly.graph_objects as go

from .. import frames, i18n, theme
from ..catalog import ChartResult
from .boundaries import _feature_name, bounds, label_point, load_boundaries, outline
from .decks import KIND_COLOURS, circle_path, label_offsets
from .view import investment_text, kind_label, location_note, place_table, placed

DISTRICT_FILL = "rgba(241,243,246,1)"  # land: a light grey under the sites, white around it
DISTRICT_LINE = "rgb(120,130,145)"
DISTRICT_INK = "rgb(90,100,115)"
SITE_FILL = "rgba(31,78,156,0.27)"
SITE_LINE = "rgb(31,78,156)"
ACCURACY_LINE = "rgba(82,96,109,0.8)"
HALO = "1px 1px 2px white, -1px -1px 2px white, 1px -1px 2px white, -1px 1px 2px white"
POINT_SIZE = 14
HEIGHT = 640
UNSELECTED = 0.6  # the other points, once one is clicked: faded, still legible

KOREA_BOX = (125.0, 33.0, 130.0, 38.7)  # lon, lat: the view when nothing can be placed
MIN_SPAN = 0.02  # degrees: a single site is shown with about 2 km around it


def _rgb(colour: list[int]) -> str:
    return "rgb({},{},{})".format(*colour[:3])


def _lines(rings: list[list[list[float]]]) -> tuple[list, list]:
    """Rings as one x and one y list, separated by ``None`` (one trace draws them all)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        xs += [round(p[0], 5) for p in ring] + [None]
        ys += [round(p[1], 5) for p in ring] + [None]
    return xs[:-1], ys[:-1]


def _view_box(points: pd.DataFrame, districts: list[dict]) -> tuple[float, float, float, float]:
    """(west, south, east, north): the places with a margin of half their span (at least
    ``MIN_SPAN``), so that the districts around them show; else the districts; else the whole
    country."""
    if len(points):
        west, east = float(points["lon"].min()), float(points["lon"].max())
        south, north = float(points["lat"].min()), float(points["lat"].max())
    elif districts:
        west, south, east, north = bounds({"features": districts})
    else:
        return KOREA_BOX
    pad = max(east - west, north - south, MIN_SPAN) / 2
    return west - pad, south - pad, east + pad, north + pad


def site_map(
    frame: pd.DataFrame,
    boundaries: str | None,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
    title: str,
    region_code: str | None = None,
) -> ChartResult:
    """The programme's places (``maps.reads.places``) over the districts of ``region_code`` in
    the file ``boundaries`` (none drawn when it is ``None``).

    Every point carries its place's key as ``customdata``: a click on it selects the place.
    Districts hover with their name; places with their name, kind, investment and how exact
    their location is.
    """
    points = placed(frame)
    fig = go.Figure()
    districts = []
    if boundaries is not None:
        districts = [
            f
            for f in load_boundaries(boundaries)["features"]
            if not region_code
            or str((f.get("properties") or {}).get("code", "")).startswith(region_code)
        ]
    for feature in districts:
        name = _feature_name(feature.get("properties") or {}, lang)
        xs, ys = _lines(outline(feature["geometry"])["coordinates"])
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself", fillcolor=DISTRICT_FILL,
                line={"color": DISTRICT_LINE, "width": 1}, name=name, hoveron="fills",
                hoverinfo="name", showlegend=False,
            )
        )  # fmt: skip
    if districts:
        centres = [label_point(f["geometry"]) for f in districts]
        fig.add_trace(
            go.Scatter(
                x=[c[0] for c in centres], y=[c[1] for c in centres], mode="text",
                text=[_feature_name(f.get("properties") or {}, lang) for f in districts],
                textfont={"size": 14, "color": DISTRICT_INK}, hoverinfo="skip", showlegend=False,
                name="districts", unselected={"textfont": {"color": DISTRICT_INK}},
            )
        )  # fmt: skip
    rows = frames.records(points)
    for approximate in (False, True):  # a site's own outline: filled where it is exact
        rings = [
            ring
            for r in rows
            if r.get("polygon_geojson") and bool(r["is_approximate"]) == approximate
            for ring in outline(json.loads(r["polygon_geojson"]))["coordinates"]
        ]
        if rings:
            xs, ys = _lines(rings)
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="lines", fill=None if approximate else "toself",
                    fillcolor=SITE_FILL, line={"color": SITE_LINE, "width": 2,
                                               "dash": "dot" if approximate else "solid"},
                    hoverinfo="skip", showlegend=False, name="site outlines",
                )
            )  # fmt: skip
    spots = {
        (r["lat"], r["lon"], float(r["accuracy_m"]))
        for r in rows
        if r["is_approximate"] and r.get("accuracy_m") and not pd.isna(r["accuracy_m"])
    }
    if spots:  # one dashed circle per spot (places at the same spot share theirs)
        xs, ys = _lines([circle_path(*spot) for spot in sorted(spots)])
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", line={"color": ACCURACY_LINE, "width": 1.5, "dash": "dash"},
                hoverinfo="skip", showlegend=False, name="accuracy",
            )
        )  # fmt: skip
    for kind in dict.fromkeys(r["kind"] for r in rows):  # one trace per kind: the legend
        of_kind = [r for r in rows if r["kind"] == kind]
        colour = _rgb(KIND_COLOURS.get(kind, KIND_COLOURS["other"]))
        fig.add_trace(
            go.Scatter(
                x=[r["lon"] for r in of_kind],
                y=[r["lat"] for r in of_kind],
                mode="markers",
                name=kind_label(kind, lang),
                customdata=[r["key"] for r in of_kind],
                hovertext=[_hover(r, lang, unit) for r in of_kind],
                hoverinfo="text",
                unselected={"marker": {"opacity": UNSELECTED}},  # plotly's own fade: 0.2
                marker={  # exact: filled, thin white rim; approximate: white, thick ring
                    "size": POINT_SIZE,
                    "color": ["white" if r["is_approximate"] else colour for r in of_kind],
                    "line": {
                        "color": [colour if r["is_approximate"] else "white" for r in of_kind],
                        "width": [3 if r["is_approximate"] else 1 for r in of_kind],
                    },
                },
            )
        )
    for r, (_, dy) in zip(rows, label_offsets(rows), strict=True):
        fig.add_annotation(
            x=r["lon"], y=r["lat"], yshift=-dy, text=f"<b>{i18n.pick(r, 'name', lang)}</b>",
            showarrow=False, font={"size": 13, "color": theme.INK, "shadow": HALO},
            name="place",
        )  # fmt: skip
    west, south, east, north = _view_box(points, districts)
    stretch = 1 / math.cos(math.radians((south + north) / 2))
    fig.update_xaxes(visible=False, range=[west, east])
    fig.update_yaxes(visible=False, range=[south, north], scaleanchor="x", scaleratio=stretch)
    fig.update_layout(height=HEIGHT, plot_bgcolor="white", hovermode="closest", dragmode="pan")
    fig = theme.apply(
        fig,
        title=title,
        lang=lang,
        as_of=as_of,
        sources=[i18n.t("map.attribution", lang)] if districts else None,
    )
    fig.update_layout(margin={"l": 10, "r": 10})  # a map needs no room for axis labels
    unplaced = len(frame) - len(points)
    return ChartResult(
        figure=fig,
        data=place_table(frame, lang=lang, unit=unit),
        title=title,
        takeaway=i18n.t(
            "map.takeaway",
            lang,
            placed=len(points),
            approximate=int(points["is_approximate"].astype(bool).sum()) if len(points) else 0,
            unplaced=unplaced,
        ),
        is_empty=points.empty,
    )


def _hover(row: dict, lang: str, unit: str) -> str:
    parts = [f"<b>{i18n.pick(row, 'name', lang)}</b>", kind_label(row["kind"], lang)]
    invest = investment_text(row, lang, unit)
    if invest:
        parts.append(invest)
    parts.append(location_note(row, lang))
    return "<br>".join(parts)

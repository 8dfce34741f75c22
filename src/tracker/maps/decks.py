"""Map decks: pure builders (frames in, ``pdk.Deck`` out), offline.

The decks need no internet: without tiles the deck has no map provider at all
(``map_provider=None`` with pydeck's default style sentinel; note that ``map_style=None`` makes
Streamlit fetch a Carto basemap). Tiles are an option for networks with internet access.
"""

from __future__ import annotations

import json
import math
from html import escape

import pandas as pd
import pydeck as pdk

from .. import frames, i18n, money
from .boundaries import (
    boundary_layer_data,
    bounds,
    label_point,
    outline,
)
from .view import investment_text, kind_label, location_note

FONT_FAMILY = '"Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, sans-serif"'

KIND_COLOURS: dict[str, list[int]] = {
    "cluster": [31, 78, 156],
    "data_centre": [224, 123, 36],
    "building": [140, 107, 177],
    "university": [23, 190, 207],
    "government": [82, 96, 109],
    "office": [47, 158, 87],
    "other": [127, 127, 127],
    "centre": [47, 158, 87],
}

BOUNDARY_LINE = [120, 130, 145, 255]

METRES_PER_EOK = 1.0  # column height: 1 m per 억원 (the cluster's 4,300억원 is 4.3 km tall)

# Labels are drawn with a white halo (a signed-distance-field outline) rather than on white
# boxes: the boxes are a layer and a shader of their own, 0.3-0.5 s of the browser's time without
# a GPU; the halo is drawn by the text's own shader and reads the same over lines and fills.
LABEL_HALO = {
    "font_settings": {"sdf": True, "fontSize": 48, "buffer": 8, "radius": 12},
    "outline_width": 4,
    "outline_color": [255, 255, 255, 235],
}

ON_TOP = {"depthCompare": "always"}  # labels stay readable in front of the 3D columns

KOREA_VIEW = {"latitude": 35.9, "longitude": 127.8, "zoom": 6.2}

# --- decks -------------------------------------------------------------------------------------


def _deck(layers: list, view: pdk.ViewState, tooltip: dict, *, tiles: bool) -> pdk.Deck:
    if tiles:
        return pdk.Deck(
            layers=layers,
            initial_view_state=view,
            tooltip=tooltip,
            map_provider="carto",
            map_style="light",
        )
    # No provider and pydeck's default style sentinel: Streamlit then draws no basemap at all.
    return pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)


def _tooltip() -> dict:
    """deck.gl puts the tooltip's fields into HTML: every ``name``/``detail`` value is escaped
    where the record is made (names and notes are typed by people)."""
    return {
        "html": "<b>{name}</b><br/>{detail}",
        "style": {
            "fontFamily": "Noto Sans CJK KR, sans-serif",
            "backgroundColor": "#1f2933",
            "color": "white",
            "fontSize": "13px",
        },
    }


def circle_path(lat: float, lon: float, radius_m: float, steps: int = 64) -> list[list[float]]:
    """A closed ring of ``radius_m`` around a point, as [lon, lat] pairs (for dashed outlines)."""
    dlat = radius_m / 111_320.0
    dlon = radius_m / (111_320.0 * math.cos(math.radians(lat)))
    ring = [
        [
            lon + dlon * math.cos(2 * math.pi * k / steps),
            lat + dlat * math.sin(2 * math.pi * k / steps),
        ]
        for k in range(steps)
    ]
    return [*ring, ring[0]]


LABEL_GROUP_M = 1_200  # labels of places closer than this are arranged so that they do not overlap


def _distance_m(a: dict, b: dict) -> float:
    dlat = (a["lat"] - b["lat"]) * 111_320.0
    dlon = (a["lon"] - b["lon"]) * 111_320.0 * math.cos(math.radians(a["lat"]))
    return math.hypot(dlat, dlon)


def label_offsets(points: list[dict], within_m: float = LABEL_GROUP_M) -> list[list[int]]:
    """Pixel offsets for labels of nearby places: stacked above, the southernmost one below.

    ``points`` are dicts with ``lat`` and ``lon``; the result is in the same order.
    """
    order = sorted(range(len(points)), key=lambda i: (-points[i]["lat"], points[i]["lon"]))
    offsets: list[list[int]] = [[0, -18] for _ in points]
    groups: list[list[int]] = []
    for i in order:
        for group in groups:
            if any(_distance_m(points[i], points[j]) < within_m for j in group):
                group.append(i)
                break
        else:
            groups.append([i])
    for group in groups:
        *upper, last = group
        if upper and _distance_m(points[last], points[upper[-1]]) > 1:
            offsets[last] = [0, 20]  # south of its neighbours: label below the point
        else:
            upper = group
        for level, i in enumerate(reversed(upper)):
            offsets[i] = [0, -18 - 20 * level]
    return offsets


def _place_records(frame: pd.DataFrame, lang: str, unit: str) -> list[dict]:
    records = []
    for row in frames.records(frame):
        detail_parts = [kind_label(row["kind"], lang)]
        invest = investment_text(row, lang, unit)
        if invest:
            detail_parts.append(invest)
        detail_parts.append(location_note(row, lang))
        records.append(
            {
                "key": row["key"],
                "kind": row["kind"],
                "name": escape(i18n.pick(row, "name", lang)),
                "label": i18n.pick(row, "name", lang),  # drawn as WebGL text, not HTML
                "detail": "<br/>".join(escape(part) for part in detail_parts),
                "location": escape(location_note(row, lang)),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "colour": KIND_COLOURS.get(row["kind"], KIND_COLOURS["other"]),
                "approximate": bool(row["is_approximate"]),
                "accuracy_m": float(row["accuracy_m"]) if row.get("accuracy_m") else None,
                "investment_won": (
                    None if pd.isna(row.get("investment_won")) else float(row["investment_won"])
                ),
            }
        )
    for record, offset in zip(records, label_offsets(records), strict=True):
        record["label_offset"] = offset
    return records


ACCURACY_DASHES = 40  # dashes per uncertainty circle (60 % dash, 40 % gap)


def dashed_circle(lat: float, lon: float, radius_m: float) -> list[list[list[float]]]:
    """The dashes of a dashed circle around a point, each a short [lon, lat] path.

    Drawn as plain paths, the dashes need no dash shader: one shader fewer for the browser to
    build, which is most of what a layer costs without a GPU."""
    ring = circle_path(lat, lon, radius_m, steps=ACCURACY_DASHES * 5)
    return [ring[k : k + 4] for k in range(0, ACCURACY_DASHES * 5, 5)]


ACCURACY_LINE = [82, 96, 109, 200]


def _accuracy_features(records: list[dict]) -> list[dict]:
    """One dashed circle per spot (places sharing coordinates share it), as a GeoJSON feature of
    short lines that names the places it belongs to; clicked, it opens the first of them."""
    spots: dict[tuple, list[dict]] = {}
    for r in records:
        if r["approximate"] and r["accuracy_m"]:
            spots.setdefault((r["lat"], r["lon"], r["accuracy_m"]), []).append(r)
    return [
        {
            "type": "Feature",
            "geometry": {"type": "MultiLineString", "coordinates": dashed_circle(*spot)},
            "properties": {
                "key": at_spot[0]["key"],
                "ring": ring,
                "name": " · ".join(r["name"] for r in at_spot),
                "detail": at_spot[0]["location"],
                "fill": [0, 0, 0, 0],
                "line": ACCURACY_LINE,
                "width": 2,
            },
        }
        for ring, (spot, at_spot) in enumerate(spots.items())
    ]


def site_deck(
    frame: pd.DataFrame,
    boundaries: dict | None,
    *,
    lang: str,
    unit: str,
    tiles: bool = False,
    region_code: str | None = None,
    columns: bool = False,
) -> pdk.Deck:
    """Boundaries of the programme's region, its sites and centres, labels; with ``columns``
    (3D, tilted) the investment columns too.

    Approximate locations are hollow points inside a dashed circle of their accuracy; exact ones
    are filled. Places without coordinates are not drawn (see :func:`unplaced`). Without a GPU
    every shader a deck needs costs the browser 0.3-0.6 s, whatever it draws, so the site view
    uses three: lines (district and site outlines, uncertainty circles), points, and labels.
    """
    placed = frame[frame["lat"].notna() & frame["lon"].notna()] if not frame.empty else frame
    records = _place_records(placed, lang, unit)
    layers: list[pdk.Layer] = []
    region = None
    areas: list[dict] = []
    labels: list[dict] = []
    if boundaries is not None:
        region = boundary_layer_data(boundaries, code_prefix=region_code, lang=lang)
        for feature in region["features"]:
            feature["properties"]["line"] = BOUNDARY_LINE
            feature["properties"]["width"] = 1
            areas.append({**feature, "geometry": outline(feature["geometry"])})
            labels.append(
                {
                    "label": feature["properties"]["name"],
                    "name": feature["properties"]["name"],
                    "position": list(label_point(feature["geometry"])),
                    "size": 14,
                    "colour": [90, 100, 115, 255],
                    "offset": [0, 0],
                }
            )
    areas.extend(
        {
            "type": "Feature",
            # an approximate outline is not filled: drawn as lines, it needs no fill shader
            "geometry": (outline if row["is_approximate"] else dict)(
                json.loads(row["polygon_geojson"])
            ),
            "properties": {
                "key": row["key"],
                "name": escape(i18n.pick(row, "name", lang)),
                "detail": escape(location_note(row, lang)),
                "approximate": bool(row["is_approximate"]),
                "fill": [31, 78, 156, 0] if row["is_approximate"] else [31, 78, 156, 70],
                "line": [31, 78, 156, 255],
                "width": 2,
            },
        }
        for row in (frames.records(placed) if not placed.empty else [])
        if row.get("polygon_geojson")
    )
    # The dashed uncertainty circles are lines of the same layer: the outlines' path shader draws
    # them, so they cost the browser no layer of their own (0.3-0.4 s each without a GPU).
    areas.extend(_accuracy_features(records))
    if areas:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="areas",
                data={"type": "FeatureCollection", "features": areas},
                stroked=True,
                filled=True,
                get_fill_color="properties.fill",
                get_line_color="properties.line",
                get_line_width="properties.width",
                line_width_units='"pixels"',
                pickable=True,
            )
        )
    if columns:
        layers.extend(_investment_columns(records))
    for r in records:
        exact = not r["approximate"]
        # Exact: filled with the kind's colour, thin white rim. Approximate: hollow, i.e. a
        # white centre inside a thick ring of the kind's colour.
        r["fill"] = r["colour"] if exact else [255, 255, 255, 255]
        r["line"] = [255, 255, 255] if exact else r["colour"]
        r["line_px"] = 1 if exact else 3
    if records:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="places",
                data=records,
                get_position=["lon", "lat"],
                get_fill_color="fill",
                get_line_color="line",
                get_line_width="line_px",
                line_width_units='"pixels"',
                get_radius=90,
                radius_min_pixels=8,
                stroked=True,
                filled=True,
                pickable=True,
            )
        )
    labels.extend(
        {
            "label": r["label"],
            "name": r["name"],
            "position": [r["lon"], r["lat"]],
            "size": 15,
            "colour": [31, 41, 51, 255],
            "offset": r["label_offset"],
        }
        for r in records
    )
    if labels:
        layers.append(
            pdk.Layer(
                "TextLayer",
                id="labels",
                data=labels,
                get_position="position",
                get_text="label",
                get_size="size",
                get_color="colour",
                get_pixel_offset="offset",
                character_set='"auto"',
                font_family=FONT_FAMILY,
                font_weight=600,
                parameters=ON_TOP,
                pickable=False,
                **LABEL_HALO,
            )
        )
    view = _site_view(records, region, tilted=columns)
    return _deck(layers, view, _tooltip(), tiles=tiles)


def _investment_columns(records: list[dict]) -> list[pdk.Layer]:
    columns = [dict(r) for r in records if r["investment_won"] is not None]
    for r in columns:
        r["elevation"] = r["investment_won"] / money.UNITS["eok"] * METRES_PER_EOK
    # The cluster's column holds the whole programme: wide and translucent, so that the columns
    # of the sites inside it (e.g. the data centre, at the same spot) stay visible.
    layers = []
    for layer_id, radius, colour, part in (
        (
            "investment-cluster",
            320,
            [31, 78, 156, 60],
            [r for r in columns if r["kind"] == "cluster"],
        ),
        (
            "investment-sites",
            130,
            [224, 123, 36, 220],
            [r for r in columns if r["kind"] != "cluster"],
        ),
    ):
        if part:
            layers.append(
                pdk.Layer(
                    "ColumnLayer",
                    id=layer_id,
                    data=part,
                    get_position=["lon", "lat"],
                    get_elevation="elevation",
                    elevation_scale=1,
                    radius=radius,
                    get_fill_color=colour,
                    extruded=True,
                    pickable=True,
                )
            )
    return layers


def _site_view(records: list[dict], region: dict | None, *, tilted: bool) -> pdk.ViewState:
    if records:
        lats = [r["lat"] for r in records]
        lons = [r["lon"] for r in records]
        span = max(max(lats) - min(lats), max(lons) - min(lons), 0.02)
        zoom = max(8.0, min(14.0, math.log2(360 / span) - 0.6))
        return pdk.ViewState(
            latitude=(max(lats) + min(lats)) / 2,
            longitude=(max(lons) + min(lons)) / 2,
            zoom=round(zoom, 2),
            pitch=40 if tilted else 0,
            bearing=0,
        )
    box = bounds(region) if region and region["features"] else None
    if box:
        span = max(box[2] - box[0], box[3] - box[1], 0.02)
        return pdk.ViewState(
            latitude=(box[1] + box[3]) / 2,
            longitude=(box[0] + box[2]) / 2,
            zoom=round(max(5.0, min(13.0, math.log2(360 / span) - 1.0)), 2),
        )
    return pdk.ViewState(**KOREA_VIEW)


def deck_texts(deck: pdk.Deck) -> list[str]:
    """Every label a deck's TextLayers draw (what a test or a screen reader can check)."""
    texts = []
    for layer in deck.layers:
        if layer.type == "TextLayer":
            texts.extend(str(row["label"]) for row in layer.data)
    return texts

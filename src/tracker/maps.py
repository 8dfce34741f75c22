"""Maps: where the sites, centres and regional programmes are, drawn with pydeck, offline.

Boundaries come from a GeoJSON file whose path is a setting (``TRACKER_BOUNDARIES``; the national
view reads ``TRACKER_REGION_BOUNDARIES``). The decks need no internet: without tiles the deck has
no map provider at all (``map_provider=None`` with pydeck's default style sentinel; note that
``map_style=None`` makes Streamlit fetch a Carto basemap). Tiles are an option for networks with
internet access.

Reads aggregate in SQL; the deck builders are pure (frames in, ``pdk.Deck`` out).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
import pydeck as pdk
from sqlalchemy import Engine, case, func, select

from . import config, i18n, money, queries
from .queries import facts_as_of, none_for_missing, read

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
BOUNDARY_FILL = [236, 239, 243, 180]
BOUNDARY_LINE = [120, 130, 145, 255]
NO_PROGRAMME_FILL = [225, 228, 232, 200]
ENVELOPE_LOW = (219, 233, 246)
ENVELOPE_HIGH = (8, 48, 107)
METRES_PER_EOK = 1.0  # column height: 1 m per 억원 (the cluster's 4,300억원 is 4.3 km tall)
ON_TOP = {"depthCompare": "always"}  # labels stay readable in front of the 3D columns
KOREA_VIEW = {"latitude": 35.9, "longitude": 127.8, "zoom": 6.2}


class BoundaryError(ValueError):
    """The boundary file is missing or is not a GeoJSON FeatureCollection of polygons."""


# --- boundaries --------------------------------------------------------------------------------


def region_boundaries_path(settings: config.Settings | None = None) -> Path:
    return (settings or config.settings()).region_boundaries


@cache
def _load(path: str, mtime: float) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as error:
        raise BoundaryError(f"Boundary file not found: {path}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BoundaryError(f"Boundary file {path} is not valid GeoJSON: {error}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(f"Boundary file {path} is not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"Boundary file {path} holds no features")
    for n, feature in enumerate(features):
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(
                f"Boundary file {path}: feature {n} is a {geometry.get('type')!r}, "
                "expected Polygon or MultiPolygon"
            )
    return data


def load_boundaries(path: Path | str) -> dict:
    """The FeatureCollection in ``path``, checked; raises :class:`BoundaryError` with the reason."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryError(f"Boundary file not found: {path}")
    return _load(str(path), path.stat().st_mtime)


def _feature_name(props: dict, lang: str) -> str:
    if lang == "en" and props.get("name_eng"):
        return str(props["name_eng"])
    return str(props.get("name") or props.get("name_eng") or props.get("code") or "")


def boundary_layer_data(collection: dict, *, code_prefix: str | None, lang: str) -> dict:
    """Features whose KOSTAT ``code`` starts with ``code_prefix``, with tooltip fields."""
    features = []
    for feature in collection["features"]:
        props = feature.get("properties") or {}
        code = str(props.get("code") or "")
        if code_prefix and not code.startswith(code_prefix):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": _rounded(feature["geometry"]),
                "properties": {
                    "key": f"boundary-{code}",
                    "code": code,
                    "name": _feature_name(props, lang),
                    "detail": i18n.t("map.tooltip.boundary", lang, code=code),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict, digits: int = 4) -> dict:
    """Coordinates rounded to about 10 m: the browser gets a third of the bytes, same picture."""

    def walk(node):
        if node and isinstance(node[0], (int, float)):
            return [round(v, digits) for v in node]
        return [walk(child) for child in node]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _ring_area(ring) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False))
        / 2
    )


def label_point(geometry: dict) -> tuple[float, float]:
    """(lon, lat) of the centroid of the largest outer ring: where a region's label goes."""
    ring = max(_rings(geometry), key=_ring_area)
    area2 = cx = cy = 0.0
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False):
        cross = x1 * y2 - x2 * y1
        area2 += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area2) < 1e-12:
        xs, ys = zip(*[(p[0], p[1]) for p in ring], strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * area2), cy / (3 * area2)


def bounds(collection: dict) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the features' outer rings."""
    points = [p for f in collection["features"] for ring in _rings(f["geometry"]) for p in ring]
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


# --- reads -------------------------------------------------------------------------------------


# Which projects' budget counts as a site's investment: the site kind names the project category.
# A ``cluster`` site carries the whole programme's latest total (the programme builds the cluster).
SITE_KIND_CATEGORY = {"data_centre": "data_centre", "building": "building"}


def site_investment(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Planned investment per project category, from the latest plan version that prices it.

    Returns one row per category in ``SITE_KIND_CATEGORY`` that has budget lines, plus a row
    ``cluster`` with the programme's latest plan or reported total.
    """
    bl = facts_as_of("budget_lines", as_of)
    pv = facts_as_of("plan_versions", as_of)
    pr = facts_as_of("projects", as_of)
    per_version = read(
        engine,
        select(
            pr.c.category,
            pv.c.key.label("plan_version_key"),
            pv.c.label_ko,
            pv.c.label_en,
            pv.c.announced_on,
            pv.c.source_key,
            func.sum(bl.c.amount_won).label("investment_won"),
            func.max(case((bl.c.is_estimate, 1), else_=0)).label("is_estimate"),
        )
        .join(pv, pv.c.key == bl.c.plan_version_key)
        .join(pr, pr.c.key == bl.c.project_key)
        .where(
            pr.c.initiative_key == initiative_key,
            pr.c.category.in_(sorted(set(SITE_KIND_CATEGORY.values()))),
            pv.c.announced_on <= as_of,
        )
        .group_by(
            pr.c.category,
            pv.c.key,
            pv.c.label_ko,
            pv.c.label_en,
            pv.c.announced_on,
            pv.c.source_key,
        ),
    )
    rows = []
    if not per_version.empty:
        latest = per_version.sort_values(["announced_on", "plan_version_key"]).groupby(
            "category", sort=True
        )
        for category, part in latest:
            row = part.iloc[-1]
            rows.append(
                {
                    "category": category,
                    "investment_won": int(row["investment_won"]),
                    "is_estimate": bool(row["is_estimate"]),
                    "basis_ko": row["label_ko"],
                    "basis_en": row["label_en"],
                    "source_key": row["source_key"],
                }
            )
    total = queries.latest_plan_total(engine, initiative_key, as_of)
    if total:
        rows.append(
            {
                "category": "cluster",
                "investment_won": int(total["total_won"]),
                "is_estimate": bool(total["is_estimate"]),
                "basis_ko": total["label_ko"],
                "basis_en": total["label_en"],
                "source_key": total["source_key"],
            }
        )
    columns = ["category", "investment_won", "is_estimate", "basis_ko", "basis_en", "source_key"]
    return pd.DataFrame(rows, columns=columns)


def places(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Sites and centres of an initiative in one frame (``layer`` tells which), with investment."""
    si = facts_as_of("sites", as_of)
    ce = facts_as_of("centres", as_of)
    pa = facts_as_of("partners", as_of)
    site_frame = read(
        engine,
        select(
            si.c.key,
            si.c.kind,
            si.c.name_ko,
            si.c.name_en,
            si.c.address_ko,
            si.c.area_m2,
            si.c.lat,
            si.c.lon,
            si.c.polygon_geojson,
            si.c.is_approximate,
            si.c.accuracy_m,
            si.c.source_key,
            si.c.note,
        )
        .where(si.c.initiative_key == initiative_key)
        .order_by(si.c.key),
    ).assign(layer="site", opened_on=None, partner_ko=None, partner_en=None)
    centre_frame = read(
        engine,
        select(
            ce.c.key,
            ce.c.name_ko,
            ce.c.name_en,
            ce.c.lat,
            ce.c.lon,
            ce.c.is_approximate,
            ce.c.opened_on,
            ce.c.source_key,
            ce.c.note,
            pa.c.name_ko.label("partner_ko"),
            pa.c.name_en.label("partner_en"),
        )
        .join(pa, pa.c.key == ce.c.partner_key, isouter=True)
        .where(ce.c.initiative_key == initiative_key)
        .order_by(ce.c.opened_on, ce.c.key),
    ).assign(layer="centre", kind="centre", address_ko=None, area_m2=None)
    centre_frame = centre_frame.assign(polygon_geojson=None, accuracy_m=None)
    frame = pd.concat(
        [f for f in (site_frame, centre_frame) if not f.empty] or [site_frame], ignore_index=True
    )
    invest = site_investment(engine, initiative_key, as_of).set_index("category")
    categories = frame["kind"].map(
        lambda k: "cluster" if k == "cluster" else SITE_KIND_CATEGORY.get(k)
    )
    for column in ("investment_won", "is_estimate", "basis_ko", "basis_en", "source_key"):
        target = "investment_source_key" if column == "source_key" else column
        target = "investment_is_estimate" if column == "is_estimate" else target
        frame[target] = [invest.at[c, column] if c in invest.index else None for c in categories]
    return none_for_missing(frame)


def initiative_region(engine: Engine, initiative_key: str, as_of: dt.date) -> dict | None:
    """The region an initiative belongs to (its KOSTAT code selects the boundaries to draw)."""
    ini = facts_as_of("initiatives", as_of)
    reg = facts_as_of("regions", as_of)
    frame = read(
        engine,
        select(reg.c.key, reg.c.kostat_code, reg.c.name_ko, reg.c.name_en, reg.c.lat, reg.c.lon)
        .join(ini, ini.c.region_key == reg.c.key)
        .where(ini.c.key == initiative_key),
    )
    return None if frame.empty else none_for_missing(frame).iloc[0].to_dict()


def region_envelopes(engine: Engine, as_of: dt.date) -> pd.DataFrame:
    """AI programme envelopes summed per region (province level), with how many programmes."""
    ini = facts_as_of("initiatives", as_of)
    reg = facts_as_of("regions", as_of)
    stmt = (
        select(
            reg.c.key.label("region_key"),
            reg.c.kostat_code,
            reg.c.name_ko,
            reg.c.name_en,
            func.sum(ini.c.envelope_won).label("envelope_won"),
            func.count(ini.c.key).label("initiatives"),
            func.count(ini.c.envelope_won).label("priced"),
            func.max(case((ini.c.is_estimate, 1), else_=0)).label("has_estimate"),
        )
        .join(ini, ini.c.region_key == reg.c.key)
        .group_by(reg.c.key, reg.c.kostat_code, reg.c.name_ko, reg.c.name_en)
        .order_by(func.sum(ini.c.envelope_won).desc(), reg.c.kostat_code)
    )
    frame = read(engine, stmt)
    if not frame.empty:
        frame["has_estimate"] = frame["has_estimate"].fillna(0).astype(bool)
    return frame


# --- labels and details ------------------------------------------------------------------------


def kind_label(kind: str, lang: str) -> str:
    return i18n.label("site_kind", kind, lang)


def location_note(row: dict, lang: str) -> str:
    if row.get("lat") is None or row.get("lon") is None:
        return i18n.t("map.location_unknown", lang)
    if row.get("is_approximate"):
        accuracy = row.get("accuracy_m")
        if accuracy:
            return i18n.t("map.approximate_within", lang, km=f"{accuracy / 1000:g}")
        return i18n.t("map.approximate", lang)
    return i18n.t("map.exact", lang)


def investment_text(row: dict, lang: str, unit: str) -> str | None:
    won = row.get("investment_won")
    if won is None or (isinstance(won, float) and math.isnan(won)):
        return None
    amount = money.format_krw(
        int(won), unit, lang, approximate=bool(row.get("investment_is_estimate"))
    )
    return i18n.t("map.investment", lang, amount=amount, basis=i18n.pick(row, "basis", lang))


def place_details(row: dict, lang: str, unit: str) -> list[tuple[str, str]]:
    """(label, value) pairs describing a site or centre, for the side panel."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    details = [(t("map.detail.kind"), kind_label(row["kind"], lang))]
    if row.get("partner_ko"):
        details.append((t("map.detail.partner"), i18n.pick(row, "partner", lang)))
    if row.get("opened_on"):
        details.append((t("map.detail.opened"), row["opened_on"].isoformat()))
    if row.get("address_ko"):
        details.append((t("map.detail.address"), row["address_ko"]))
    if row.get("area_m2"):
        details.append((t("map.detail.area"), f"{row['area_m2']:,.0f} m²"))
    invest = investment_text(row, lang, unit)
    if invest:
        details.append((t("map.detail.investment"), invest))
    details.append((t("map.detail.location"), location_note(row, lang)))
    if row.get("source_key"):
        details.append((t("map.detail.source"), row["source_key"]))
    return details


def unplaced(frame: pd.DataFrame) -> pd.DataFrame:
    """Places without coordinates: listed beside the map, never guessed onto it."""
    if frame.empty:
        return frame
    return frame[frame["lat"].isna() | frame["lon"].isna()].reset_index(drop=True)


def selected_place(selection, frame: pd.DataFrame) -> dict | None:
    """The place behind a pydeck selection (``event.selection``), looked up by its key."""
    objects = (selection or {}).get("objects") or {}
    for layer_objects in objects.values():
        for obj in layer_objects or []:
            key = (obj or {}).get("key") or ((obj or {}).get("properties") or {}).get("key")
            if key and not frame.empty and key in set(frame["key"]):
                return frame[frame["key"] == key].iloc[0].to_dict()
    return None


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
    for row in frame.to_dict("records"):
        detail_parts = [kind_label(row["kind"], lang)]
        invest = investment_text(row, lang, unit)
        if invest:
            detail_parts.append(invest)
        detail_parts.append(location_note(row, lang))
        records.append(
            {
                "key": row["key"],
                "kind": row["kind"],
                "name": i18n.pick(row, "name", lang),
                "label": i18n.pick(row, "name", lang),
                "detail": "<br/>".join(detail_parts),
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


def site_deck(
    frame: pd.DataFrame,
    boundaries: dict | None,
    *,
    lang: str,
    unit: str,
    tiles: bool = False,
    region_code: str | None = None,
) -> pdk.Deck:
    """Boundaries of the programme's region, its sites and centres, investment columns, labels.

    Approximate locations are hollow points inside a dashed circle of their accuracy; exact ones
    are filled. Places without coordinates are not drawn (see :func:`unplaced`).
    """
    placed = frame[frame["lat"].notna() & frame["lon"].notna()] if not frame.empty else frame
    records = _place_records(placed, lang, unit)
    layers: list[pdk.Layer] = []
    region = None
    if boundaries is not None:
        region = boundary_layer_data(boundaries, code_prefix=region_code, lang=lang)
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="boundaries",
                data=region,
                stroked=True,
                filled=True,
                get_fill_color=BOUNDARY_FILL,
                get_line_color=BOUNDARY_LINE,
                line_width_min_pixels=1,
                pickable=True,
            )
        )
        layers.append(
            pdk.Layer(
                "TextLayer",
                id="boundary-labels",
                data=[
                    {
                        "label": f["properties"]["name"],
                        "position": list(label_point(f["geometry"])),
                    }
                    for f in region["features"]
                ],
                get_position="position",
                get_text="label",
                get_size=14,
                get_color=[90, 100, 115, 255],
                character_set='"auto"',
                font_family=FONT_FAMILY,
                font_weight=600,
                parameters=ON_TOP,
                pickable=False,
            )
        )
    polygons = [
        {
            "type": "Feature",
            "geometry": json.loads(row["polygon_geojson"]),
            "properties": {
                "key": row["key"],
                "name": i18n.pick(row, "name", lang),
                "detail": location_note(row, lang),
                "approximate": bool(row["is_approximate"]),
            },
        }
        for row in (placed.to_dict("records") if not placed.empty else [])
        if row.get("polygon_geojson")
    ]
    if polygons:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="site-polygons",
                data={"type": "FeatureCollection", "features": polygons},
                stroked=True,
                filled=True,
                get_fill_color="properties.approximate ? [31, 78, 156, 0] : [31, 78, 156, 70]",
                get_line_color=[31, 78, 156, 255],
                line_width_min_pixels=2,
                pickable=True,
            )
        )
    rings = [
        {"path": circle_path(r["lat"], r["lon"], r["accuracy_m"]), "colour": r["colour"]}
        for r in records
        if r["approximate"] and r["accuracy_m"]
    ]
    # One ring per spot: places sharing coordinates share the same uncertainty circle.
    rings = list({json.dumps(r["path"][0]): r for r in rings}.values())
    if rings:
        layers.append(
            pdk.Layer(
                "PathLayer",
                id="accuracy-circles",
                data=rings,
                get_path="path",
                get_color=[82, 96, 109, 200],
                width_min_pixels=2,
                get_dash_array=[6, 4],
                dash_justified=True,
                extensions=[{"@@type": "PathStyleExtension", "dash": True}],
                pickable=False,
            )
        )
    columns = [r for r in records if r["investment_won"] is not None]
    for r in columns:
        r["elevation"] = r["investment_won"] / money.UNITS["eok"] * METRES_PER_EOK
    # The cluster's column holds the whole programme: wide and translucent, so that the columns
    # of the sites inside it (e.g. the data centre, at the same spot) stay visible.
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
    exact = [r for r in records if not r["approximate"]]
    approximate = [r for r in records if r["approximate"]]
    if exact:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="places-exact",
                data=exact,
                get_position=["lon", "lat"],
                get_fill_color="colour",
                get_line_color=[255, 255, 255],
                get_radius=90,
                radius_min_pixels=7,
                stroked=True,
                filled=True,
                line_width_min_pixels=1,
                pickable=True,
            )
        )
    if approximate:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="places-approximate",
                data=approximate,
                get_position=["lon", "lat"],
                get_line_color="colour",
                # Hollow: a white centre inside a thick ring (filled=False still fills here).
                get_fill_color=[255, 255, 255, 255],
                get_radius=90,
                radius_min_pixels=8,
                stroked=True,
                filled=True,
                line_width_min_pixels=3,
                pickable=True,
            )
        )
    if records:
        layers.append(
            pdk.Layer(
                "TextLayer",
                id="place-labels",
                data=records,
                get_position=["lon", "lat"],
                get_text="label",
                get_size=15,
                get_color=[31, 41, 51, 255],
                get_pixel_offset="label_offset",
                background=True,
                get_background_color=[255, 255, 255, 215],
                character_set='"auto"',
                font_family=FONT_FAMILY,
                font_weight=600,
                parameters=ON_TOP,
                pickable=False,
            )
        )
    view = _site_view(records, region)
    return _deck(layers, view, _tooltip(), tiles=tiles)


def _site_view(records: list[dict], region: dict | None) -> pdk.ViewState:
    if records:
        lats = [r["lat"] for r in records]
        lons = [r["lon"] for r in records]
        span = max(max(lats) - min(lats), max(lons) - min(lons), 0.02)
        zoom = max(8.0, min(14.0, math.log2(360 / span) - 0.6))
        return pdk.ViewState(
            latitude=(max(lats) + min(lats)) / 2,
            longitude=(max(lons) + min(lons)) / 2,
            zoom=round(zoom, 2),
            pitch=40,
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


def national_deck(
    envelopes: pd.DataFrame,
    provinces: dict,
    *,
    lang: str,
    unit: str,
    tiles: bool = False,
) -> pdk.Deck:
    """Provinces coloured by the sum of their AI programme envelopes, with labels and tooltips."""
    by_code = {str(r["kostat_code"]): r for r in envelopes.to_dict("records")}
    priced = [float(r["envelope_won"]) for r in by_code.values() if r["envelope_won"]]
    low, high = (min(priced), max(priced)) if priced else (1.0, 1.0)
    features, labels = [], []
    for feature in provinces["features"]:
        props = feature.get("properties") or {}
        code = str(props.get("code") or "")
        row = by_code.get(code)
        name = _feature_name(props, lang)
        if row is not None and row["envelope_won"]:
            amount = money.format_krw(
                int(row["envelope_won"]), unit, lang, approximate=bool(row["has_estimate"])
            )
            detail = i18n.t("map.tooltip.envelope", lang, amount=amount, count=row["initiatives"])
        elif row is not None:
            amount = None
            detail = i18n.t("map.tooltip.unpriced", lang, count=row["initiatives"])
        else:
            amount = None
            detail = i18n.t("map.tooltip.no_programme", lang)
        won = float(row["envelope_won"]) if row is not None and row["envelope_won"] else None
        features.append(
            {
                "type": "Feature",
                "geometry": _rounded(feature["geometry"]),
                "properties": {
                    "key": f"region-{code}",
                    "code": code,
                    "name": name,
                    "detail": detail,
                    "colour": envelope_colour(won, low, high),
                },
            }
        )
        if amount:
            lon, lat = label_point(feature["geometry"])
            labels.append({"label": f"{name}\n{amount}", "lon": lon, "lat": lat})
    for label, offset in zip(labels, label_offsets(labels, within_m=60_000), strict=True):
        label["position"] = [label["lon"], label["lat"]]
        label["offset"] = [offset[0], 0 if offset == [0, -18] else offset[1] * 1.6]
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="regions",
            data={"type": "FeatureCollection", "features": features},
            stroked=True,
            filled=True,
            get_fill_color="properties.colour",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1,
            pickable=True,
        ),
        pdk.Layer(
            "TextLayer",
            id="region-labels",
            data=labels,
            get_position="position",
            get_text="label",
            get_size=12,
            get_pixel_offset="offset",
            get_color=[20, 20, 20, 255],
            background=True,
            get_background_color=[255, 255, 255, 200],
            character_set='"auto"',
            font_family=FONT_FAMILY,
            font_weight=600,
            pickable=False,
        ),
    ]
    return _deck(layers, pdk.ViewState(**KOREA_VIEW), _tooltip(), tiles=tiles)


def envelope_table(envelopes: pd.DataFrame, *, lang: str, unit: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("map.column.region", lang): i18n.pick(r, "name", lang),
            i18n.t("map.column.envelope", lang): money.format_krw(
                r["envelope_won"], unit, lang, approximate=bool(r["has_estimate"])
            ),
            i18n.t("map.column.initiatives", lang): int(r["initiatives"]),
        }
        for r in envelopes.to_dict("records")
    ]
    return pd.DataFrame(rows)


def deck_texts(deck: pdk.Deck) -> list[str]:
    """Every label a deck's TextLayers draw (what a test or a screen reader can check)."""
    texts = []
    for layer in deck.layers:
        if layer.type == "TextLayer":
            texts.extend(str(row["label"]) for row in layer.data)
    return texts


def try_boundaries(path: Path | str) -> tuple[dict | None, str | None]:
    """(collection, None), or (None, the reason it could not be read) for the page to show."""
    try:
        return load_boundaries(path), None
    except BoundaryError as error:
        return None, str(error)


def placed(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[frame["lat"].notna() & frame["lon"].notna()].reset_index(drop=True)


def place_name(row: dict, lang: str) -> str:
    return i18n.pick(row, "name", lang)


def unplaced_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("map.detail.kind", lang): kind_label(r["kind"], lang),
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
            i18n.t("map.detail.opened", lang): (
                r["opened_on"].isoformat() if r.get("opened_on") else "—"
            ),
            i18n.t("map.detail.location", lang): i18n.t("map.location_unknown", lang),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)

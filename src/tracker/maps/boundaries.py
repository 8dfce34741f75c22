"""Administrative boundaries from a GeoJSON file: loaded once, simplified for the deck.

The path is a setting (``TRACKER_BOUNDARIES``; the national view reads
``TRACKER_REGION_BOUNDARIES``); both default to the files bundled in ``data/geo/``.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from pathlib import Path

from .. import config, i18n


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
                    "name": escape(_feature_name(props, lang)),  # a tooltip field: HTML
                    "detail": escape(i18n.t("map.tooltip.boundary", lang, code=code)),
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


def outline(geometry: dict) -> dict:
    """A polygon's rings (outer and holes) as lines: drawn by the same shader as every other line
    on the deck, where a filled polygon needs a shader of its own (0.4-0.5 s without a GPU)."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return {
        "type": "MultiLineString",
        "coordinates": [ring for rings in polygons for ring in rings],
    }


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


def try_boundaries(path: Path | str) -> tuple[dict | None, str | None]:
    """(collection, None), or (None, the reason it could not be read) for the page to show."""
    try:
        return load_boundaries(path), None
    except BoundaryError as error:
        return None, str(error)

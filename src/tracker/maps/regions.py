"""Province decks of the national view: each province coloured by a measure (its AI programme
envelopes, or any per-region figure), with its name and value as a label and a tooltip."""

from __future__ import annotations

import math
from html import escape

import pandas as pd
import pydeck as pdk

from .. import i18n, money
from .boundaries import _feature_name, _rounded, label_point
from .decks import FONT_FAMILY, KOREA_VIEW, LABEL_HALO, _deck, _tooltip, label_offsets

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
    regions = {}
    for code, row in by_code.items():
        if row["envelope_won"]:
            amount = money.format_krw(
                int(row["envelope_won"]), unit, lang, approximate=bool(row["has_estimate"])
            )
            detail = i18n.t("map.tooltip.envelope", lang, amount=amount, count=row["initiatives"])
        else:
            amount = None
            detail = i18n.t("map.tooltip.unpriced", lang, count=row["initiatives"])
        won = float(row["envelope_won"]) if row["envelope_won"] else None
        regions[code] = {
            "colour": envelope_colour(won, low, high),
            "detail": detail,
            "label": amount,
        }
    return region_deck(regions, provinces, lang=lang, tiles=tiles)


def measure_colour(value: float | None, low: float, high: float) -> list[int]:
    """Sequential blue on a linear scale from ``low`` (light) to ``high`` (dark)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return list(NO_PROGRAMME_FILL)
    share = 1.0 if high <= low else (value - low) / (high - low)
    share = min(1.0, max(0.0, share))
    rgb = [round(a + (b - a) * share) for a, b in zip(ENVELOPE_LOW, ENVELOPE_HIGH, strict=True)]
    return [*rgb, 230]


def measure_deck(values: pd.DataFrame, provinces: dict, *, lang: str, tiles: bool = False):
    """Provinces coloured by any per-region measure: ``values`` holds ``kostat_code``, ``value``
    and ``text`` (the value as people read it); regions without a value stay grey."""
    known = [float(v) for v in values["value"] if v is not None and not pd.isna(v)]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    regions = {}
    for row in values.to_dict("records"):
        value = None if row["value"] is None or pd.isna(row["value"]) else float(row["value"])
        regions[str(row["kostat_code"])] = {
            "colour": measure_colour(value, low, high),
            "detail": row["text"],
            "label": row["text"] if value is not None else None,
        }
    return region_deck(regions, provinces, lang=lang, tiles=tiles)


def region_deck(regions: dict[str, dict], provinces: dict, *, lang: str, tiles: bool) -> pdk.Deck:
    """Provinces filled with ``regions[code]["colour"]``, a tooltip ``detail`` and, where set, a
    ``label`` under the province name; provinces not in ``regions`` are grey ("no programme")."""
    features, labels = [], []
    for feature in provinces["features"]:
        props = feature.get("properties") or {}
        code = str(props.get("code") or "")
        row = regions.get(code)
        name = _feature_name(props, lang)
        features.append(
            {
                "type": "Feature",
                "geometry": _rounded(feature["geometry"]),
                "properties": {
                    "key": f"region-{code}",
                    "code": code,
                    "name": escape(name),
                    "detail": escape(
                        row["detail"] if row else i18n.t("map.tooltip.no_programme", lang)
                    ),
                    "colour": row["colour"] if row else list(NO_PROGRAMME_FILL),
                },
            }
        )
        if row and row.get("label"):
            lon, lat = label_point(feature["geometry"])
            labels.append({"label": f"{name}\n{row['label']}", "lon": lon, "lat": lat})
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
            character_set='"auto"',
            font_family=FONT_FAMILY,
            font_weight=600,
            pickable=False,
            **LABEL_HALO,
        ),
    ]
    return _deck(layers, pdk.ViewState(**KOREA_VIEW), _tooltip(), tiles=tiles)

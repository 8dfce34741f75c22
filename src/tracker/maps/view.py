"""Place details, labels and tables for the map page, in a language and unit."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from .. import frames, i18n, money
from ..dates import format_date

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
        day = format_date(row["opened_on"], row.get("opened_precision"), lang)
        details.append((t("map.detail.opened"), day))
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
    """The place behind a map selection (``event.selection``), looked up by its key: a pydeck
    selection (its ``objects``, by layer) or a plotly one (its ``points``, the key in
    ``customdata``)."""
    objects = (selection or {}).get("objects") or {}
    keys = [
        (obj or {}).get("key") or ((obj or {}).get("properties") or {}).get("key")
        for layer_objects in objects.values()
        for obj in layer_objects or []
    ]
    for point in (selection or {}).get("points") or []:
        data = (point or {}).get("customdata")
        keys.append(data[0] if isinstance(data, list | tuple) and data else data)
    for key in keys:
        found = place_by_key(frame, key) if isinstance(key, str) else None
        if found is not None:
            return found
    return None


def place_names(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Key -> name of every place, those on the map first, each group in name order (names that
    repeat get their kind in brackets)."""
    if frame.empty:
        return {}
    rows = sorted(
        frames.records(frame),
        key=lambda r: (pd.isna(r["lat"]) or pd.isna(r["lon"]), i18n.pick(r, "name", lang)),
    )
    names = [i18n.pick(r, "name", lang) for r in rows]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    return {
        r["key"]: f"{name} ({kind_label(r['kind'], lang)})" if name in repeated else name
        for r, name in zip(rows, names, strict=True)
    }


def place_by_key(frame: pd.DataFrame, key: str | None) -> dict | None:
    if not key or frame.empty:
        return None
    match = frame[frame["key"] == key]
    return None if match.empty else match.iloc[0].to_dict()


def envelope_table(envelopes: pd.DataFrame, *, lang: str, unit: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("map.column.region", lang): i18n.pick(r, "name", lang),
            i18n.t("map.column.envelope", lang): money.format_krw(
                r["envelope_won"], unit, lang, approximate=bool(r["has_estimate"])
            ),
            i18n.t("map.column.initiatives", lang): int(r["initiatives"]),
        }
        for r in frames.records(envelopes)
    ]
    return pd.DataFrame(rows)


def placed(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    return frame[frame["lat"].notna() & frame["lon"].notna()].reset_index(drop=True)


def place_name(row: dict, lang: str) -> str:
    return i18n.pick(row, "name", lang)


def place_table(frame: pd.DataFrame, *, lang: str, unit: str) -> pd.DataFrame:
    """Every place, drawn or not, as a table: the data behind the site map (and its download)."""

    def t(key: str) -> str:
        return i18n.t(key, lang)

    rows = [
        {
            t("map.detail.kind"): kind_label(r["kind"], lang),
            t("common.column.name"): i18n.pick(r, "name", lang),
            t("map.detail.investment"): investment_text(r, lang, unit) or "",
            t("map.detail.location"): location_note(r, lang),
            t("map.detail.opened"): format_date(
                r.get("opened_on"), r.get("opened_precision"), lang
            ),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows, columns=[t("map.detail.kind"), t("common.column.name"),
                                       t("map.detail.investment"), t("map.detail.location"),
                                       t("map.detail.opened")])  # fmt: skip


def unplaced_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("map.detail.kind", lang): kind_label(r["kind"], lang),
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
            i18n.t("map.detail.opened", lang): (
                format_date(r.get("opened_on"), r.get("opened_precision"), lang)
            ),
            i18n.t("map.detail.location", lang): i18n.t("map.location_unknown", lang),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)

"""Map reads, as of a date: sites and centres with their investment, the initiative's region,
regional envelopes. Aggregated in SQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, select
from sqlalchemy.sql import Select

from ..db import queries
from ..db.queries import facts_as_of, known_by, none_for_missing, read

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
            known_by(pv.c.announced_on, pv.c.announced_precision, as_of),
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
            ce.c.opened_precision,
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
    """The region an initiative belongs to (its KOSTAT code selects the boundaries to draw).

    Always the record's ``region_key``, never a lookup of approximate coordinates in the
    boundaries: the cluster's estimated point (±1.5 km) falls in Jangseong-gun in the simplified
    2013 outlines, though its address is Buk-gu, Gwangju."""
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
    frame = read(engine, _region_envelopes_statement(as_of))
    if not frame.empty:
        frame["has_estimate"] = frame["has_estimate"].fillna(0).astype(bool)
    return frame


@queries.built_once
def _region_envelopes_statement(as_of: dt.date) -> Select:
    ini = facts_as_of("initiatives", as_of)
    reg = facts_as_of("regions", as_of)
    return (
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

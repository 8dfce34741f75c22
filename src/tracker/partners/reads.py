"""Partner reads, as of a date, aggregated in SQL.

Two kinds of evidence exist and are never mixed into one number:

- **recorded**: agreements and centres stored one by one (``agreements``, ``centres``);
- **tallies**: sourced cumulative counts (``agreement_tallies``: "347 MOUs so far", "about 160
  offices"), for the many MOUs that no source lists individually.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, or_, select
from sqlalchemy.sql import Select

from ..db import queries
from ..db.queries import facts_as_of, known_by, none_for_missing, read

# --- reads -----------------------------------------------------------------------------------


def agreements(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Agreements signed on or before ``as_of`` (and undated ones), with their partner."""
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    stmt = (
        select(
            ag.c.key,
            ag.c.partner_key,
            pa.c.name_ko,
            pa.c.name_en,
            pa.c.kind.label("partner_kind"),
            pa.c.sector,
            ag.c.kind,
            ag.c.signed_on,
            ag.c.signed_precision,
            ag.c.seq_no,
            ag.c.batch_label,
            ag.c.pledged_investment_won,
            ag.c.pledged_jobs,
            ag.c.source_key,
            ag.c.is_estimate,
            ag.c.note,
        )
        .join(pa, pa.c.key == ag.c.partner_key, isouter=True)
        .where(
            ag.c.initiative_key == initiative_key,
            or_(ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of)),
        )
        .order_by(ag.c.signed_on.is_(None), ag.c.signed_on, ag.c.key)
    )
    return none_for_missing(read(engine, stmt))


def centres(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Centres and offices known on ``as_of`` (opened or announced), with their partner."""
    ce = facts_as_of("centres", as_of)
    pa = facts_as_of("partners", as_of)
    stmt = (
        select(
            ce.c.key,
            ce.c.partner_key,
            ce.c.name_ko,
            ce.c.name_en,
            pa.c.name_ko.label("partner_ko"),
            pa.c.name_en.label("partner_en"),
            ce.c.opened_on,
            ce.c.opened_precision,
            ce.c.site_key,
            ce.c.lat,
            ce.c.lon,
            ce.c.is_approximate,
            ce.c.headcount,
            ce.c.source_key,
            ce.c.note,
        )
        .join(pa, pa.c.key == ce.c.partner_key, isouter=True)
        .where(ce.c.initiative_key == initiative_key)
        .order_by(ce.c.opened_on, ce.c.key)
    )
    return none_for_missing(read(engine, stmt))


def tallies(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Sourced cumulative counts and numbered batches counted on or before ``as_of``."""
    ta = facts_as_of("agreement_tallies", as_of)
    stmt = (
        select(
            ta.c.key,
            ta.c.counted_on,
            ta.c.counted_precision,
            ta.c.cumulative_agreements,
            ta.c.batch_size,
            ta.c.seq_from,
            ta.c.seq_to,
            ta.c.offices_cumulative,
            ta.c.is_estimate,
            ta.c.source_key,
            ta.c.note,
        )
        .where(
            ta.c.initiative_key == initiative_key,
            known_by(ta.c.counted_on, ta.c.counted_precision, as_of),
        )
        .order_by(ta.c.counted_on, ta.c.key)
    )
    return none_for_missing(read(engine, stmt))


def partner_summary(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """One row per partner with an agreement: first MOU, agreements, pledges, first centre opened."""
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    ce = facts_as_of("centres", as_of)
    signed = or_(ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of))
    per_partner = (
        select(
            ag.c.partner_key,
            func.min(ag.c.signed_on).label("first_signed_on"),
            # "day" < "month" < "year" as text: the coarsest precision among the MOUs
            func.max(ag.c.signed_precision).label("first_signed_precision"),
            func.count().label("agreements"),
            func.sum(case((ag.c.kind == "mou", 1), else_=0)).label("mous"),
            func.sum(case((ag.c.signed_on.is_(None), 1), else_=0)).label("undated"),
            func.sum(ag.c.pledged_investment_won).label("pledged_investment_won"),
            func.sum(ag.c.pledged_jobs).label("pledged_jobs"),
        )
        .where(ag.c.initiative_key == initiative_key, ag.c.partner_key.is_not(None), signed)
        .group_by(ag.c.partner_key)
        .subquery("per_partner")
    )
    opened = (
        select(
            ce.c.partner_key,
            func.min(ce.c.opened_on).label("centre_opened_on"),
            func.count().label("centres"),
            func.sum(ce.c.headcount).label("headcount"),
        )
        .where(
            ce.c.initiative_key == initiative_key,
            ce.c.opened_on.is_not(None),
            known_by(ce.c.opened_on, ce.c.opened_precision, as_of),
        )
        .group_by(ce.c.partner_key)
        .subquery("opened")
    )
    stmt = (
        select(
            per_partner.c.partner_key,
            pa.c.name_ko,
            pa.c.name_en,
            pa.c.kind,
            pa.c.sector,
            per_partner.c.first_signed_on,
            per_partner.c.first_signed_precision,
            per_partner.c.agreements,
            per_partner.c.mous,
            per_partner.c.undated,
            per_partner.c.pledged_investment_won,
            per_partner.c.pledged_jobs,
            opened.c.centre_opened_on,
            func.coalesce(opened.c.centres, 0).label("centres"),
            opened.c.headcount,
        )
        .join(pa, pa.c.key == per_partner.c.partner_key, isouter=True)
        .join(opened, opened.c.partner_key == per_partner.c.partner_key, isouter=True)
        .order_by(per_partner.c.first_signed_on.is_(None), per_partner.c.first_signed_on, pa.c.key)
    )
    return none_for_missing(read(engine, stmt))


def breakdown(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Partners with an agreement, counted by partner kind and sector."""
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    with_agreement = (
        select(ag.c.partner_key)
        .where(
            ag.c.initiative_key == initiative_key,
            or_(ag.c.signed_on.is_(None), known_by(ag.c.signed_on, ag.c.signed_precision, as_of)),
        )
        .distinct()
        .subquery("with_agreement")
    )
    stmt = (
        select(pa.c.kind, pa.c.sector, func.count().label("partners"))
        .join(with_agreement, with_agreement.c.partner_key == pa.c.key)
        .group_by(pa.c.kind, pa.c.sector)
        .order_by(func.count().desc(), pa.c.kind, pa.c.sector)
    )
    return none_for_missing(read(engine, stmt))


def mou_counts_by_date(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Recorded MOUs per signing date (undated MOUs cannot be placed in time and are left out)."""
    return read(engine, _mou_counts_by_date_statement(initiative_key, as_of))


@queries.built_once
def _mou_counts_by_date_statement(initiative_key: str, as_of: dt.date) -> Select:
    ag = facts_as_of("agreements", as_of)
    return (
        select(ag.c.signed_on, func.count().label("signed"))
        .where(
            ag.c.initiative_key == initiative_key,
            ag.c.kind == "mou",
            ag.c.signed_on.is_not(None),
            known_by(ag.c.signed_on, ag.c.signed_precision, as_of),
        )
        .group_by(ag.c.signed_on)
        .order_by(ag.c.signed_on)
    )

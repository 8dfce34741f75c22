"""Partners: who signed an agreement, who opened a centre, who is stalled.

Two kinds of evidence exist and are never mixed into one number:

- **recorded**: agreements and centres stored one by one (``agreements``, ``centres``);
- **tallies**: sourced cumulative counts (``agreement_tallies``: "347 MOUs so far", "about 160
  offices"), for the many MOUs that no source lists individually.

The reads aggregate in SQL; the metrics below them are pure functions of those frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, case, func, or_, select

from . import i18n, money
from .queries import facts_as_of, none_for_missing, read

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
            or_(ag.c.signed_on.is_(None), ag.c.signed_on <= as_of),
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
            ta.c.cumulative_agreements,
            ta.c.batch_size,
            ta.c.seq_from,
            ta.c.seq_to,
            ta.c.offices_cumulative,
            ta.c.is_estimate,
            ta.c.source_key,
            ta.c.note,
        )
        .where(ta.c.initiative_key == initiative_key, ta.c.counted_on <= as_of)
        .order_by(ta.c.counted_on, ta.c.key)
    )
    return none_for_missing(read(engine, stmt))


def partner_summary(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """One row per partner with an agreement: first MOU, agreements, pledges, first centre opened."""
    ag = facts_as_of("agreements", as_of)
    pa = facts_as_of("partners", as_of)
    ce = facts_as_of("centres", as_of)
    signed = or_(ag.c.signed_on.is_(None), ag.c.signed_on <= as_of)
    per_partner = (
        select(
            ag.c.partner_key,
            func.min(ag.c.signed_on).label("first_signed_on"),
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
            ce.c.opened_on <= as_of,
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
            or_(ag.c.signed_on.is_(None), ag.c.signed_on <= as_of),
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
    ag = facts_as_of("agreements", as_of)
    stmt = (
        select(ag.c.signed_on, func.count().label("signed"))
        .where(
            ag.c.initiative_key == initiative_key,
            ag.c.kind == "mou",
            ag.c.signed_on.is_not(None),
            ag.c.signed_on <= as_of,
        )
        .group_by(ag.c.signed_on)
        .order_by(ag.c.signed_on)
    )
    return read(engine, stmt)


# --- metrics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    key: str  # "signed" | "opened" | "operating"
    count: int | None  # None: not known from any source
    rate: float | None  # share of the previous stage


@dataclass(frozen=True)
class Funnel:
    """MOU → office or centre opened → operating, from one kind of evidence."""

    evidence: str  # "tally" | "recorded"
    stages: tuple[Stage, ...]
    counted_on: dt.date | None = None
    is_estimate: bool = False
    is_lower_bound: bool = False  # the MOU count comes from an MOU number, not a total
    source_keys: tuple[str, ...] = ()

    def stage(self, key: str) -> Stage:
        return next(s for s in self.stages if s.key == key)

    @property
    def conversion(self) -> float | None:
        """Share of signed agreements that reached an opened office or centre."""
        return self.stage("opened").rate


def _stages(signed: int | None, opened: int | None, operating: int | None) -> tuple[Stage, ...]:
    def rate(part, whole):
        return part / whole if part is not None and whole else None

    return (
        Stage("signed", signed, None),
        Stage("opened", opened, rate(opened, signed)),
        Stage("operating", operating, rate(operating, opened)),
    )


def recorded_funnel(summary: pd.DataFrame, as_of: dt.date) -> Funnel:
    """Partners recorded one by one: with an agreement → with a centre opened → operating.

    Operating means a centre opened with a reported headcount; when no opened centre has a
    headcount on record the stage is unknown (None), not zero.
    """
    if summary.empty:
        return Funnel("recorded", _stages(0, 0, None))
    signed = len(summary)
    has_centre = summary["centre_opened_on"].map(lambda d: d is not None and d <= as_of)
    opened = int(has_centre.sum())
    headcounts = pd.to_numeric(summary.loc[has_centre, "headcount"], errors="coerce")
    operating = int((headcounts > 0).sum()) if headcounts.notna().any() else None
    return Funnel("recorded", _stages(signed, opened, operating))


def tally_funnel(tally_frame: pd.DataFrame) -> Funnel | None:
    """The latest sourced count of offices, against the MOU count reported with it.

    When that report gives no MOU total but the number of the latest MOU (e.g. "MOUs no.
    204–213"), that number is used as a lower bound.
    """
    if tally_frame.empty:
        return None
    with_offices = tally_frame[tally_frame["offices_cumulative"].notna()]
    if with_offices.empty:
        return None
    row = with_offices.sort_values("counted_on").iloc[-1]
    signed, lower_bound = None, False
    if pd.notna(row["cumulative_agreements"]):
        signed = int(row["cumulative_agreements"])
    elif pd.notna(row["seq_to"]):
        signed, lower_bound = int(row["seq_to"]), True
    return Funnel(
        "tally",
        _stages(signed, int(row["offices_cumulative"]), None),
        counted_on=row["counted_on"],
        is_estimate=bool(row["is_estimate"]),
        is_lower_bound=lower_bound,
        source_keys=(row["source_key"],) if row["source_key"] else (),
    )


def stage_durations(summary: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Days spent in each stage by recorded partners.

    ``signed_to_opened``: from first agreement to the centre opening (finished stays);
    ``waiting``: days so far at the agreement stage for partners with no centre (still open);
    ``operating``: days since the centre opened. Partners without a signing date are counted
    in ``undated`` and left out of the day counts.
    """
    columns = ["stage", "partners", "median_days", "min_days", "max_days", "undated"]
    if summary.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    signed = summary["first_signed_on"]
    opened = summary["centre_opened_on"].map(lambda d: d if d is not None and d <= as_of else None)
    spans = {
        "signed_to_opened": [
            (o - s).days for s, o in zip(signed, opened, strict=True) if s and o and o >= s
        ],
        "waiting": [(as_of - s).days for s, o in zip(signed, opened, strict=True) if s and not o],
        "operating": [(as_of - o).days for o in opened if o],
    }
    undated = {
        "signed_to_opened": sum(1 for s, o in zip(signed, opened, strict=True) if o and not s),
        "waiting": sum(1 for s, o in zip(signed, opened, strict=True) if not s and not o),
        "operating": 0,
    }
    for stage, days in spans.items():
        series = pd.Series(days, dtype="float")
        rows.append(
            {
                "stage": stage,
                "partners": len(days),
                "median_days": float(series.median()) if days else None,
                "min_days": int(series.min()) if days else None,
                "max_days": int(series.max()) if days else None,
                "undated": undated[stage],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def stalled(summary: pd.DataFrame, as_of: dt.date, months: int) -> pd.DataFrame:
    """Partners whose first MOU is at least ``months`` old with no office or centre recorded."""
    columns = [*summary.columns, "months_waiting"]
    if summary.empty:
        return pd.DataFrame(columns=columns)
    cutoff = months_before(as_of, months)
    mask = summary.apply(
        lambda r: (
            r["mous"] > 0
            and r["first_signed_on"] is not None
            and r["first_signed_on"] <= cutoff
            and (r["centre_opened_on"] is None or r["centre_opened_on"] > as_of)
        ),
        axis=1,
    ).astype(bool)
    out = summary[mask].copy()
    out["months_waiting"] = [
        (as_of.year - d.year) * 12 + as_of.month - d.month - (as_of.day < d.day)
        for d in out["first_signed_on"]
    ]
    return out.sort_values("first_signed_on").reset_index(drop=True)[columns]


def undated_mous(summary: pd.DataFrame) -> int:
    """Partners with an MOU but no signing date: their age, and so their stall, is unknown."""
    if summary.empty:
        return 0
    return int(((summary["mous"] > 0) & summary["first_signed_on"].isna()).sum())


def cumulative_series(counts: pd.DataFrame, tally_frame: pd.DataFrame) -> pd.DataFrame:
    """Long frame (date, value, series, is_estimate, source_key) for the cumulative MOU chart.

    ``recorded``: running total of MOUs recorded one by one; ``tally``: sourced cumulative
    totals; ``numbering``: the highest MOU number of a sourced batch (at least that many MOUs had
    been signed); ``offices``: sourced cumulative offices opened.
    """
    rows: list[dict] = []
    running = 0
    for row in counts.itertuples():
        running += int(row.signed)
        rows.append(
            {"date": row.signed_on, "value": running, "series": "recorded", "is_estimate": False}
        )
    for row in tally_frame.to_dict("records"):
        base = {"date": row["counted_on"], "is_estimate": bool(row["is_estimate"])}
        base["source_key"] = row["source_key"]
        if pd.notna(row["cumulative_agreements"]):
            rows.append({**base, "value": int(row["cumulative_agreements"]), "series": "tally"})
        elif pd.notna(row["seq_to"]):
            rows.append({**base, "value": int(row["seq_to"]), "series": "numbering"})
        if pd.notna(row["offices_cumulative"]):
            rows.append({**base, "value": int(row["offices_cumulative"]), "series": "offices"})
    frame = pd.DataFrame(
        rows, columns=["date", "value", "series", "is_estimate", "source_key"]
    ).astype({"value": "int64"})
    return frame.sort_values(["series", "date"], kind="stable").reset_index(drop=True)


# --- tables for people -------------------------------------------------------------------------


def _day(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "—"


def partner_table(
    agreement_frame: pd.DataFrame,
    centre_frame: pd.DataFrame,
    source_frame: pd.DataFrame,
    *,
    lang: str,
    unit: str,
    as_of: dt.date,
) -> pd.DataFrame:
    """One row per partner: kind, sector, its agreements, its centre and where that is from."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    outlets = dict(zip(source_frame.get("key", []), source_frame.get("outlet", []), strict=True))
    by_partner: dict[str, dict] = {}
    for r in agreement_frame.to_dict("records"):
        entry = by_partner.setdefault(
            r["partner_key"],
            {"record": r, "agreements": [], "centres": [], "sources": []},
        )
        text = f"{i18n.label('agreement_kind', r['kind'], lang)} {_day(r['signed_on'])}"
        if r["seq_no"] is not None and pd.notna(r["seq_no"]):
            text += " " + t("partners.table.seq", number=int(r["seq_no"]))
        elif r["batch_label"]:
            text += " " + t("partners.table.batch", label=r["batch_label"])
        if r["pledged_investment_won"] is not None and pd.notna(r["pledged_investment_won"]):
            text += f" ({money.format_krw(int(r['pledged_investment_won']), unit, lang)})"
        entry["agreements"].append(text)
        entry["sources"].append(r["source_key"])
    for r in centre_frame.to_dict("records"):
        if r["partner_key"] not in by_partner:
            continue
        entry = by_partner[r["partner_key"]]
        opened = r["opened_on"]
        state = (
            t("partners.table.opened", date=_day(opened))
            if opened is not None and opened <= as_of
            else t("partners.table.not_open")
        )
        where = t("partners.location_unknown") if r["lat"] is None or pd.isna(r["lat"]) else ""
        name = i18n.pick(r, "name", lang)
        entry["centres"].append(" · ".join(p for p in (name, state, where) if p))
        entry["sources"].append(r["source_key"])
    rows = []
    for entry in by_partner.values():
        r = entry["record"]
        name = i18n.pick(r, "name", lang)
        sources = [outlets.get(k, k) for k in dict.fromkeys(entry["sources"]) if k]
        rows.append(
            {
                t("partners.table.partner"): name,
                t("partners.table.kind"): i18n.label("partner_kind", r["partner_kind"], lang),
                t("partners.table.sector"): r["sector"] or "—",
                t("partners.table.agreements"): "; ".join(entry["agreements"]),
                t("partners.table.centre"): "; ".join(entry["centres"]) or "—",
                t("partners.table.sources"): ", ".join(sources) or "—",
            }
        )
    return pd.DataFrame(rows)


def search(frame: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """Rows whose any cell contains ``text`` (case-insensitive); all rows for an empty query."""
    query = (text or "").strip().casefold()
    if not query or frame.empty:
        return frame
    mask = frame.astype(str).apply(lambda col: col.str.casefold().str.contains(query, regex=False))
    return frame[mask.any(axis=1)].reset_index(drop=True)


def stalled_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    rows = [
        {
            i18n.t("partners.table.partner", lang): i18n.pick(r, "name", lang),
            i18n.t("partners.table.kind", lang): i18n.label("partner_kind", r["kind"], lang),
            i18n.t("partners.stalled.first_mou", lang): _day(r["first_signed_on"]),
            i18n.t("partners.stalled.months", lang): int(r["months_waiting"]),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def duration_table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    def days(value) -> str:
        if value is None or pd.isna(value):
            return "—"
        text = f"{value:,.1f}".removesuffix(".0")  # a median of two can end in .5
        return i18n.t("partners.days", lang, days=text)

    rows = [
        {
            i18n.t("partners.durations.stage", lang): i18n.t(
                f"partners.durations.{r['stage']}", lang
            ),
            i18n.t("partners.durations.partners", lang): int(r["partners"]),
            i18n.t("partners.durations.median", lang): days(r["median_days"]),
            i18n.t("partners.durations.range", lang): (
                f"{days(r['min_days'])} – {days(r['max_days'])}" if r["partners"] else "—"
            ),
            i18n.t("partners.durations.undated", lang): int(r["undated"]),
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows)


def count_text(
    stage: Stage | None, funnel: Funnel | None, lang: str, *, first: bool = False
) -> str:
    """A stage's count as people read it: "약 160", "213 이상", "자료 없음"."""
    if stage is None or funnel is None:
        return "—"
    if stage.count is None:
        return i18n.t("partners.funnel.unknown", lang)
    text = f"{stage.count:,}"
    if first and funnel.is_lower_bound:
        return i18n.t("partners.at_least", lang, value=text)
    if funnel.is_estimate:
        return i18n.t("partners.about", lang, value=text)
    return text


def kpi_cards(tally: Funnel | None, recorded: Funnel, lang: str) -> list:
    """Headline cards: the sourced tally (MOUs, offices, conversion) and the recorded pipeline."""
    from .overview import Card

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    if tally is not None:
        tally_help = t("partners.kpi.tally_help", date=tally.counted_on.isoformat())
        signed = count_text(tally.stages[0], tally, lang, first=True)
        opened = count_text(tally.stage("opened"), tally, lang)
        rate = money.format_percent(tally.conversion, lang)
    else:
        tally_help = t("partners.kpi.no_tally")
        signed = opened = rate = "—"
    cards = [
        Card(t("partners.kpi.mous"), signed, help=tally_help),
        Card(t("partners.kpi.offices"), opened, help=tally_help),
        Card(t("partners.kpi.conversion"), rate, help=tally_help),
        Card(
            t("partners.kpi.recorded"),
            t(
                "partners.kpi.recorded_value",
                partners=recorded.stages[0].count,
                centres=recorded.stage("opened").count,
            ),
            help=t("partners.kpi.recorded_help"),
        ),
    ]
    return cards

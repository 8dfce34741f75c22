"""The partners page's tables, cards and texts in a language."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import frames, i18n, money
from ..dates import format_date
from ..overview.view import Card
from .metrics import Funnel, Stage

# --- tables for people -------------------------------------------------------------------------


def _day(value, precision=None, lang: str = "ko") -> str:
    return format_date(value, precision, lang)


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
    for r in frames.records(agreement_frame):
        entry = by_partner.setdefault(
            r["partner_key"],
            {"record": r, "agreements": [], "centres": [], "sources": []},
        )
        text = f"{i18n.label('agreement_kind', r['kind'], lang)} {_day(r['signed_on'], r.get('signed_precision'), lang)}"
        if r["seq_no"] is not None and pd.notna(r["seq_no"]):
            text += " " + t("partners.table.seq", number=int(r["seq_no"]))
        elif r["batch_label"]:
            text += " " + t("partners.table.batch", label=r["batch_label"])
        if r["pledged_investment_won"] is not None and pd.notna(r["pledged_investment_won"]):
            text += f" ({money.format_krw(int(r['pledged_investment_won']), unit, lang)})"
        entry["agreements"].append(text)
        entry["sources"].append(r["source_key"])
    for r in frames.records(centre_frame):
        if r["partner_key"] not in by_partner:
            continue
        entry = by_partner[r["partner_key"]]
        opened = r["opened_on"]
        state = (
            t("partners.table.opened", date=_day(opened, r.get("opened_precision"), lang))
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
                t("partners.table.sector"): i18n.label("sector", r["sector"], lang)
                if r["sector"]
                else "—",
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
            i18n.t("partners.stalled.first_mou", lang): _day(
                r["first_signed_on"], r.get("first_signed_precision"), lang
            ),
            i18n.t("partners.stalled.months", lang): int(r["months_waiting"]),
        }
        for r in frames.records(frame)
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
        for r in frames.records(frame)
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

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    if tally is not None:
        tally_help = t(
            "partners.kpi.tally_help", date=_day(tally.counted_on, tally.counted_precision, lang)
        )
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

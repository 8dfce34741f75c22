"""The Overview's cards and tables in a language and unit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import frames, i18n, money
from ..dates import format_date
from .reads import OverviewKpis


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


def kpi_cards(kpis: OverviewKpis, lang: str, unit: str) -> list[Card]:
    """The KPI cards as people read them; the page and the briefing pack both draw these."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    cards = [
        Card(
            t("overview.kpi.baseline"),
            money.format_krw(kpis.baseline_envelope_won, unit, lang),
            help=t("overview.kpi.baseline_help"),
        )
    ]
    latest = kpis.latest_total
    if latest:
        delta = None
        if kpis.baseline_envelope_won is not None:
            change = int(latest["total_won"]) - kpis.baseline_envelope_won
            delta = (
                (("+" if change > 0 else "") + money.format_krw(change, unit, lang))
                if change
                else None
            )
        cards.append(
            Card(
                t("overview.kpi.latest_total"),
                money.format_krw(
                    latest["total_won"], unit, lang, approximate=bool(latest["is_estimate"])
                ),
                delta,
                t(
                    "overview.kpi.latest_total_help",
                    label=i18n.pick(latest, "label", lang),
                    date=format_date(
                        latest["announced_on"], latest.get("announced_precision"), lang
                    ),
                ),
            )
        )
    if kpis.executed_won is None:
        cards.append(
            Card(
                t("overview.kpi.executed"),
                t("common.not_recorded"),
                help=t("overview.kpi.executed_missing"),
            )
        )
    else:
        cards.append(
            Card(
                t("overview.kpi.executed"),
                money.format_krw(kpis.executed_won, unit, lang),
                money.format_percent(kpis.execution_rate, lang),
                t("overview.kpi.executed_help"),
            )
        )
    m = kpis.milestones
    cards.append(
        Card(
            t("overview.kpi.milestones"),
            t("overview.kpi.milestones_value", done=m["done"], total=m["total"]),
            t(
                "overview.kpi.milestones_delta",
                late=m["late"],
                not_recorded=m["not_recorded"],
                upcoming=m["upcoming"],
            ),
            t("overview.kpi.milestones_help", days=90),
        )
    )
    for tally, name in ((kpis.mous, "mous"), (kpis.centres, "centres")):
        value = f"{tally.value:,}" if tally.value is not None else "—"
        if tally.is_estimate:
            value = t("overview.kpi.about", value=value)
        if tally.from_tally:
            help_text = t(
                "overview.kpi.tally_help",
                date=format_date(tally.counted_on, tally.counted_precision, lang),
                recorded=tally.recorded,
            )
        else:
            help_text = t("overview.kpi.recorded_help")
        cards.append(Card(t(f"overview.kpi.{name}"), value, help=help_text))
    return cards


def milestone_table(frame, lang: str):
    """Milestones for display: name, project, due date, state (localised column names)."""
    rows = [
        {
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
            i18n.t("common.column.project", lang): i18n.pick(r, "project", lang) or "—",
            i18n.t("common.column.due", lang): format_date(
                r["due_date"],
                r.get("forecast_precision") if r["forecast_date"] else r["baseline_precision"],
                lang,
            ),
            i18n.t("common.column.state", lang): i18n.label("milestone_state", r["state"], lang),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)


def event_table(frame, lang: str):
    rows = [
        {
            i18n.t("common.column.date", lang): format_date(
                r["event_date"], r.get("event_precision"), lang
            ),
            i18n.t("common.column.kind", lang): i18n.label("event_kind", r["kind"], lang),
            i18n.t("common.column.name", lang): i18n.pick(r, "name", lang),
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)


def source_table(frame, lang: str):
    rows = [
        {
            i18n.t("common.column.outlet", lang): r["outlet"],
            i18n.t("common.column.date", lang): format_date(
                r["published_on"], r.get("published_precision"), lang
            ),
            i18n.t("common.column.title", lang): r["title"] or "",
            i18n.t("common.column.confidence", lang): r["confidence"] or "",
            i18n.t("common.column.url", lang): r["url"] or "",
        }
        for r in frames.records(frame)
    ]
    return pd.DataFrame(rows)


def period_text(start, end, precision: str | None, lang: str) -> str:
    """``2021~2024년`` / ``2021–2024``; ``2024년`` / ``2024`` for a period within one year."""
    first, last = format_date(start, precision, lang), format_date(end, precision, lang)
    if first == last:
        return first
    if precision == "year" and lang == "ko":
        return f"{first.removesuffix('년')}~{last}"
    return f"{first}{'~' if lang == 'ko' else '–'}{last}"


def indicator_cards(frame, lang: str) -> list[Card]:
    """One card per figure: metric, breakdown (e.g. the GPU model) and period in the label."""

    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    groups: dict[tuple, list[dict]] = {}
    for r in frames.records(frame):
        key = (r["metric"], r["breakdown"], r["period_start"], r["period_end"])
        groups.setdefault(key, []).append(r)
    cards = []
    for (metric, breakdown, start, end), rows in groups.items():
        period = period_text(start, end, rows[0]["period_precision"], lang)
        parts = []
        for r in rows:
            value = t(f"overview.indicator.value.{metric}", value=f"{int(r['value']):,}")
            if bool(r["is_estimate"]):
                value = t("overview.kpi.about", value=value)
            parts.append(value)
        outlets = ", ".join(dict.fromkeys(r["outlet"] or r["source_key"] or "—" for r in rows))
        grades = ", ".join(dict.fromkeys(r["confidence"] or "—" for r in rows))
        cards.append(
            Card(
                t(
                    "overview.indicator.label",
                    metric=i18n.label("indicator_metric", metric, lang)
                    + (f" · {breakdown}" if breakdown else ""),
                    period=period,
                ),
                " · ".join(parts),
                help=t("overview.indicator.help", outlet=outlets, confidence=grades),
            )
        )
    return cards
